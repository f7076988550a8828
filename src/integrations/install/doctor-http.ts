/**
 * `doctor` for a Claude Code `type: "http"` hook: POST the sample to the hook's URL the way Claude Code does —
 * the handler's headers with `$VAR` / `${VAR}` filled from the environment only for the variables
 * `allowedEnvVars` lists (others become empty) — and read the answer by Claude's rules (reference/agent-hooks.md
 * §2.1): 2xx + JSON object = a decision, 2xx + empty body = no decision, anything else (another status, another
 * body, a refused connection, a timeout) = a hook failure, which `onFailure: "block"` turns into a block.
 * node:http(s), bounded in time and size; never throws.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Check } from './doctor-checks.js';
import { agentReads, type Reading } from './doctor-reading.js';
import { isLoopbackHost } from './gate.js';
import { shellQuote } from './hook-command.js';
import type { JsonObject } from './json-shapes.js';

/** How long doctor waits for the gate: far above its answer budget, short enough for a report. */
export const HTTP_PROBE_MS = 3000;
/** More than any hook answer (Claude reads 10 000 characters); bounds what a wrong server can send. */
const MAX_ANSWER_BYTES = 256 * 1024;

/** What came back from one POST. */
export interface HttpAnswer {
  /** The status, when a response arrived. */
  status?: number;
  body: string;
  /** The connection failed: errno code (`ECONNREFUSED`, `ENOTFOUND`, …) and message. */
  error?: { code: string; message: string };
  timedOut: boolean;
  ms: number;
}

/** POST `body` to `url` with `headers`; resolves with what happened, never rejects. */
export function postHook(
  url: string,
  headers: Readonly<Record<string, string>>,
  body: string,
  timeoutMs: number,
): Promise<HttpAnswer> {
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    let timedOut = false;
    const finish = (a: Omit<HttpAnswer, 'ms' | 'timedOut'>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...a, timedOut, ms: performance.now() - started });
    };
    const onResponse = (res: IncomingMessage): void => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_ANSWER_BYTES) req.destroy(new Error('the answer is too large'));
        else chunks.push(c);
      });
      res.on('end', () => {
        finish({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', (e) => {
        finish({ body: '', error: { code: 'ERESPONSE', message: e.message } });
      });
    };
    const request = url.startsWith('https:') ? httpsRequest : httpRequest;
    const req = request(
      url,
      {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      onResponse,
    );
    const timer = setTimeout(() => {
      timedOut = true;
      req.destroy(new Error(`no answer within ${String(timeoutMs)} ms`));
    }, timeoutMs);
    req.on('error', (e: NodeJS.ErrnoException) => {
      finish({ body: '', error: { code: e.code ?? 'ERROR', message: e.message } });
    });
    req.end(body);
  });
}

const ENV_REF = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/**
 * The headers Claude Code would send for `handler`, and the variables it references that come out empty (not in
 * `allowedEnvVars`, or unset in `env`).
 */
export function claudeHeaders(
  handler: JsonObject,
  env: NodeJS.ProcessEnv,
): { headers: Record<string, string>; empty: string[] } {
  const allowed = Array.isArray(handler.allowedEnvVars)
    ? handler.allowedEnvVars.filter((v) => typeof v === 'string')
    : [];
  const headers: Record<string, string> = {};
  const empty = new Set<string>();
  const given = handler.headers;
  if (typeof given !== 'object' || given === null || Array.isArray(given))
    return { headers, empty: [] };
  for (const [name, value] of Object.entries(given)) {
    if (typeof value !== 'string') continue;
    headers[name] = value.replace(ENV_REF, (_m, braced?: string, bare?: string) => {
      const v = braced ?? bare ?? '';
      const filled = allowed.includes(v) ? (env[v] ?? '') : '';
      if (filled === '') empty.add(v);
      return filled;
    });
  }
  return { headers, empty: [...empty] };
}

/** Describe an answer that is not a decision. */
function failure(a: HttpAnswer, url: string): string {
  if (a.timedOut) return `the gate did not answer within ${String(Math.round(a.ms))} ms`;
  if (a.error) return `no answer from ${url} (${a.error.code}: ${a.error.message})`;
  return `the gate answered HTTP ${String(a.status)}`;
}

/** What Claude Code does with the call after its http hook got `a`; `failClosed`: `onFailure: "block"`. */
export function claudeReadsHttp(a: HttpAnswer, url: string, failClosed: boolean): Reading {
  const broken = (why: string): Reading =>
    failClosed
      ? { effect: 'block', clean: false, why: `${why}; onFailure "block" blocks the call` }
      : { effect: 'proceed', clean: false, why: `${why}; Claude Code lets the call through` };
  const status = a.status;
  if (a.error || a.timedOut || status === undefined || status < 200 || status > 299)
    return broken(failure(a, url));
  const body = a.body.trim();
  if (body === '') return { effect: 'proceed', clean: true, why: 'empty answer: no decision' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return broken('the answer is not a JSON object');
  // A 2xx JSON body is read exactly like a command hook's stdout.
  const run = { exitCode: 0, stdout: body, stderr: '', timedOut: false, ms: a.ms };
  const r = agentReads('claude-code', 'PreToolUse', run, failClosed);
  // The gate's reason tells a policy verdict from a refused token: show it with a block or an ask.
  const reason = (parsed as { hookSpecificOutput?: { permissionDecisionReason?: unknown } })
    .hookSpecificOutput?.permissionDecisionReason;
  if (r.effect === 'proceed' || typeof reason !== 'string' || reason.trim() === '') return r;
  const line = reason.trim().split('\n')[0] ?? '';
  return { ...r, why: `${r.why}: ${line.length > 200 ? `${line.slice(0, 197)}...` : line}` };
}

/**
 * A warning when a header of the http hook comes out empty here (`$PORTCULLIS_TOKEN` unset, or a variable
 * `allowedEnvVars` does not list): Claude Code started from this environment would send no token.
 */
export function tokenChecks(handler: JsonObject, env: NodeJS.ProcessEnv): Check[] {
  const { empty } = claudeHeaders(handler, env);
  if (empty.length === 0) return [];
  const names = empty.map((v) => `$${v}`).join(', ');
  return [
    {
      name: 'token',
      status: 'warn',
      detail: `${names} is empty in this environment (unset, or not in allowedEnvVars): Claude Code started from here sends no token, and a gate that requires one denies every call`,
      fix: `export ${empty[0] ?? 'PORTCULLIS_TOKEN'}=… in the environment Claude Code starts from`,
    },
  ];
}

/**
 * The failing check for an http hook whose gate gave no answer at all (refused, unreachable, timed out), or
 * undefined when an answer came. It says what Claude Code does meanwhile: block everything (onFailure "block")
 * or let everything through unchecked.
 */
export function gateDownCheck(a: HttpAnswer, url: string, failClosed: boolean): Check | undefined {
  if (!a.error && !a.timedOut) return undefined;
  const meanwhile = failClosed
    ? 'with onFailure "block", Claude Code blocks every tool call until the gate answers'
    : 'Claude Code lets every tool call through unchecked';
  const origin = new URL(url).origin;
  const what =
    a.error?.code === 'ECONNREFUSED'
      ? `gate not running: nothing listens at ${origin} (connection refused)`
      : a.timedOut
        ? `the gate at ${origin} did not answer within ${String(Math.round(a.ms))} ms`
        : `the gate at ${origin} cannot be reached (${a.error?.code ?? 'error'}: ${a.error?.message ?? ''})`;
  const local = isLoopbackHost(new URL(url).hostname);
  return {
    name: 'gate',
    status: 'fail',
    detail: `${what}; ${meanwhile}`,
    fix: local
      ? 'start the gate: portcullis serve'
      : `start the gate at ${origin}, or check the network to it`,
  };
}

/** A curl line that POSTs `payload` to the hook URL as Claude Code would (for a `fix`). */
export function curlCommand(url: string, payload: string): string {
  return `curl -sS -H 'content-type: application/json' -H "Authorization: Bearer $PORTCULLIS_TOKEN" --data-binary ${shellQuote(payload)} ${shellQuote(url)}`;
}
