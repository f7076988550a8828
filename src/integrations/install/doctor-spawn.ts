/**
 * Running an installed hook the way its agent does: the command line from the config through a shell, the
 * payload on stdin, the agent's timeout. For OpenCode, whose hook is an in-process plugin, a small node probe
 * imports the plugin file as OpenCode does and calls its `tool.execute.before`.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { HookRun } from './doctor-reading.js';

/** How a hook run is started: directory, environment and the agent's timeout. */
export interface SpawnOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
}

/** Agents run command hooks through bash where there is one (Claude Code's default), else sh. */
const SHELL = existsSync('/bin/bash') ? '/bin/bash' : '/bin/sh';

/** Spawn `argv` with `stdin`, collect its output, kill it at the timeout. Never throws. */
export function runProcess(
  argv: readonly string[],
  stdin: string,
  opts: SpawnOptions,
): Promise<HookRun> {
  const started = performance.now();
  return new Promise((resolve) => {
    const [file, ...args] = argv;
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    let settled = false;
    const finish = (run: Omit<HookRun, 'ms' | 'stdout' | 'stderr' | 'timedOut'>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({
        ...run,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        timedOut,
        ms: performance.now() - started,
      });
    };
    const child = spawn(file ?? '', args, {
      cwd: opts.cwd,
      env: opts.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs);
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', (e) => {
      finish({ exitCode: null, spawnError: e.message });
    });
    child.on('close', (code) => {
      finish({ exitCode: timedOut ? null : code });
    });
    // A hook that exits without reading stdin closes the pipe under us: that is its answer, not our error.
    child.stdin.on('error', () => undefined);
    child.stdin.end(stdin);
  });
}

/** Run a command hook: `command` through the shell, as the agent does. */
export function runHookCommand(
  command: string,
  stdin: string,
  opts: SpawnOptions,
): Promise<HookRun> {
  return runProcess([SHELL, '-c', command], stdin, opts);
}

// Imports the plugin file like OpenCode: every export must be a plugin function; each is called with the
// project directory, and their `tool.execute.before` hooks run on the sample. Exit 0: returned; 2: threw;
// 3: the file did not load; 4: an export is not a plugin, or no plugin gates tool calls.
const OPENCODE_PROBE = `
const [file, dir, payload] = process.argv.slice(1);
const { pathToFileURL } = await import('node:url');
let mod;
try { mod = await import(pathToFileURL(file).href); }
catch (e) { process.stderr.write(String(e && e.message || e)); process.exit(3); }
const entries = Object.entries(mod);
const bad = entries.filter(([, v]) => typeof v !== 'function').map(([k]) => k);
if (bad.length > 0) { process.stderr.write('exports that are not plugins: ' + bad.join(', ') + ' (OpenCode calls every export)'); process.exit(4); }
const hooks = [];
for (const [, plugin] of entries) {
  const h = await plugin({ directory: dir, worktree: dir });
  if (h && typeof h['tool.execute.before'] === 'function') hooks.push(h['tool.execute.before']);
}
if (hooks.length === 0) { process.stderr.write('no plugin in this file gates tool calls (tool.execute.before)'); process.exit(4); }
const p = JSON.parse(payload);
try { for (const h of hooks) await h({ tool: p.tool, sessionID: 'portcullis-doctor', callID: 'portcullis-doctor-call' }, { args: p.args }); }
catch (e) { process.stderr.write(String(e && e.message || e)); process.exit(2); }
process.exit(0);
`;

/** Load an OpenCode plugin file in a fresh node process and call its hook with `payload` (`{tool, args}`). */
export function runOpenCodePlugin(
  nodePath: string,
  pluginFile: string,
  payload: string,
  opts: SpawnOptions,
): Promise<HookRun> {
  return runProcess(
    [nodePath, '--input-type=module', '-e', OPENCODE_PROBE, pluginFile, opts.cwd, payload],
    '',
    opts,
  );
}
