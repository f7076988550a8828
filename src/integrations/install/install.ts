/**
 * `portcullis install`: put Portcullis' hook into an agent's configuration. Planning is separate from writing,
 * so `--dry-run` shows exactly what a real run would write. A real run keeps a timestamped backup of every file
 * it changes and records it in the manifest; a file already holding exactly Portcullis' entry is not touched,
 * so installing twice changes nothing.
 */
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AgentName } from '../hooks/adapter.js';
import { SETUPS, type Target } from './agents.js';
import { InstallError, stateDir, type InstallContext, type Scope } from './context.js';
import { hookUrl } from './gate.js';
import {
  makeDirs,
  modeOf,
  readIfExists,
  sha256,
  writablePath,
  writeAtomic,
  writeBackup,
} from './files.js';
import {
  hookCommand,
  isPortcullisEntry,
  isPortcullisPluginText,
  type HookCommand,
} from './hook-command.js';
import { parseJsonConfig, serializeJson, type Json } from './json-shapes.js';
import { loadManifest, saveManifest, type InstallRecord } from './manifest.js';

/** What install does to one file. */
export interface FileChange {
  agent: AgentName;
  scope: Scope;
  path: string;
  action: 'create' | 'update' | 'unchanged';
  /** The file's bytes before, when it exists. */
  before: Buffer | undefined;
  after: string;
  /** Mode for a file created. */
  mode: number;
  /** The file held a Portcullis hook before this install. */
  hadOurs: boolean;
  /** The entries of ours the file will hold, as written (for printing). */
  entries: { event: string; entry: Json }[];
  /** Set by applyInstall: where the previous bytes were saved. */
  backup?: string;
}

/** How the hook is installed: the default command hook, or (Claude Code) an http hook to the daemon. */
export interface InstallOptions {
  /** Write an http hook posting to `<gate>/v1/hooks/<agent>` (gate as returned by `gateUrl`). */
  http?: { gate: string };
}

/** Everything installing one agent at one scope would do. */
export interface InstallPlan {
  agent: AgentName;
  scope: Scope;
  command: HookCommand;
  changes: FileChange[];
  /** What the person should know or do next (trust prompts, agent selection). */
  notes: string[];
}

const NOTES: Partial<Record<AgentName, (scope: Scope) => string[]>> = {
  codex: (scope) =>
    scope === 'system'
      ? []
      : [
          'Codex runs a new or changed hook only after you trust it: open /hooks in Codex and trust it.',
        ],
  gemini: () => [
    'Older Gemini CLI builds need hooks switched on (tools.enableHooks); `portcullis doctor` checks the hook itself.',
  ],
  kiro: () => [
    'Kiro runs hooks of the agent in use: if Portcullis created the "portcullis" agent, start Kiro with `kiro-cli chat --agent portcullis` or make it the default (`kiro-cli agent set-default portcullis`).',
  ],
  opencode: () => ['OpenCode loads plugins at start: restart it.'],
};

/** What an http hook needs that install cannot write: the token in Claude Code's environment, a running gate. */
function httpNotes(url: string): string[] {
  return [
    "export PORTCULLIS_TOKEN=… (the agent's token) in the environment Claude Code starts from: Claude Code puts it in the hook's Authorization header; the token is never written to settings",
    `the hook posts every tool call to ${url}: keep \`portcullis serve\` running — with onFailure "block", Claude Code blocks every tool call while the gate is down`,
    `if managed settings set allowedHttpHookUrls or httpHookAllowedEnvVars, they must allow ${url} and PORTCULLIS_TOKEN`,
  ];
}

/** The hook names this CLI file by path: warn when that path is one npm may delete (npx's cache). */
function cliNotes(ctx: InstallContext): string[] {
  return ctx.cliPath.includes('/_npx/')
    ? [
        `the hook runs ${ctx.cliPath}, in npx's cache, which npm may clear: install Portcullis (npm install -g portcullis) and run install again from it`,
      ]
    : [];
}

/** Mode of a config file install creates: readable by the agent, writable by its owner only. */
const CREATED_MODE = 0o644;

function planTarget(agent: AgentName, scope: Scope, target: Target): FileChange {
  const path = writablePath(target.path);
  const before = readIfExists(path);
  const base = { agent, scope, path, before, mode: CREATED_MODE };
  if (target.kind === 'text') {
    const text = before?.toString('utf8');
    if (text !== undefined && !isPortcullisPluginText(text))
      throw new InstallError(
        'install/foreign-file',
        `${path} exists and is not Portcullis' plugin; move it aside and install again.`,
      );
    return {
      ...base,
      action: text === undefined ? 'create' : text === target.content ? 'unchanged' : 'update',
      after: target.content,
      hadOurs: text !== undefined,
      entries: [{ event: 'plugin', entry: target.content }],
    };
  }
  const shape = SETUPS[agent].shape;
  if (!shape) throw new Error(`no JSON shape for ${agent}`);
  const isOurs = (c: string): boolean => isPortcullisEntry(c, agent);
  const doc =
    before === undefined
      ? structuredClone(target.skeleton)
      : parseJsonConfig(before.toString('utf8'), path);
  const { doc: next, changed } = shape.apply(doc, target.specs, isOurs, path);
  const unchanged = before !== undefined && !changed;
  return {
    ...base,
    ...(target.mode !== undefined ? { mode: target.mode } : {}),
    action: before === undefined ? 'create' : unchanged ? 'unchanged' : 'update',
    after: unchanged ? before.toString('utf8') : serializeJson(next),
    hadOurs: before !== undefined && shape.find(doc, isOurs).length > 0,
    entries: target.specs.map((s) => ({ event: s.event, entry: s.entry })),
  };
}

/**
 * What installing `agent` at `scope` would write. Throws InstallError when the agent has no such scope, has no
 * http hooks but `options.http` asks for one, the CLI the hook would run is missing, or a config file cannot be
 * parsed or has an unexpected shape (it is never overwritten).
 */
export function planInstall(
  agent: AgentName,
  scope: Scope,
  ctx: InstallContext,
  options: InstallOptions = {},
): InstallPlan {
  const setup = SETUPS[agent];
  if (options.http && !setup.http)
    throw new InstallError(
      'install/no-http',
      `${agent} has no http hook Portcullis can install: only Claude Code has (Copilot's http hooks must be https, and the gate listens on plain http on loopback)`,
    );
  const url = options.http ? hookUrl(options.http.gate, agent) : undefined;
  const command = hookCommand(agent, ctx, url);
  const targets = setup.targets(scope, ctx, command);
  if (!targets) throw new InstallError('install/no-scope', `no ${scope} scope for ${agent}`);
  // An http hook runs no process: the CLI's path is not in it, so a missing or npx-cached CLI does not matter.
  if (url === undefined && !existsSync(ctx.cliPath))
    throw new InstallError(
      'install/missing-cli',
      `the Portcullis CLI is not at ${ctx.cliPath}: build it (npm run build) or reinstall the package`,
    );
  if (agent === 'opencode' && !existsSync(command.pluginModule))
    throw new InstallError(
      'install/missing-cli',
      `the OpenCode plugin is not at ${command.pluginModule}`,
    );
  return {
    agent,
    scope,
    command,
    changes: targets.map((t) => planTarget(agent, scope, t)),
    notes: [
      ...(NOTES[agent]?.(scope) ?? []),
      ...(url === undefined ? cliNotes(ctx) : httpNotes(url)),
    ],
  };
}

function record(
  records: InstallRecord[],
  change: FileChange,
  backup: string | undefined,
  createdDirs: string[],
  oldMode: number | undefined,
  now: string,
): void {
  const written = sha256(change.after);
  const rec = records.find((r) => r.path === change.path);
  if (!rec) {
    records.push({
      agent: change.agent,
      scope: change.scope,
      path: change.path,
      existed: change.before !== undefined,
      mode: oldMode ?? null,
      backup: backup ?? null,
      // A file that already held a hook of ours before this record began cannot be restored to "no Portcullis".
      exact: !change.hadOurs,
      sha256: written,
      createdDirs,
      installedAt: now,
      updatedAt: now,
    });
    return;
  }
  // Someone changed the file since Portcullis last wrote it: the first backup no longer undoes only us.
  const untouched = change.before !== undefined && sha256(change.before) === rec.sha256;
  if (!untouched) {
    rec.exact = false;
    if (backup !== undefined) rec.backup = backup;
  }
  rec.sha256 = written;
  rec.updatedAt = now;
}

/** Write a plan: backups first, then each file atomically, then the manifest. Returns the changes made. */
export function applyInstall(plan: InstallPlan, ctx: InstallContext): FileChange[] {
  const state = stateDir(plan.scope, ctx);
  const manifest = loadManifest(state);
  const now = ctx.now();
  const done: FileChange[] = [];
  for (const change of plan.changes) {
    if (change.action === 'unchanged') {
      done.push(change);
      continue;
    }
    const oldMode = modeOf(change.path);
    const backup =
      change.before !== undefined ? writeBackup(state, change.path, change.before, now) : undefined;
    const created = makeDirs(dirname(change.path));
    writeAtomic(change.path, change.after, oldMode ?? change.mode);
    record(manifest.installs, change, backup, created, oldMode, now.toISOString());
    done.push({ ...change, ...(backup !== undefined ? { backup } : {}) });
  }
  if (done.some((c) => c.action !== 'unchanged')) saveManifest(state, manifest);
  return done;
}
