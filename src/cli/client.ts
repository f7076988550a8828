/**
 * GateClient: the CLI's thin client of the gate's HTTP API (src/server/API.md). It only moves JSON: every answer
 * is validated with a schema from `client-schemas.ts`, every refusal becomes a `ClientError` with the API's
 * stable code and HTTP status, and a gate that cannot be reached says how to start one. It prints nothing and
 * decides nothing; the commands in `gate-commands.ts` render its answers and pick exit codes.
 */
import type { ZodMiniType } from 'zod/mini';
import { isLoopbackHost } from '../gate/loopback.js';
import * as s from './client-schemas.js';

/** Where the gate listens when neither `--gate` nor `PORTCULLIS_GATE` says otherwise. */
export const DEFAULT_GATE = 'http://127.0.0.1:7421';

/** Client-side codes, beside the API's own (`auth/required`, `approval/expired` ...). */
export type ClientFaultCode = 'gate/unreachable' | 'gate/timeout' | 'gate/bad-response';

/**
 * A refusal or fault seen by the client. `code` is the API's stable code (`approval/self-approval`) or one of
 * {@link ClientFaultCode}; `status` is the HTTP status, 0 when no answer arrived.
 */
export class ClientError extends Error {
  override readonly name = 'ClientError';

  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    /** Seconds to wait, from `retry-after` on `429 request/rate-limited`. */
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

/** A mistake in how the CLI was called (exit 2): a bad URL, a missing argument, input that is not there. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * The gate's base URL: `--gate` first, then `PORTCULLIS_GATE`, then {@link DEFAULT_GATE}. Without a trailing
 * slash, so paths append. Throws `UsageError` for anything but an http(s) URL without credentials, and for plain
 * http to a host other than loopback: a session token must not cross a network in clear text.
 */
export function resolveGateUrl(
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): string {
  const raw =
    flag ?? (env.PORTCULLIS_GATE !== '' ? env.PORTCULLIS_GATE : undefined) ?? DEFAULT_GATE;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`"${raw}" is not a URL (e.g. ${DEFAULT_GATE})`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`"${raw}": the gate is reached over http:// or https://`);
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '')
    throw new UsageError(`"${raw}": a gate URL carries no credentials, query or fragment`);
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname))
    throw new UsageError(`"${raw}": use https:// for a gate that is not on this machine`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

type Query = Readonly<Record<string, string | number | undefined>>;

interface Call<T> {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  query?: Query;
  body?: unknown;
  schema: ZodMiniType<T>;
  timeoutMs?: number;
  /** Send the human session (default true); login does not. */
  auth?: boolean;
}

/** How a GateClient reaches the gate. */
export interface GateClientOptions {
  /** From {@link resolveGateUrl}. */
  baseUrl: string;
  /** The human session (`ses_…`) sent as a bearer token. */
  session?: string;
  /** Per-request time limit (default 15 s). */
  timeoutMs?: number;
  /** Cancels every request in flight (Ctrl-C during `audit tail --follow`). */
  signal?: AbortSignal;
}

const MAX_JSON_BYTES = 32 * 1024 * 1024;

/** A thin, typed client of the gate's HTTP API; one method per endpoint the CLI uses. */
export class GateClient {
  readonly baseUrl: string;
  private readonly session: string | undefined;
  private readonly timeoutMs: number;
  private readonly signal: AbortSignal | undefined;

  constructor(options: GateClientOptions) {
    this.baseUrl = options.baseUrl;
    this.session = options.session;
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.signal = options.signal;
  }

  /** Whether a human session will be sent. */
  get hasSession(): boolean {
    return this.session !== undefined;
  }

  /**
   * Send one request and return the response once it is known to be a success (2xx). Refusals become
   * ClientErrors with the API's code; an unreachable or silent gate becomes `gate/unreachable` or `gate/timeout`.
   */
  async send(
    method: Call<unknown>['method'],
    path: string,
    opts: { query?: Query; body?: unknown; timeoutMs?: number; auth?: boolean } = {},
  ): Promise<Response> {
    const url = new URL(this.baseUrl + path);
    for (const [k, v] of Object.entries(opts.query ?? {}))
      if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { accept: 'application/json' };
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    if (opts.auth !== false && this.session !== undefined)
      headers.authorization = `Bearer ${this.session}`;
    const ms = opts.timeoutMs ?? this.timeoutMs;
    const timeout = AbortSignal.timeout(ms);
    const signal = this.signal ? AbortSignal.any([timeout, this.signal]) : timeout;
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers,
        signal,
        redirect: 'error',
        ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
      });
    } catch (err) {
      throw this.transportError(err, timeout, ms);
    }
    if (!res.ok) throw await refusal(res);
    return res;
  }

  private transportError(err: unknown, timeout: AbortSignal, ms: number): Error {
    if (this.signal?.aborted === true)
      return this.signal.reason instanceof Error ? this.signal.reason : new Error('aborted');
    if (timeout.aborted)
      return new ClientError(
        'gate/timeout',
        `the gate at ${this.baseUrl} did not answer within ${String(ms / 1000)} s`,
        0,
      );
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    const why = cause !== undefined && cause !== 'ECONNREFUSED' ? ` (${cause})` : '';
    return new ClientError(
      'gate/unreachable',
      `no gate at ${this.baseUrl}${why} — start it with \`portcullis serve\``,
      0,
    );
  }

  private async call<T>(c: Call<T>): Promise<T> {
    const res = await this.send(c.method, c.path, c);
    const text = await res.text();
    if (text.length > MAX_JSON_BYTES)
      throw badResponse(c.path, 'the answer is too large', res.status);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw badResponse(c.path, 'the answer is not JSON', res.status);
    }
    const r = c.schema.safeParse(json);
    if (!r.success) {
      const issue = r.error.issues[0];
      const where = issue === undefined ? '' : `${issue.path.map(String).join('.')}: `;
      throw badResponse(
        c.path,
        `unexpected answer (${where}${issue?.message ?? 'invalid'})`,
        res.status,
      );
    }
    return r.data;
  }

  health() {
    return this.call({ method: 'GET', path: '/healthz', schema: s.healthSchema, auth: false });
  }
  login(body: { name: string; password: string; totp?: string }) {
    return this.call({
      method: 'POST',
      path: '/v1/login',
      body,
      schema: s.loginSchema,
      auth: false,
    });
  }
  logout() {
    return this.call({ method: 'POST', path: '/v1/logout', body: {}, schema: s.okSchema });
  }
  me() {
    return this.call({ method: 'GET', path: '/v1/me', schema: s.meSchema });
  }
  changePassword(body: { current: string; next: string }) {
    return this.call({ method: 'POST', path: '/v1/me/password', body, schema: s.okSchema });
  }
  totpStart() {
    return this.call({ method: 'POST', path: '/v1/me/totp', body: {}, schema: s.totpStartSchema });
  }
  totpConfirm(code: string) {
    return this.call({ method: 'POST', path: '/v1/me/totp', body: { code }, schema: s.okSchema });
  }
  listApprovals(query: { status?: string; agent?: string; session?: string; limit?: number }) {
    return this.call({ method: 'GET', path: '/v1/approvals', query, schema: s.approvalsSchema });
  }
  getApproval(id: string) {
    return this.call({
      method: 'GET',
      path: `/v1/approvals/${seg(id)}`,
      schema: s.approvalDetailSchema,
    });
  }
  vote(id: string, vote: 'approve' | 'deny', body: { comment?: string; totp?: string }) {
    const path = `/v1/approvals/${seg(id)}/${vote}`;
    return this.call({ method: 'POST', path, body, schema: s.approvalOneSchema });
  }
  bulk(body: {
    vote: 'approve' | 'deny';
    ids?: string[];
    session?: string;
    comment?: string;
    totp?: string;
  }) {
    return this.call({ method: 'POST', path: '/v1/approvals/bulk', body, schema: s.bulkSchema });
  }
  addHuman(body: { name: string; role: string; groups?: string[] }) {
    return this.call({ method: 'POST', path: '/v1/humans', body, schema: s.humanAddSchema });
  }
  listHumans() {
    return this.call({ method: 'GET', path: '/v1/humans', schema: s.humansSchema });
  }
  addAgent(body: { name: string; scope: s.ScopeView; operator?: string; ttl?: string }) {
    return this.call({ method: 'POST', path: '/v1/agents', body, schema: s.agentAddSchema });
  }
  listAgents() {
    return this.call({ method: 'GET', path: '/v1/agents', schema: s.agentsSchema });
  }
  revokeAgent(name: string) {
    return this.call({ method: 'DELETE', path: `/v1/agents/${seg(name)}`, schema: s.okSchema });
  }
  narrowToken(body: { token: string; scope: s.ScopeView; ttl?: string }) {
    return this.call({
      method: 'POST',
      path: '/v1/tokens/narrow',
      body,
      schema: s.tokenIssuedSchema,
    });
  }
  listTokens(query: { agent?: string }) {
    return this.call({ method: 'GET', path: '/v1/tokens', query, schema: s.tokensSchema });
  }
  revokeToken(jti: string) {
    return this.call({ method: 'DELETE', path: `/v1/tokens/${seg(jti)}`, schema: s.okSchema });
  }
  audit(query: s.AuditQuery) {
    return this.call({ method: 'GET', path: '/v1/audit', query, schema: s.auditSchema });
  }
  auditVerify() {
    return this.call({
      method: 'GET',
      path: '/v1/audit/verify',
      schema: s.verifySchema,
      timeoutMs: 300_000,
    });
  }
  /** The export as a response whose body streams (JSONL or RFC 5424 lines). */
  auditExport(format: 'jsonl' | 'syslog') {
    return this.send('GET', '/v1/audit/export', { query: { format }, timeoutMs: 600_000 });
  }
  listChannels() {
    return this.call({ method: 'GET', path: '/v1/notify', schema: s.channelsSchema });
  }
  testChannel(channel: string) {
    const body = { channel };
    return this.call({
      method: 'POST',
      path: '/v1/notify/test',
      body,
      schema: s.okSchema,
      timeoutMs: 60_000,
    });
  }
}

/** One path segment: an id typed by a human never escapes its place in the URL. */
function seg(v: string): string {
  return encodeURIComponent(v);
}

function badResponse(path: string, why: string, status: number): ClientError {
  return new ClientError(
    'gate/bad-response',
    `the gate's answer to ${path} is not what this CLI expects: ${why}`,
    status,
  );
}

/** The ClientError for a non-2xx answer: the API's `{error: {code, message}}`, or a generic one by status. */
async function refusal(res: Response): Promise<ClientError> {
  const text = await res.text().catch(() => '');
  const retry = Number(res.headers.get('retry-after') ?? Number.NaN);
  const retryAfter = Number.isFinite(retry) && retry >= 0 ? retry : undefined;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const r = s.errorBodySchema.safeParse(body);
  if (r.success)
    return new ClientError(r.data.error.code, r.data.error.message, res.status, retryAfter);
  const code = res.status >= 500 ? 'internal' : `http/${String(res.status)}`;
  return new ClientError(
    code,
    `the gate answered HTTP ${String(res.status)} ${res.statusText}`.trim(),
    res.status,
    retryAfter,
  );
}
