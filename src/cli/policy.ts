/**
 * `portcullis policy show | check | test`: read, validate and exercise policy files.
 *
 *   policy show [--cwd DIR] [--file FILE]   the merged policy in force (YAML), each entry with its origin
 *   policy check FILE                       validate: exit 0 valid, 1 invalid (every problem with line:col)
 *   policy test [FILE] [--cwd DIR]          run the inline tests: exit 0 all pass, 1 any failure or bad policy
 *
 * The runners take an `io` so tests can drive them without a process; `registerPolicyCommand` binds them to
 * stdout/stderr.
 */
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { PolicyError, renderPolicy, runPolicyTests, type Policy } from '../policy/index.js';
import { loadPolicy } from '../policy/load.js';

/** Where the runners write and which directories stand for home and /etc (temp dirs in tests). */
export interface PolicyIo {
  out: (s: string) => void;
  err: (s: string) => void;
  cwd: string;
  home: string;
  etcDir?: string;
}

export const POLICY_EXIT = { ok: 0, failed: 1, usage: 2 } as const;

function load(io: PolicyIo, opts: { cwd?: string; file?: string }): Policy | undefined {
  const cwd = resolve(io.cwd, opts.cwd ?? '.');
  try {
    return loadPolicy({
      cwd,
      home: io.home,
      ...(io.etcDir !== undefined ? { etcDir: io.etcDir } : {}),
      ...(opts.file !== undefined ? { explicitFile: resolve(io.cwd, opts.file) } : {}),
    });
  } catch (err) {
    if (!(err instanceof PolicyError)) throw err;
    io.err(`${err.message}\n`);
    return undefined;
  }
}

/** `policy show`: print the merged policy. */
export function policyShow(io: PolicyIo, opts: { cwd?: string; file?: string }): number {
  const policy = load(io, opts);
  if (!policy) return POLICY_EXIT.failed;
  io.out(renderPolicy(policy));
  return POLICY_EXIT.ok;
}

/** `policy check FILE`: validate one file (a `.portcullis.yaml` is checked as a project file: tighten only). */
export function policyCheck(io: PolicyIo, file: string): number {
  const policy = load(io, { file });
  if (!policy) return POLICY_EXIT.failed;
  const mine = (xs: readonly { origin: { layer: string } }[]): number =>
    xs.filter((x) => x.origin.layer !== 'builtin').length;
  const count = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;
  const parts = [
    count(mine(policy.rules) + mine(policy.projectRules), 'rule'),
    count(mine(policy.protect), 'protection'),
    count(mine(policy.environments), 'environment matcher'),
    count(mine(policy.tests), 'test'),
  ];
  io.out(`ok: ${resolve(io.cwd, file)} (${parts.join(', ')})\n`);
  return POLICY_EXIT.ok;
}

/** `policy test [FILE]`: run the inline tests of FILE, or of every policy file in force for `--cwd`. */
export async function policyTest(
  io: PolicyIo,
  file: string | undefined,
  opts: { cwd?: string },
): Promise<number> {
  const policy = load(io, { ...opts, ...(file !== undefined ? { file } : {}) });
  if (!policy) return POLICY_EXIT.failed;
  const results = await runPolicyTests(policy);
  if (results.length === 0) {
    io.out('no tests: add `tests: [{command, expect}]` to the policy file\n');
    return POLICY_EXIT.ok;
  }
  let failed = 0;
  for (const r of results) {
    const where = `${r.test.origin.file}:${r.test.origin.line}`;
    const label = r.test.name !== undefined ? ` (${r.test.name})` : '';
    if (r.ok) {
      io.out(`ok    ${r.test.command}  → ${r.test.expect}${label}\n`);
    } else {
      failed++;
      io.out(`FAIL  ${r.test.command}${label}\n      ${where}: ${r.failure ?? 'failed'}\n`);
      for (const reason of r.decision?.reasons.slice(0, 3) ?? []) io.out(`      - ${reason}\n`);
    }
  }
  io.out(`${results.length - failed} passed, ${failed} failed\n`);
  return failed > 0 ? POLICY_EXIT.failed : POLICY_EXIT.ok;
}

function processIo(): PolicyIo {
  return {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    cwd: process.cwd(),
    home: homedir(),
  };
}

/**
 * Add `policy show | check | test` to `program`. Each action reports its exit code through `onExit`
 * (default: `process.exitCode`); a caller that sets the exit code itself after parsing passes its own setter.
 */
export function registerPolicyCommand(
  program: Command,
  onExit: (code: number) => void = (code) => {
    process.exitCode = code;
  },
): void {
  const policy = program.command('policy').description('show, validate and test policy files');
  policy
    .command('show')
    .description('print the merged policy in force (YAML), each entry with the file it came from')
    .option(
      '--cwd <dir>',
      'directory whose project policy (.portcullis.yaml) applies (default: the current one)',
    )
    .option(
      '--file <file>',
      'show FILE on top of the built-in policy instead of the files in force',
    )
    .action((opts: { cwd?: string; file?: string }) => {
      onExit(policyShow(processIo(), opts));
    });
  policy
    .command('check')
    .description(
      'validate a policy file: exit 0 valid, 1 invalid (each problem with file:line:col)',
    )
    .argument('<file>', 'the policy file')
    .action((file: string) => {
      onExit(policyCheck(processIo(), file));
    });
  policy
    .command('test')
    .description("run a policy's inline tests: exit 0 all pass, 1 on any failure")
    .argument('[file]', 'the policy file (default: every policy file in force for --cwd)')
    .option('--cwd <dir>', 'directory whose policy files apply, when no FILE is given')
    .action(async (file: string | undefined, opts: { cwd?: string }) => {
      onExit(await policyTest(processIo(), file, opts));
    });
}
