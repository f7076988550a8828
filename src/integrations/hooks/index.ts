/**
 * The hook adapters, one per agent. The registry is checked against the files that exist (index.test.ts):
 * an adapter file that is not registered here fails the build. Adapters load lazily, so a hook process only
 * evaluates the one it runs.
 */
import { AGENTS, type AgentName, type HookAdapter } from './adapter.js';

export { AGENTS, type AgentName, type HookAdapter } from './adapter.js';

interface Entry {
  /** The agent's product name. */
  title: string;
  /** The hook event(s) Portcullis answers, and where the agent reads its hook configuration. */
  hook: string;
  load: () => Promise<HookAdapter>;
}

const REGISTRY = {
  'claude-code': {
    title: 'Claude Code',
    hook: 'PreToolUse in ~/.claude/settings.json or /etc/claude-code/managed-settings.json (onFailure: "block")',
    load: async () => (await import('./claude-code.js')).claudeCodeAdapter,
  },
  codex: {
    title: 'OpenAI Codex CLI',
    hook: 'PreToolUse in ~/.codex/hooks.json (trust it in /hooks)',
    load: async () => (await import('./codex.js')).codexAdapter,
  },
  gemini: {
    title: 'Gemini CLI',
    hook: 'BeforeTool in ~/.gemini/settings.json or /etc/gemini-cli/settings.json',
    load: async () => (await import('./gemini.js')).geminiAdapter,
  },
  cursor: {
    title: 'Cursor',
    hook: 'beforeShellExecution, beforeMCPExecution, preToolUse in ~/.cursor/hooks.json (failClosed: true)',
    load: async () => (await import('./cursor.js')).cursorAdapter,
  },
  copilot: {
    title: 'GitHub Copilot CLI',
    hook: 'preToolUse in ~/.copilot/hooks/*.json or /etc/github-copilot/policy.d/*.json',
    load: async () => (await import('./copilot.js')).copilotAdapter,
  },
  kiro: {
    title: 'Kiro CLI',
    hook: 'preToolUse in the agent config (~/.kiro/agents/*.json)',
    load: async () => (await import('./kiro.js')).kiroAdapter,
  },
  opencode: {
    title: 'OpenCode',
    hook: 'plugin tool.execute.before (a shim in ~/.config/opencode/plugins/); this command is its test mode',
    load: async () => (await import('./opencode.js')).openCodeAdapter,
  },
} as const satisfies Record<AgentName, Entry>;

/** Every agent with a hook adapter, in registry order. */
export const AGENT_NAMES: readonly AgentName[] = AGENTS.filter((a) => a in REGISTRY);

export function isAgentName(name: string): name is AgentName {
  return Object.hasOwn(REGISTRY, name);
}

/** Product name and hook location of an agent, for help texts and `doctor`. */
export function agentInfo(name: AgentName): { title: string; hook: string } {
  const { title, hook } = REGISTRY[name];
  return { title, hook };
}

/** The adapter for `name`, or undefined when no agent has that name. */
export async function adapterFor(name: string): Promise<HookAdapter | undefined> {
  if (!isAgentName(name)) return undefined;
  return REGISTRY[name].load();
}
