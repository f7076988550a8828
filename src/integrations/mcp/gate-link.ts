/**
 * The MCP side's client of the gate's HTTP API (src/server/API.md): `/v1/decide` with a wait, one approval's
 * status, the broker's `/v1/exec` NDJSON stream and the best-effort `/v1/mcp/results` audit. Every answer is
 * validated with zod before anything reads it; an answer that does not parse is an error, never an allow.
 *
 * fetch rather than node:http: these are long-lived processes (an MCP server), not a hook's cold start.
 */
import { z } from 'zod';
import type { ActionRequest } from '../../analyze/request.js';
import type { GateTarget } from '../hooks/remote.js';

/** Largest JSON answer read from the gate (a decision, an approval). */
const MAX_ANSWER_BYTES = 1024 * 1024;
/** Longest line of the exec stream (the gate sends chunks far smaller). */
const MAX_LINE_BYTES = 1024 * 1024;

const approvalSchema = z.looseObject({
  id: z.string().regex(/^apr_[a-z2-7]{20}$/),
  status: z.string().max(32),
  url: z.string().max(2048),
  summary: z.string().optional(),
  risk: z.string().optional(),
  required: z.number().optional(),
  approvedBy: z.array(z.string()).optional(),
  deniedBy: z.array(z.string()).optional(),
  comments: z
    .array(
      z.looseObject({ approver: z.string(), vote: z.string().optional(), comment: z.string() }),
    )
    .optional(),
  expiresAt: z.string().optional(),
});

/** An approval as the gate shows it to the agent that asked (`ApprovalView`). */
export type Ticket = z.infer<typeof approvalSchema>;

const decisionSchema = z.looseObject({
  verdict: z.enum(['allow', 'ask', 'deny']),
  risk: z.string(),
  rule: z.string(),
  reasons: z.array(z.string()),
  approval: approvalSchema.optional(),
});

/** The part of a `GateDecision` the MCP side reads. */
export type LinkDecision = z.infer<typeof decisionSchema>;

const execLineSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('decision'), decision: decisionSchema }),
  z.looseObject({ type: z.literal('start'), pid: z.number().optional() }),
  z.looseObject({ type: z.literal('stdout'), data: z.string() }),
  z.looseObject({ type: z.literal('stderr'), data: z.string() }),
  z.looseObject({
    type: z.literal('exit'),
    code: z.number().nullable(),
    signal: z.string().nullable().optional(),
    digest: z.string().optional(),
  }),
]);

/** One line of the broker's `/v1/exec` stream. */
export type ExecLine = z.infer<typeof execLineSchema>;

/** A refusal or failure of the gate, with its stable code when it sent one (`auth/invalid-token` ...). */
export class GateCallError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'GateCallError';
  }
}

/** Where the gate is and who we are to it; `fetch` is injectable for tests. */
export interface GateLink {
  target: GateTarget;
  fetch?: typeof fetch;
}

function endpoint(link: GateLink, path: string): URL {
  const base = link.target.url.endsWith('/') ? link.target.url : `${link.target.url}/`;
  return new URL(path, base);
}

function headers(link: GateLink, json: boolean): Record<string, string> {
  return {
    ...(json ? { 'content-type': 'application/json' } : {}),
    ...(link.target.token ? { authorization: `Bearer ${link.target.token}` } : {}),
  };
}

async function call(
  link: GateLink,
  method: 'GET' | 'POST',
  path: string,
  body: unknown,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<Response> {
  const signals = [AbortSignal.timeout(timeoutMs), ...(signal ? [signal] : [])];
  try {
    return await (link.fetch ?? fetch)(endpoint(link, path), {
      method,
      headers: headers(link, body !== undefined),
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.any(signals),
    });
  } catch (err) {
    const why = err instanceof Error && err.name === 'TimeoutError' ? 'timed out' : 'unreachable';
    throw new GateCallError(`the gate at ${link.target.url} is ${why}`, 0, undefined);
  }
}

async function readJson(res: Response): Promise<unknown> {
  const text = await res.text();
  if (Buffer.byteLength(text) > MAX_ANSWER_BYTES) {
    throw new GateCallError('the gate answer is too large', res.status, undefined);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new GateCallError(`the gate sent no JSON (HTTP ${res.status})`, res.status, undefined);
  }
  if (!res.ok) {
    const e = z
      .object({ error: z.object({ code: z.string(), message: z.string().optional() }) })
      .safeParse(parsed);
    const code = e.success ? e.data.error.code : undefined;
    const message = e.success ? (e.data.error.message ?? code) : `HTTP ${res.status}`;
    throw new GateCallError(
      `the gate refused: ${code ?? ''} ${message ?? ''}`.trim(),
      res.status,
      code,
    );
  }
  return parsed;
}

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new GateCallError(`the gate sent an unreadable ${what}`, 200, undefined);
  return r.data;
}

/**
 * `POST /v1/decide {request, wait}`: the gate's verdict, and on ask the ticket. `wait` (seconds, ≤ 300) holds an
 * ask open for a human; the HTTP timeout grows with it.
 */
export async function decide(
  link: GateLink,
  request: ActionRequest,
  waitSeconds = 0,
): Promise<LinkDecision> {
  const body = { request, ...(waitSeconds > 0 ? { wait: waitSeconds } : {}) };
  const res = await call(
    link,
    'POST',
    'v1/decide',
    body,
    link.target.timeoutMs + waitSeconds * 1000,
  );
  return parse(decisionSchema, await readJson(res), 'decision');
}

/** `GET /v1/approvals/:id[?wait=]`: the approval as the gate shows it to this agent. */
export async function approvalStatus(
  link: GateLink,
  id: string,
  waitSeconds = 0,
  signal?: AbortSignal,
): Promise<Ticket> {
  const path = `v1/approvals/${encodeURIComponent(id)}${waitSeconds > 0 ? `?wait=${waitSeconds}` : ''}`;
  const res = await call(
    link,
    'GET',
    path,
    undefined,
    link.target.timeoutMs + waitSeconds * 1000,
    signal,
  );
  const body = parse(z.looseObject({ approval: approvalSchema }), await readJson(res), 'approval');
  return body.approval;
}

/**
 * `POST /v1/exec`: the broker's stream, line by line, each validated. The first line is always the decision;
 * aborting `signal` closes the connection, which cancels the run at the gate.
 */
export async function* execStream(
  link: GateLink,
  body: { request: ActionRequest; wait?: number; timeout?: number },
  signal?: AbortSignal,
): AsyncGenerator<ExecLine> {
  const limit = link.target.timeoutMs + ((body.wait ?? 0) + (body.timeout ?? 3600)) * 1000;
  const res = await call(link, 'POST', 'v1/exec', body, limit, signal);
  if (!res.ok || !res.body) {
    await readJson(res);
    throw new GateCallError(`the gate answered HTTP ${res.status}`, res.status, undefined);
  }
  const decoder = new TextDecoder();
  let pending = '';
  for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
    pending += decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, nl).trim();
      pending = pending.slice(nl + 1);
      if (line !== '') yield execLine(line);
    }
    if (pending.length > MAX_LINE_BYTES) {
      throw new GateCallError('the exec stream sent an oversized line', 200, undefined);
    }
  }
  if (pending.trim() !== '') yield execLine(pending.trim());
}

function execLine(line: string): ExecLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new GateCallError('the exec stream sent a line that is not JSON', 200, undefined);
  }
  return parse(execLineSchema, value, 'exec line');
}

/** One MCP call's result for the audit trail: never its content, only its size and digest. */
export interface ResultRecord {
  server: string;
  tool: string;
  ok: boolean;
  digest: string;
  bytes: number;
}

/**
 * `POST /v1/mcp/results`, best effort: the call has already been decided and audited by `/v1/decide`, so a gate
 * that lacks the endpoint (404) or fails only loses the result record. Resolves to whether it was recorded.
 */
export async function postResult(link: GateLink, record: ResultRecord): Promise<boolean> {
  try {
    const res = await call(link, 'POST', 'v1/mcp/results', record, link.target.timeoutMs);
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}
