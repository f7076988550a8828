/**
 * Agent CLIs run from an agent's shell: `claude`, `codex`, `gemini`, `cursor-agent`, `copilot`, `kiro-cli`,
 * `opencode`. Starting a nested session is ordinary (its own hooks gate it). Starting one with approvals, the
 * sandbox or hooks switched off, or changing the agent's MCP servers, plugins, extensions or settings through
 * its CLI, is the same as editing its configuration file: the agent routing around the gate.
 */
import { parseArgs, value, values, type ParsedArgs } from '../args.js';
import type { ToolContext } from '../model.js';
import type { Action } from '../types.js';

interface AgentCli {
  label: string;
  /** Options that take a value (so prompts and values are not read as sub-commands). */
  values: readonly string[];
  /** Why these options switch off approvals, the sandbox or hooks; undefined when they do not. */
  bypass: (p: ParsedArgs) => string | undefined;
  /** Sub-command groups that change configuration, with their read-only sub-sub-commands. */
  config: Readonly<Record<string, readonly string[]>>;
  /** Top-level sub-commands that change nothing the gate relies on. */
  reads: readonly string[];
}

const HOOKS_OFF =
  /hooks?\s*=\s*(false|0|off|no)\b|disableAllHooks|allowManagedHooksOnly\s*"?\s*:\s*false/i;

const flagged = (p: ParsedArgs, ...names: string[]): string | undefined =>
  names.find((n) => p.opts.has(n));

const CLAUDE: AgentCli = {
  label: 'Claude Code',
  // prettier-ignore
  values: [
    '--model', '--permission-mode', '--settings', '--setting-sources', '--allowedTools', '--allowed-tools',
    '--disallowedTools', '--disallowed-tools', '--add-dir', '--mcp-config', '--append-system-prompt',
    '--system-prompt', '--output-format', '--input-format', '-r', '--resume', '--session-id', '--agents',
    '--fallback-model', '--max-turns', '--permission-prompt-tool', '--plugin-dir', '--agent',
  ],
  bypass(p) {
    const f = flagged(p, '--dangerously-skip-permissions', '--allow-dangerously-skip-permissions');
    if (f) return `${f} runs every tool without asking`;
    if (value(p, '--permission-mode') === 'bypassPermissions')
      return '--permission-mode bypassPermissions runs every tool without asking';
    if (p.opts.has('--bare'))
      return '--bare skips the hooks and settings in ~/.claude and the project';
    if (p.opts.has('--setting-sources'))
      return '--setting-sources leaves out settings files, and the hooks configured in them';
    if (values(p, '--settings').some((s) => HOOKS_OFF.test(s)))
      return '--settings turns hooks off for the session';
    return undefined;
  },
  config: {
    config: ['get', 'list', 'ls'],
    mcp: ['list', 'get', 'serve'],
    plugin: ['list'],
    plugins: ['list'],
  },
  reads: ['doctor', 'help', 'update', 'install', 'setup-token'],
};

const CODEX: AgentCli = {
  label: 'Codex',
  // prettier-ignore
  values: [
    '-c', '--config', '-m', '--model', '-s', '--sandbox', '-a', '--ask-for-approval', '-p', '--profile',
    '-C', '--cd', '-i', '--image', '--enable', '--disable', '--add-dir', '-o', '--output-last-message',
    '--color', '--output-schema',
  ],
  bypass(p) {
    const f = flagged(p, '--dangerously-bypass-approvals-and-sandbox', '--yolo');
    if (f) return `${f} turns off both approvals and the sandbox`;
    if (value(p, '-s', '--sandbox') === 'danger-full-access')
      return '--sandbox danger-full-access turns the sandbox off';
    for (const c of values(p, '-c', '--config')) {
      if (/sandbox_mode\s*=\s*"?danger-full-access/.test(c)) return `-c ${c} turns the sandbox off`;
      if (HOOKS_OFF.test(c)) return `-c ${c} turns hooks off`;
    }
    if (values(p, '--disable').some((f) => /hook/i.test(f))) return '--disable turns hooks off';
    return undefined;
  },
  config: { mcp: ['list', 'get'], features: ['list'] },
  reads: ['help', 'completion', 'login', 'logout', 'apply', 'a'],
};

const GEMINI: AgentCli = {
  label: 'Gemini CLI',
  // prettier-ignore
  values: [
    '-m', '--model', '-p', '--prompt', '-i', '--prompt-interactive', '--approval-mode', '-e',
    '--extensions', '--include-directories', '--allowed-tools', '--allowed-mcp-server-names', '-o',
    '--output-format', '-r', '--resume',
  ],
  bypass(p) {
    const f = flagged(p, '--yolo', '-y');
    if (f) return `${f} runs every tool without asking`;
    if (value(p, '--approval-mode') === 'yolo')
      return '--approval-mode yolo runs every tool without asking';
    return undefined;
  },
  config: {
    mcp: ['list'],
    extensions: ['list'],
    extension: ['list'],
    hooks: ['list'],
    skills: ['list'],
  },
  reads: ['help'],
};

const CURSOR: AgentCli = {
  label: 'Cursor Agent',
  values: ['-m', '--model', '--output-format', '--api-key', '--resume', '--workspace'],
  bypass(p) {
    const f = flagged(p, '-f', '--force', '--yolo');
    return f ? `${f} runs every command without asking` : undefined;
  },
  config: { mcp: ['list', 'list-tools'] },
  reads: ['status', 'whoami', 'ls', 'help', 'login', 'logout', 'update', 'upgrade'],
};

const COPILOT: AgentCli = {
  label: 'Copilot CLI',
  // prettier-ignore
  values: [
    '--model', '-p', '--prompt', '--allow-tool', '--deny-tool', '--add-dir', '--log-level', '--resume',
    '--agent', '--config-dir', '--log-dir',
  ],
  bypass(p) {
    const f = flagged(p, '--allow-all-tools', '--allow-all', '--yolo');
    if (f) return `${f} runs every tool without asking`;
    if (p.opts.has('--config-dir'))
      return '--config-dir loads settings and hooks from another directory than ~/.copilot';
    return undefined;
  },
  config: { plugin: ['list'], mcp: ['list'] },
  reads: ['help', 'login', 'logout', 'update'],
};

const KIRO: AgentCli = {
  label: 'Kiro CLI',
  values: ['--agent', '--model', '--trust-tools', '--profile'],
  bypass(p) {
    return p.opts.has('--trust-all-tools')
      ? '--trust-all-tools runs every tool without asking'
      : undefined;
  },
  config: { agent: ['list'], mcp: ['list', 'status'], hooks: ['list'] },
  reads: ['whoami', 'doctor', 'version', 'diagnostic', 'help', 'login', 'logout', 'update'],
};

const OPENCODE: AgentCli = {
  label: 'OpenCode',
  // prettier-ignore
  values: ['-m', '--model', '--agent', '-s', '--session', '--port', '--hostname', '-c', '--continue', '--format'],
  bypass(p) {
    const f = flagged(p, '--dangerously-skip-permissions', '--auto', '--yolo');
    return f ? `${f} approves every tool not explicitly denied` : undefined;
  },
  config: { mcp: ['list', 'ls'], agent: ['list'], plugin: ['list'] },
  reads: ['help', 'auth', 'models', 'stats', 'upgrade', 'export', 'session'],
};

/** Agent CLIs by normalised program name (npx @openai/codex → codex, @google/gemini-cli → gemini-cli). */
export const AGENT_CLIS: Readonly<Record<string, AgentCli>> = {
  claude: CLAUDE,
  'claude-code': CLAUDE,
  codex: CODEX,
  gemini: GEMINI,
  'gemini-cli': GEMINI,
  'cursor-agent': CURSOR,
  copilot: COPILOT,
  'kiro-cli': KIRO,
  opencode: OPENCODE,
  'opencode-ai': OPENCODE,
};

/** kiro-cli settings: `settings KEY VALUE` and `settings --delete KEY` write; `settings [list|KEY]` reads. */
function kiroSettingsWrite(p: ParsedArgs): boolean {
  const [, key = '', val] = p.positionals;
  return p.opts.has('--delete') || p.opts.has('-d') || (key !== 'list' && val !== undefined);
}

/** Actions for an agent CLI run by an agent. */
export function agentCli(name: string, args: readonly string[], ctx: ToolContext): Action[] {
  const cli = AGENT_CLIS[name];
  if (!cli) return [];
  const p = parseArgs(args, { value: cli.values });
  const [cmd = '', sub = ''] = p.positionals;
  const act = (init: Omit<Parameters<ToolContext['action']>[0], 'tool'>): Action[] => [
    ctx.action({ tool: name, ...init }),
  ];
  const read = (why: string): Action[] =>
    act({ verb: cmd || name, effect: 'read', risk: 'none', rule: 'agent/read', reasons: [why] });
  if (p.opts.has('--help') || p.opts.has('-h') || p.opts.has('--version') || p.opts.has('-v')) {
    return read('only prints help or the version');
  }
  const bypass = cli.bypass(p);
  if (bypass) {
    return act({
      verb: `${name} (safety off)`,
      effect: 'exec',
      risk: 'high',
      rule: 'self/agent-bypass',
      reversible: false,
      reasons: [`starts ${cli.label} with its safety off: ${bypass}`],
    });
  }
  const groupReads = cli.config[cmd];
  const kiroSettings = name === 'kiro-cli' && cmd === 'settings';
  if (
    (groupReads && sub !== '' && !groupReads.includes(sub)) ||
    (kiroSettings && kiroSettingsWrite(p))
  ) {
    return act({
      verb: `${cmd} ${sub}`.trim(),
      effect: 'write',
      risk: 'high',
      rule: 'self/agent-config',
      targets: p.positionals.slice(1, 4),
      reversible: false,
      reasons: [
        `changes ${cli.label}'s ${cmd} configuration: MCP servers, plugins, extensions and settings can add, remove or bypass the hooks that gate the agent`,
      ],
    });
  }
  if (groupReads || kiroSettings || cli.reads.includes(cmd)) {
    return read(`${cli.label} ${cmd} ${sub}`.trim() + ' changes nothing the gate relies on');
  }
  return act({
    verb: 'run',
    effect: 'exec',
    risk: 'low',
    rule: 'agent/nested',
    reasons: [`starts a nested ${cli.label} session; its own hooks gate what it does`],
  });
}
