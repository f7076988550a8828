/**
 * Registration of the broker commands (DESIGN.md §9): `exec` and `shell` (an agent's way to run a command through
 * the gate, `exec-run.ts`) and `secret` (the admin's vault, `secret.ts`). Registration only: each action loads its
 * implementation when it runs.
 *
 * Wire it beside the other commands: `registerBrokerCommands(program, { setExitCode: (c) => (code = c) })`.
 */
import type { Command } from 'commander';
import { shellQuote } from '../analyze/shell/text.js';
import type { ExecIo } from './exec-run.js';
import type { GateCommandsContext } from './gate-run.js';
import { registerSecretCommands } from './secret.js';

/** The broker commands' context: the gate commands' one, with an io that may also set `cwd` and `errIsTty`. */
export interface BrokerCommandsContext extends GateCommandsContext {
  io?: () => Partial<ExecIo>;
}

/** Default `--wait` without a value: as long as an approval lives by default. */
export const DEFAULT_WAIT_SECONDS = 15 * 60;
const MAX_WAIT_SECONDS = 24 * 3600;

/** "90", "90s", "15m", "1h" → seconds. Throws a plain Error (a usage error) otherwise. */
export function parseSeconds(text: string, what: string, max: number): number {
  const m = /^(\d{1,7})(s|m|h)?$/.exec(text.trim());
  if (!m) throw new Error(`${what}: a duration such as 90s, 15m or 1h, not "${text}"`);
  const n = Number(m[1]) * ({ s: 1, m: 60, h: 3600 } as const)[(m[2] ?? 's') as 's' | 'm' | 'h'];
  if (n > max) throw new Error(`${what}: at most ${max / 3600} h`);
  return n;
}

/** One argument is a command line; several are quoted back into one, as the caller's shell split them. */
export function commandFromWords(words: readonly string[]): string {
  return words.length === 1 ? (words[0] ?? '') : words.map(shellQuote).join(' ');
}

const EXIT_NOTE = `

Exit codes: the command's own (128+N if signal N ended it; 124 if it ran past --timeout);
126 refused by the gate (denied, or not approved in time: "cannot execute"); 3 gate unreachable
or failing; 2 usage; 130 cancelled with Ctrl-C (the gate stops the run).`;

async function execute(
  ctx: BrokerCommandsContext,
  command: string,
  opts: { wait?: string | boolean; timeout?: string; gate?: string },
): Promise<void> {
  const { runExec } = await import('./exec-run.js');
  const io = await execIo(ctx);
  let waitSeconds: number;
  let timeoutSeconds: number | undefined;
  try {
    waitSeconds =
      opts.wait === undefined || opts.wait === false
        ? 0
        : opts.wait === true
          ? DEFAULT_WAIT_SECONDS
          : parseSeconds(opts.wait, '--wait', MAX_WAIT_SECONDS);
    timeoutSeconds =
      opts.timeout === undefined ? undefined : parseSeconds(opts.timeout, '--timeout', 3600);
    if (timeoutSeconds === 0) throw new Error('--timeout: at least 1s');
    if (command.trim() === '') throw new Error('no command given (put it after --)');
  } catch (err) {
    io.err(`portcullis exec: ${(err as Error).message}\n`);
    ctx.setExitCode(2);
    return;
  }
  const code = await runExec(
    {
      command,
      waitMs: waitSeconds * 1000,
      ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
      ...(opts.gate !== undefined ? { gate: opts.gate } : {}),
    },
    io,
  );
  ctx.setExitCode(code);
}

/** The real io (process streams, Ctrl-C aborts), with whatever the context overrides. */
async function execIo(ctx: BrokerCommandsContext): Promise<ExecIo> {
  const { homedir } = await import('node:os');
  const over = ctx.io?.() ?? {};
  let signal = over.signal;
  if (signal === undefined) {
    const ac = new AbortController();
    const stop = (): void => {
      ac.abort();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    signal = ac.signal;
  }
  return {
    out: (s) => void process.stdout.write(s),
    err: (s) => void process.stderr.write(s),
    stdin: process.stdin,
    interactive: false,
    env: process.env,
    home: homedir(),
    now: Date.now,
    columns: 100,
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    cwd: process.cwd(),
    errIsTty: process.stderr.isTTY,
    ...over,
    signal,
  };
}

const SHELL_USAGE = `usage: portcullis shell -c '<command>'
  Runs <command> through the gate's broker, like \`bash -c\`, waiting for approval when the gate asks
  (portcullis exec --wait -- <command>). Point an agent's SHELL at a wrapper that runs exactly this.
`;

/** Register `exec`, `shell` and `secret`. */
export function registerBrokerCommands(program: Command, ctx: BrokerCommandsContext): void {
  program
    .command('exec')
    .description(
      'run a command through the gate: it runs there, with the credentials bound to it, once allowed',
    )
    .option(
      '--wait [duration]',
      `wait for a human when the gate asks (default ${DEFAULT_WAIT_SECONDS / 60}m)`,
    )
    .option('--timeout <duration>', 'stop the command after this long (default 10m, at most 1h)')
    .option(
      '--gate <url>',
      'the gate (default: $PORTCULLIS_GATE, hook.json, else http://127.0.0.1:7421)',
    )
    .argument('<command...>', 'the command, after --')
    .addHelpText(
      'after',
      `
Examples:
  portcullis exec -- kubectl --context prod rollout restart deploy/web
  portcullis exec --wait -- 'terraform apply -auto-approve'   # shows "waiting for approval apr_… (0/1)"
  portcullis exec --wait=1h --timeout 30m -- ./migrate.sh

The agent's token comes from $PORTCULLIS_TOKEN or ~/.config/portcullis/hook.json. The command runs on
the gate's machine, in this directory, with a clean environment: only PATH, HOME, LANG, TERM, USER and
what gate.yaml binds to it. Its output comes back with the bound secrets redacted.${EXIT_NOTE}`,
    )
    .action(
      async (
        words: string[],
        opts: { wait?: string | boolean; timeout?: string; gate?: string },
      ) => {
        await execute(ctx, commandFromWords(words), opts);
      },
    );

  program
    .command('shell')
    .description("like `bash -c '<command>'`, through the gate's broker (for an agent's SHELL)")
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .argument('[args...]')
    .action(async (args: string[]) => {
      if (args.length === 1 && (args[0] === '--help' || args[0] === '-h')) {
        (await execIo(ctx)).out(SHELL_USAGE);
        ctx.setExitCode(0);
        return;
      }
      if (args.length !== 2 || args[0] !== '-c') {
        const io = await execIo(ctx);
        io.err(`portcullis shell: only the form \`-c <command>\` is supported\n${SHELL_USAGE}`);
        ctx.setExitCode(2);
        return;
      }
      await execute(ctx, args[1] ?? '', { wait: true });
    });

  registerSecretCommands(program, ctx);
}
