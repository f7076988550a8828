/**
 * What every gate command shares: where it prints and reads (`GateIo`, injectable for tests), the client bound to
 * the right gate and session, and one place that turns the outcome into an exit code:
 *
 *   0 ok · 1 refused by the gate (a 4xx) · 2 usage · 3 gate unreachable, silent, or faulty (5xx, bad answer)
 */
import { homedir } from 'node:os';
import { ClientError, GateClient, UsageError, resolveGateUrl } from './client.js';
import { createPrompter, type PromptInput, type Prompter } from './prompt.js';
import { loadSession, type StoredSession } from './session-file.js';

export const GATE_EXIT = { ok: 0, refused: 1, usage: 2, unavailable: 3 } as const;

/** Where a gate command prints and reads; tests replace any part. */
export interface GateIo {
  out: (s: string) => void;
  err: (s: string) => void;
  stdin: PromptInput;
  /** A human is at a terminal: a command may stop to ask (a TOTP code it was not given). */
  interactive: boolean;
  env: Readonly<Record<string, string | undefined>>;
  /** Home directory: the session file lives under it. */
  home: string;
  now: () => number;
  /** Terminal width for tables. */
  columns: number;
  /** Resolves after `ms`, or rejects early when `signal` aborts (polling in `audit tail --follow`). */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Ends long-running commands (`--follow`); Ctrl-C in a real run. */
  signal?: AbortSignal;
}

/** How the lead wires the gate commands: the exit code setter, and in tests, the io. */
export interface GateCommandsContext {
  setExitCode(code: number): void;
  io?: () => Partial<GateIo>;
}

/** What a command body gets: the io, a client for the resolved gate, a prompter and the stored session. */
export interface Gate {
  io: GateIo;
  url: string;
  client: GateClient;
  prompt: Prompter;
  /** The stored session when it was issued by this gate and has not expired. */
  stored?: StoredSession;
}

/** Not a terminal: `isTTY` is then absent at run time, whatever the type says. */
function isTerminal(s: { isTTY?: boolean }): boolean {
  return s.isTTY === true;
}

function defaultIo(): GateIo {
  return {
    out: (s) => void process.stdout.write(s),
    err: (s) => void process.stderr.write(s),
    stdin: process.stdin,
    interactive: isTerminal(process.stdin) && isTerminal(process.stderr),
    env: process.env,
    home: homedir(),
    now: Date.now,
    columns: process.stdout.columns > 0 ? process.stdout.columns : 100,
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        const onAbort = (): void => {
          clearTimeout(t);
          reject(signal?.reason as Error);
        };
        const t = setTimeout(() => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }, ms);
        signal?.addEventListener('abort', onAbort, { once: true });
      }),
  };
}

/** The session to send to `url`: only one issued by that gate and not yet expired. */
export function sessionFor(
  stored: StoredSession | undefined,
  url: string,
  now: number,
): StoredSession | undefined {
  if (stored?.gate !== url) return undefined;
  const exp = Date.parse(stored.expiresAt);
  return Number.isNaN(exp) || exp <= now ? undefined : stored;
}

const HINTS: Readonly<Record<string, string>> = {
  'auth/required': 'log in first: portcullis login',
  'auth/invalid-token': 'your session is no longer valid: portcullis login',
  'auth/password-change-required': 'change your one-time password first: portcullis passwd',
  'approval/totp-required':
    'pass --totp CODE (from your authenticator app; enrol with `portcullis totp enrol`)',
};

/** The exit code for an error: 2 usage, 1 a gate refusal (4xx), 3 anything that kept the gate from judging. */
export function exitCodeFor(e: unknown): number {
  if (e instanceof UsageError) return GATE_EXIT.usage;
  if (e instanceof ClientError && e.status >= 400 && e.status < 500) return GATE_EXIT.refused;
  return GATE_EXIT.unavailable;
}

/** One line (or two, with a hint) saying why a command failed. Never includes a secret: messages are the gate's. */
export function describeError(command: string, e: unknown): string {
  if (e instanceof ClientError) {
    const code = e.status === 0 || e.code === 'gate/bad-response' ? '' : `${e.code}: `;
    let hint = HINTS[e.code];
    if (e.retryAfter !== undefined) hint = `retry in ${String(e.retryAfter)} s`;
    return `portcullis ${command}: ${code}${e.message}\n${hint !== undefined ? `  ${hint}\n` : ''}`;
  }
  if (e instanceof UsageError) return `portcullis ${command}: ${e.message}\n`;
  const msg = e instanceof Error ? e.message : String(e);
  return `portcullis ${command}: internal error: ${msg}\n`;
}

/**
 * Run one gate command: build the io and the client (`--gate`, `PORTCULLIS_GATE`, default), run `body`, print
 * any failure and set the exit code. The body returns its own exit code for outcomes that are not exceptions
 * (a broken audit chain, a partly refused bulk vote).
 */
export async function runGate(
  command: string,
  gateFlag: string | undefined,
  ctx: GateCommandsContext,
  body: (g: Gate) => Promise<number>,
  clientOptions: { timeoutMs?: number } = {},
): Promise<void> {
  const io: GateIo = { ...defaultIo(), ...ctx.io?.() };
  const prompt = createPrompter(io.stdin, io.err);
  let code: number;
  try {
    const url = resolveGateUrl(gateFlag, io.env);
    const stored = sessionFor(await loadSession(io.home), url, io.now());
    const client = new GateClient({
      baseUrl: url,
      ...(stored ? { session: stored.session } : {}),
      ...(io.signal ? { signal: io.signal } : {}),
      ...clientOptions,
    });
    code = await body({ io, url, client, prompt, ...(stored ? { stored } : {}) });
  } catch (e) {
    io.err(describeError(command, e));
    code = exitCodeFor(e);
  } finally {
    prompt.close();
  }
  ctx.setExitCode(code);
}
