/**
 * Where each agent reads its hook configuration, per scope, and the exact entry Portcullis writes there
 * (reference/agent-hooks.md §2.1–§2.7). The table is typed as a Record over every AgentName, so an agent with a
 * hook adapter but no install entry does not compile.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentName } from '../hooks/adapter.js';
import { configHome, type InstallContext, type Scope } from './context.js';
import { openCodeShim, type HookCommand } from './hook-command.js';
import {
  flatShape,
  groupedShape,
  type HookSpec,
  type JsonObject,
  type Shape,
} from './json-shapes.js';

/** A JSON config file to merge Portcullis' hook into. */
export interface JsonTarget {
  kind: 'json';
  path: string;
  specs: HookSpec[];
  /** What a file we create starts as; a created file left with only this after uninstall is removed. */
  skeleton: JsonObject;
  /** Mode of a file we create (default 0o600 in home and project, 0o644 under /etc). */
  mode?: number;
}

/** A whole file that is ours (the OpenCode plugin shim). */
export interface TextTarget {
  kind: 'text';
  path: string;
  content: string;
}

/** A file install writes: merged JSON, or a whole file of ours. */
export type Target = JsonTarget | TextTarget;

/** The hook timeout Portcullis writes, in the agent's own field and unit. */
export interface TimeoutField {
  key: string;
  unit: 's' | 'ms';
  value: number;
}

/** Everything install, uninstall and doctor know about one agent's hook configuration. */
export interface AgentSetup {
  agent: AgentName;
  /** How hooks are listed in a JSON config; undefined for OpenCode (a plugin file). */
  shape: Shape | undefined;
  timeout: TimeoutField | undefined;
  /** The agent's fail-closed switch on a hook entry, when it has one (a crash or timeout then blocks). */
  failSwitch: { key: string; value: string | boolean } | undefined;
  /** Portcullis can install an http hook to the daemon for it (`install --http`): Claude Code only. */
  http: boolean;
  /** What a JSON file Portcullis creates starts as (a created file left with only this is removed again). */
  skeleton: JsonObject;
  /** Files install writes for `scope`; undefined when the agent has no such scope. */
  targets(scope: Scope, ctx: InstallContext, cmd: HookCommand): Target[] | undefined;
  /** Files uninstall and doctor look in for Portcullis hooks (a superset of the targets). */
  candidates(scope: Scope, ctx: InstallContext): string[] | undefined;
}

/** Seconds Portcullis gives agents as a hook timeout: well above every adapter's answer budget (≤ 10 s). */
const TIMEOUT_S = 30;

function pick<T>(scope: Scope, paths: Partial<Record<Scope, T>>): T | undefined {
  return paths[scope];
}

function filesIn(dir: string, suffixes: readonly string[]): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile() && suffixes.some((s) => e.name.endsWith(s)))
      .map((e) => join(dir, e.name))
      .sort();
  } catch {
    return [];
  }
}

/** An agent whose hooks live in one JSON file per scope. */
function oneFile(
  agent: AgentName,
  shape: Shape,
  where: (ctx: InstallContext) => Partial<Record<Scope, string>>,
  specs: (cmd: HookCommand) => HookSpec[],
  extra: Pick<AgentSetup, 'timeout' | 'failSwitch'> & { skeleton?: JsonObject; http?: boolean },
): AgentSetup {
  return {
    agent,
    shape,
    timeout: extra.timeout,
    failSwitch: extra.failSwitch,
    http: extra.http ?? false,
    skeleton: extra.skeleton ?? {},
    targets(scope, ctx, cmd) {
      const path = pick(scope, where(ctx));
      if (path === undefined) return undefined;
      return [{ kind: 'json', path, specs: specs(cmd), skeleton: extra.skeleton ?? {} }];
    },
    candidates(scope, ctx) {
      const path = pick(scope, where(ctx));
      return path === undefined ? undefined : [path];
    },
  };
}

const codexHome = (ctx: InstallContext): string => ctx.env.CODEX_HOME ?? join(ctx.home, '.codex');
const copilotHome = (ctx: InstallContext): string =>
  ctx.env.COPILOT_HOME ?? join(ctx.home, '.copilot');

const copilotDirs = (ctx: InstallContext): Record<Scope, string> => ({
  user: join(copilotHome(ctx), 'hooks'),
  project: join(ctx.projectDir, '.github', 'hooks'),
  system: join(ctx.etcDir, 'github-copilot', 'policy.d'),
});
const kiroDirs = (ctx: InstallContext): Partial<Record<Scope, string>> => ({
  user: join(ctx.home, '.kiro', 'agents'),
  project: join(ctx.projectDir, '.kiro', 'agents'),
});
const openCodeDirs = (ctx: InstallContext): Partial<Record<Scope, string>> => ({
  user: join(configHome(ctx), 'opencode', 'plugins'),
  project: join(ctx.projectDir, '.opencode', 'plugins'),
});

const KIRO_AGENT: JsonObject = {
  name: 'portcullis',
  description: "Kiro's default tools, every call checked by Portcullis first",
  tools: ['*'],
};

/**
 * Claude Code's handler: the command, or with `cmd.url` an http hook to the daemon (no process per call). The
 * token reaches the header through `$PORTCULLIS_TOKEN` in Claude Code's environment (Claude substitutes only the
 * variables `allowedEnvVars` lists), so no secret is written into settings.
 */
function claudeHandler(cmd: HookCommand): JsonObject {
  const common = { timeout: TIMEOUT_S, onFailure: 'block' };
  if (cmd.url === undefined) return { type: 'command', command: cmd.text, ...common };
  return {
    type: 'http',
    url: cmd.url,
    headers: { Authorization: 'Bearer $PORTCULLIS_TOKEN' },
    allowedEnvVars: ['PORTCULLIS_TOKEN'],
    ...common,
  };
}

/** Per agent: where its hooks live in each scope, their shape, and the entry Portcullis writes. */
export const SETUPS: Readonly<Record<AgentName, AgentSetup>> = {
  // Claude Code: `onFailure: "block"` blocks the call when the hook cannot start, crashes or times out
  // (http: when the gate gives no 2xx answer).
  'claude-code': oneFile(
    'claude-code',
    groupedShape,
    (ctx) => ({
      user: join(ctx.home, '.claude', 'settings.json'),
      project: join(ctx.projectDir, '.claude', 'settings.json'),
      system: join(ctx.etcDir, 'claude-code', 'managed-settings.json'),
    }),
    (cmd) => [{ event: 'PreToolUse', entry: { hooks: [claudeHandler(cmd)] } }],
    {
      timeout: { key: 'timeout', unit: 's', value: TIMEOUT_S },
      failSwitch: { key: 'onFailure', value: 'block' },
      http: true,
    },
  ),
  // Codex: Claude's shape in hooks.json; /etc/codex is the system layer (managed hooks are trusted by policy).
  codex: oneFile(
    'codex',
    groupedShape,
    (ctx) => ({
      user: join(codexHome(ctx), 'hooks.json'),
      project: join(ctx.projectDir, '.codex', 'hooks.json'),
      system: join(ctx.etcDir, 'codex', 'hooks.json'),
    }),
    (cmd) => [
      {
        event: 'PreToolUse',
        entry: { hooks: [{ type: 'command', command: cmd.text, timeout: TIMEOUT_S }] },
      },
    ],
    { timeout: { key: 'timeout', unit: 's', value: TIMEOUT_S }, failSwitch: undefined },
  ),
  // Gemini: BeforeTool, timeout in milliseconds; `name` is what `hooks.disabled` lists.
  gemini: oneFile(
    'gemini',
    groupedShape,
    (ctx) => ({
      user: join(ctx.home, '.gemini', 'settings.json'),
      project: join(ctx.projectDir, '.gemini', 'settings.json'),
      system: join(ctx.etcDir, 'gemini-cli', 'settings.json'),
    }),
    (cmd) => [
      {
        event: 'BeforeTool',
        entry: {
          hooks: [
            {
              type: 'command',
              name: 'portcullis',
              command: cmd.text,
              timeout: TIMEOUT_S * 1000,
              description: 'Portcullis safety gate: judges every tool call before it runs',
            },
          ],
        },
      },
    ],
    { timeout: { key: 'timeout', unit: 'ms', value: TIMEOUT_S * 1000 }, failSwitch: undefined },
  ),
  // Cursor: one command for the three gating events; `failClosed: true` or a crash lets the call through.
  cursor: oneFile(
    'cursor',
    flatShape(['command']),
    (ctx) => ({
      user: join(ctx.home, '.cursor', 'hooks.json'),
      project: join(ctx.projectDir, '.cursor', 'hooks.json'),
      system: join(ctx.etcDir, 'cursor', 'hooks.json'),
    }),
    (cmd) =>
      ['beforeShellExecution', 'beforeMCPExecution', 'preToolUse'].map((event) => ({
        event,
        entry: { command: cmd.text, timeout: 10, failClosed: true },
      })),
    {
      timeout: { key: 'timeout', unit: 's', value: 10 },
      failSwitch: { key: 'failClosed', value: true },
      skeleton: { version: 1 },
    },
  ),
  // Copilot: a file of our own in the hooks folder; a crashed hook denies, a timeout does not.
  copilot: {
    agent: 'copilot',
    shape: flatShape(['bash', 'command']),
    timeout: { key: 'timeoutSec', unit: 's', value: TIMEOUT_S },
    failSwitch: undefined,
    http: false,
    skeleton: { version: 1 },
    targets(scope, ctx, cmd) {
      const path = join(copilotDirs(ctx)[scope], 'portcullis.json');
      const entry = { type: 'command', bash: cmd.text, timeoutSec: TIMEOUT_S };
      return [
        {
          kind: 'json',
          path,
          specs: [{ event: 'preToolUse', entry }],
          skeleton: { version: 1 },
          // policy.d files must be root-owned and not group/world-writable, or Copilot ignores them.
          ...(scope === 'system' ? { mode: 0o644 } : {}),
        },
      ];
    },
    candidates: (scope, ctx) => filesIn(copilotDirs(ctx)[scope], ['.json']),
  },
  // Kiro: hooks live in each agent config; every existing one gets the hook, or a `portcullis` agent is made.
  kiro: {
    agent: 'kiro',
    shape: flatShape(['command']),
    timeout: { key: 'timeout_ms', unit: 'ms', value: TIMEOUT_S * 1000 },
    failSwitch: undefined,
    http: false,
    skeleton: KIRO_AGENT,
    targets(scope, ctx, cmd) {
      const dir = pick(scope, kiroDirs(ctx));
      if (dir === undefined) return undefined;
      const specs = [
        {
          event: 'preToolUse',
          entry: { matcher: '*', command: cmd.text, timeout_ms: TIMEOUT_S * 1000 },
        },
      ];
      const existing = filesIn(dir, ['.json']);
      const paths = existing.length > 0 ? existing : [join(dir, 'portcullis.json')];
      return paths.map((path) => ({ kind: 'json', path, specs, skeleton: KIRO_AGENT }));
    },
    candidates(scope, ctx) {
      const dir = pick(scope, kiroDirs(ctx));
      return dir === undefined ? undefined : filesIn(dir, ['.json']);
    },
  },
  // OpenCode: a plugin file that re-exports the Portcullis plugin (it throws to block).
  opencode: {
    agent: 'opencode',
    shape: undefined,
    timeout: undefined,
    failSwitch: undefined,
    http: false,
    skeleton: {},
    targets(scope, ctx, cmd) {
      const dir = pick(scope, openCodeDirs(ctx));
      if (dir === undefined) return undefined;
      return [{ kind: 'text', path: join(dir, 'portcullis.js'), content: openCodeShim(cmd) }];
    },
    candidates(scope, ctx) {
      const dir = pick(scope, openCodeDirs(ctx));
      return dir === undefined ? undefined : filesIn(dir, ['.js', '.mjs', '.ts']);
    },
  },
};
