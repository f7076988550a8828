#!/usr/bin/env node
/**
 * The `portcullis` command. The only place that reads argv, prints or exits. Sub-commands load lazily so a
 * hook or `check` process starts fast.
 */
import nodeModule from 'node:module';
import v8 from 'node:v8';

// A CLI process is short-lived: run the shell grammar's wasm on V8's baseline compiler only. Optimised
// tier-up compiles in the background and holds the process open ~0.7 s at exit, and baseline code parses
// an agent's command just as fast at this size.
v8.setFlagsFromString('--liftoff-only');
// Node >= 22.1 can cache compiled code between runs; on 20 this is absent and skipped.
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();

/** Exit codes of `check` (DESIGN.md §11). */
export const EXIT = { allow: 0, ask: 10, deny: 20, usage: 2, internal: 3 } as const;

/**
 * The hot paths, answered without loading the full CLI (commander and every other command): an agent's hook
 * call and a plain `check [--json] [--cwd DIR] [--policy FILE] -- <command...>`. Anything else, including any
 * option these don't know, goes to the full CLI, which validates and explains.
 */
async function fastPath(argv: readonly string[]): Promise<number | undefined> {
  if (argv[0] === 'hook' && argv.length === 2 && !argv[1]?.startsWith('-')) {
    const { runHookCommand, policyJudgeFactory } = await import('./hook.js');
    const code = await runHookCommand(argv[1] ?? '', policyJudgeFactory, {
      stdin: process.stdin,
      stdout: process.stdout,
      stderr: process.stderr,
      cwd: process.cwd(),
    });
    // Do not wait for an agent that keeps stdin open (or for the rest of an oversize payload).
    process.stdin.destroy();
    return code;
  }
  if (argv[0] !== 'check') return undefined;
  const dashdash = argv.indexOf('--');
  if (dashdash < 0 || dashdash === argv.length - 1) return undefined;
  const opts: { json?: boolean; cwd?: string; policy?: string } = {};
  for (let i = 1; i < dashdash; i++) {
    const a = argv[i];
    if (a === '--json') opts.json = true;
    else if ((a === '--cwd' || a === '--policy') && i + 1 < dashdash) {
      const v = argv[++i] ?? '';
      if (a === '--cwd') opts.cwd = v;
      else opts.policy = v;
    } else return undefined;
  }
  const { runCheck } = await import('./check.js');
  return runCheck(argv.slice(dashdash + 1), opts);
}

async function main(argv: readonly string[]): Promise<number> {
  const fast = await fastPath(argv);
  if (fast !== undefined) return fast;
  const { runProgram } = await import('./program.js');
  return runProgram(argv);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`portcullis: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = EXIT.internal;
  },
);
