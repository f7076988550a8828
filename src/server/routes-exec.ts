/**
 * `POST /v1/exec` (API.md "Broker"): an agent asks the gate to run a shell command for it. The answer is an NDJSON
 * stream: the decision first, and only when it is `allow`, the run (`src/broker/exec.ts`). Who may ask is exactly
 * who may ask `/v1/decide` (an agent token, or an anonymous loopback caller when the gate allows it). Closing the
 * connection cancels: a wait for a human ends unused, a running command is stopped.
 */
import { statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import type { Hono } from 'hono';
import { stream } from 'hono/streaming';
import { z } from 'zod';
import { brokerExec, type ExecLine } from '../broker/exec.js';
import { DEFAULT_TIMEOUT_MS } from '../broker/run.js';
import { requireDecider, type AppEnv } from './auth.js';
import { ApiError } from './errors.js';
import type { RouteDeps } from './routes.js';
import { actionRequestSchema, readJson, toActionRequest } from './schemas.js';

export const execBody = z.strictObject({
  request: actionRequestSchema,
  /** Seconds to hold an ask open for a human (≤ 300). */
  wait: z.optional(z.number().min(0).max(300)),
  /** Seconds the command may run (default 600, at most 3600). */
  timeout: z.optional(z.number().min(1).max(3600)),
});

/** The directory must exist here: the broker runs on the gate's machine, not the agent's. */
function checkCwd(cwd: string): void {
  if (!isAbsolute(cwd)) throw new ApiError('request/invalid', 'request.cwd: an absolute path');
  let dir = false;
  try {
    dir = statSync(cwd).isDirectory();
  } catch {
    dir = false;
  }
  if (!dir) {
    throw new ApiError(
      'request/invalid',
      `request.cwd: ${cwd} is not a directory on the gate's machine (the broker runs commands there)`,
    );
  }
}

export function execRoutes(app: Hono<AppEnv>, { ctx, metrics, onError }: RouteDeps): void {
  app.post('/v1/exec', async (c) => {
    // Unlike /v1/decide, never anonymous: the broker runs as the gate's user with bound credentials, so an
    // unauthenticated local process must not be able to borrow either.
    const caller = c.get('principal');
    if (caller === undefined) {
      throw new ApiError(
        'auth/required',
        'an agent token is required to run commands through the broker',
      );
    }
    const body = await readJson(c, execBody);
    const who = requireDecider(c, ctx, body.request.agent);
    const request = toActionRequest(body.request);
    if (request.kind !== 'shell') {
      throw new ApiError('request/invalid', 'request.kind: the broker runs shell commands only');
    }
    checkCwd(request.cwd);
    const cancel = new AbortController();
    c.header('content-type', 'application/x-ndjson; charset=utf-8');
    return stream(
      c,
      async (out) => {
        out.onAbort(() => {
          cancel.abort();
        });
        c.req.raw.signal.addEventListener('abort', () => {
          cancel.abort();
        });
        const emit = async (line: ExecLine): Promise<void> => {
          if (!out.aborted) await out.write(`${JSON.stringify(line)}\n`);
        };
        await brokerExec(ctx, {
          request,
          who,
          waitMs: (body.wait ?? 0) * 1000,
          timeoutMs: body.timeout !== undefined ? body.timeout * 1000 : DEFAULT_TIMEOUT_MS,
          signal: cancel.signal,
          emit,
          ...(onError ? { onError } : {}),
          onDecision: (d) => {
            metrics.decision(d.verdict, undefined);
          },
        });
      },
      async (err, out) => {
        onError?.(err, 'POST /v1/exec');
        await out.write(
          `${JSON.stringify({ type: 'error', message: 'internal error; nothing more was run' })}\n`,
        );
      },
    );
  });
}
