/**
 * Running one approved command (DESIGN.md §9): `bash -c <command>` (`/bin/sh` where there is no bash) in the
 * request's directory, with exactly the environment it is given (`credentials.ts`), stdin closed, in its own
 * process group so that a timeout or a cancel stops everything it started. Output is decoded as UTF-8, redacted of
 * known secret values per stream (`redact-stream.ts`) and handed over chunk by chunk; the digest and byte count
 * are of the raw output, for the audit trail. When the shell exits, whatever it left running in its group is
 * killed: a brokered command holds credentials, and nothing keeps them after the run.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { BrokerError } from './errors.js';
import { StreamRedactor } from './redact-stream.js';

/** Default and largest run time. */
export const DEFAULT_TIMEOUT_MS = 10 * 60_000;
export const MAX_TIMEOUT_MS = 60 * 60_000;
/** Between SIGTERM and SIGKILL when a run is stopped. */
export const KILL_GRACE_MS = 2000;

export type OutputStream = 'stdout' | 'stderr';

export interface BrokeredRun {
  command: string;
  cwd: string;
  /** The child's whole environment (nothing else is inherited). */
  env: Readonly<Record<string, string>>;
  /** Values to redact from the output. */
  redact: readonly string[];
  timeoutMs?: number;
  /** Aborting stops the run (the client went away): SIGTERM, then SIGKILL after {@link KILL_GRACE_MS}. */
  signal?: AbortSignal;
  onStart?: (pid: number) => void | Promise<void>;
  /** Redacted text, in order per stream; the run waits for it (backpressure). */
  onOutput: (stream: OutputStream, data: string) => void | Promise<void>;
  /** Overrides {@link KILL_GRACE_MS} (tests). */
  killGraceMs?: number;
}

export interface RunResult {
  /** The exit code, or null when a signal ended the shell. */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** `sha256:<hex>` of the raw stdout and stderr bytes, in the order they arrived. */
  digest: string;
  bytes: number;
  durationMs: number;
  timedOut: boolean;
  cancelled: boolean;
}

/** The shell that runs commands: bash when the machine has it. */
export function brokerShell(): string {
  return existsSync('/bin/bash') ? '/bin/bash' : '/bin/sh';
}

function killGroup(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pid, sig);
  } catch {
    // already gone
  }
}

/** Run one command to its end (or until stopped). Rejects only when it cannot start (`broker/spawn`). */
export function runBrokered(run: BrokeredRun): Promise<RunResult> {
  const started = Date.now();
  const timeoutMs = Math.min(Math.max(run.timeoutMs ?? DEFAULT_TIMEOUT_MS, 1), MAX_TIMEOUT_MS);
  const grace = run.killGraceMs ?? KILL_GRACE_MS;
  return new Promise<RunResult>((resolve, reject) => {
    if (run.signal?.aborted === true) {
      reject(new BrokerError('broker/spawn', 'cancelled before it started'));
      return;
    }
    const child = spawn(brokerShell(), ['-c', run.command], {
      cwd: run.cwd,
      env: { ...run.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const hash = createHash('sha256');
    let bytes = 0;
    let timedOut = false;
    let cancelled = false;
    let spawned = false;
    let killTimer: NodeJS.Timeout | undefined;
    let chain: Promise<void> = Promise.resolve();
    const timers: NodeJS.Timeout[] = [];

    const stop = (why: 'timeout' | 'cancel'): void => {
      if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
      if (why === 'timeout') timedOut = true;
      else cancelled = true;
      killGroup(child.pid, 'SIGTERM');
      killTimer ??= setTimeout(() => {
        if (child.pid !== undefined) killGroup(child.pid, 'SIGKILL');
      }, grace);
    };
    const onAbort = (): void => {
      stop('cancel');
    };
    run.signal?.addEventListener('abort', onAbort, { once: true });
    timers.push(
      setTimeout(() => {
        stop('timeout');
      }, timeoutMs),
    );

    const pump = (name: OutputStream, source: NodeJS.ReadableStream): (() => void) => {
      const decoder = new StringDecoder('utf8');
      const redactor = new StreamRedactor(run.redact);
      const emit = (text: string): void => {
        if (text === '') return;
        source.pause();
        chain = chain
          .then(() => run.onOutput(name, text))
          .catch(() => undefined)
          .then(() => {
            source.resume();
          });
      };
      source.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        bytes += chunk.length;
        emit(redactor.push(decoder.write(chunk)));
      });
      return () => {
        emit(redactor.push(decoder.end()) + redactor.flush());
      };
    };
    const endOut = pump('stdout', child.stdout);
    const endErr = pump('stderr', child.stderr);

    child.once('spawn', () => {
      spawned = true;
      if (child.pid !== undefined) {
        const pid = child.pid;
        chain = chain.then(() => run.onStart?.(pid)).catch(() => undefined);
      }
    });
    child.once('error', (err) => {
      if (spawned) return;
      for (const t of timers) clearTimeout(t);
      run.signal?.removeEventListener('abort', onAbort);
      reject(new BrokerError('broker/spawn', `the command could not start: ${err.message}`));
    });
    child.once('exit', () => {
      // The shell is done: nothing it started may outlive it (it would keep the credentials and the pipes).
      if (child.pid !== undefined) killGroup(child.pid, 'SIGKILL');
      // A process that left the group (setsid) could hold the pipes open: stop waiting for them after the grace.
      timers.push(
        setTimeout(() => {
          child.stdout.destroy();
          child.stderr.destroy();
        }, grace),
      );
    });
    child.once('close', (code: number | null, signal: NodeJS.Signals | null) => {
      for (const t of timers) clearTimeout(t);
      if (killTimer) clearTimeout(killTimer);
      run.signal?.removeEventListener('abort', onAbort);
      endOut();
      endErr();
      void chain.then(() => {
        resolve({
          code,
          signal,
          digest: `sha256:${hash.digest('hex')}`,
          bytes,
          durationMs: Date.now() - started,
          timedOut,
          cancelled,
        });
      });
    });
  });
}
