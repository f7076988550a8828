/**
 * Who is calling (API.md "Authentication"). One middleware resolves the principal once per request: a bearer
 * session (`ses_…`, the CLI), a bearer JWT (an agent), or the console's session cookie, which must be accompanied
 * by its CSRF token on anything but GET. A credential that is present but wrong is a 401 at once; it never falls
 * back to anonymous. Routes then state what they need with `requireHuman`, `requireAdmin`, `requireCaller`.
 */
import { timingSafeEqual } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { sessionFromSecret } from '../gate/accounts.js';
import { agentFromBearer } from '../gate/agent-tokens.js';
import type { GateContext } from '../gate/context.js';
import type { AgentPrincipal, HumanPrincipal, Principal } from '../gate/types.js';
import { ApiError } from './errors.js';
import type { LimitKind, RateLimiter } from './rate-limit.js';

export const SESSION_COOKIE = 'portcullis_session';
export const CSRF_HEADER = 'x-csrf-token';

export interface AppEnv {
  Variables: {
    principal: Principal | undefined;
    ip: string;
  };
}

/** What a human who must change their one-time password may still do. */
const MUST_CHANGE_ALLOWED = new Set(['/v1/me', '/v1/me/password', '/v1/logout']);
const SAFE_METHODS = new Set(['GET', 'HEAD']);

/** Constant-time string equality (length is not secret: both sides are fixed-length tokens). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The peer's address, or `unknown` when the request did not come through a socket (in-process tests). */
export function clientIp(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function bearer(c: Context): string | undefined {
  const h = c.req.header('authorization');
  if (h === undefined) return undefined;
  const m = /^Bearer ([\x21-\x7e]{1,8192})$/i.exec(h.trim());
  if (!m?.[1]) throw new ApiError('auth/invalid-token', 'expected "Authorization: Bearer <token>"');
  return m[1];
}

/** Who is calling: an agent (JWT), a human (session bearer or cookie + CSRF), or nobody. Throws 401/403 codes. */
export async function resolve(ctx: GateContext, c: Context): Promise<Principal | undefined> {
  const token = bearer(c);
  if (token !== undefined) {
    if (token.startsWith('ses_')) {
      const who = await sessionFromSecret(ctx, token);
      if (!who) throw new ApiError('auth/invalid-token', 'the session is unknown or has expired');
      return who;
    }
    return agentFromBearer(ctx, token);
  }
  const cookie = getCookie(c, SESSION_COOKIE);
  if (cookie === undefined) return undefined;
  const who = await sessionFromSecret(ctx, cookie);
  if (!who) throw new ApiError('auth/invalid-token', 'the session is unknown or has expired');
  if (!SAFE_METHODS.has(c.req.method)) {
    // A cookie rides along on any request the browser makes; only our own page can read the CSRF token.
    const sent = c.req.header(CSRF_HEADER) ?? '';
    if (!safeEqual(sent, who.session.csrf)) {
      throw new ApiError('auth/csrf', `a cookie session needs the ${CSRF_HEADER} header`);
    }
  }
  return who;
}

/** The rate-limit bucket of a caller. */
export function limitKey(who: Principal | undefined, ip: string): [LimitKind, string] {
  if (!who) return ['anonymous', `ip:${ip}`];
  if (who.kind === 'agent') return ['agent', `agent:${who.jti ?? who.name}`];
  return ['human', `session:${who.session.id}`];
}

/** Throw the rate-limit refusal when `limiter` has nothing left for `key`. */
export function enforceLimit(limiter: RateLimiter, key: string): void {
  const wait = limiter.take(key);
  if (wait > 0) {
    throw new ApiError('request/rate-limited', `too many requests; retry in ${wait}s`, {
      'retry-after': String(wait),
    });
  }
}

/** Resolve the principal, check CSRF and the must-change-password rule, and rate-limit by principal. */
export function authenticate(
  ctx: GateContext,
  limiters: Record<LimitKind, RateLimiter>,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const ip = clientIp(c);
    c.set('ip', ip);
    const who = await resolve(ctx, c);
    c.set('principal', who);
    if (
      who?.kind === 'human' &&
      who.human.mustChangePassword &&
      !MUST_CHANGE_ALLOWED.has(c.req.path)
    ) {
      throw new ApiError(
        'auth/password-change-required',
        'change your one-time password first (POST /v1/me/password)',
      );
    }
    const [kind, key] = limitKey(who, ip);
    enforceLimit(limiters[kind], key);
    await next();
  };
}

/** The caller, who must be a logged-in human. */
export function requireHuman(c: Context<AppEnv>): HumanPrincipal {
  const who = c.get('principal');
  if (!who) throw new ApiError('auth/required', 'log in first');
  if (who.kind !== 'human') throw new ApiError('auth/forbidden', 'only a human may do this');
  return who;
}

/** The caller, who must be an admin. */
export function requireAdmin(c: Context<AppEnv>): HumanPrincipal {
  const who = requireHuman(c);
  if (who.human.role !== 'admin') throw new ApiError('auth/forbidden', 'only an admin may do this');
  return who;
}

/** The caller, human or agent. */
export function requireCaller(c: Context<AppEnv>): Principal {
  const who = c.get('principal');
  if (!who) throw new ApiError('auth/required', 'a token or a session is required');
  return who;
}

/** The caller of `/v1/decide`: an agent, or (when the gate allows it) an anonymous hook named by its request. */
export function requireDecider(
  c: Context<AppEnv>,
  ctx: GateContext,
  requestAgent: string | undefined,
): AgentPrincipal {
  const who = c.get('principal');
  if (who?.kind === 'agent') return who;
  if (who) throw new ApiError('auth/forbidden', 'only agents ask for decisions');
  if (!ctx.settings.anonymousAgents)
    throw new ApiError('auth/required', 'an agent token is required');
  return { kind: 'agent', name: `anonymous:${requestAgent ?? 'agent'}` };
}

/** Whether the session cookie may be sent without `Secure`: plain HTTP to a loopback address only. */
function insecureLoopback(c: Context): boolean {
  const url = new URL(c.req.url);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return (
    url.protocol === 'http:' && (host === '127.0.0.1' || host === '::1' || host === 'localhost')
  );
}

export function setSessionCookie(c: Context, secret: string, expiresAt: number): void {
  setCookie(c, SESSION_COOKIE, secret, {
    httpOnly: true,
    sameSite: 'Strict',
    secure: !insecureLoopback(c),
    path: '/',
    expires: new Date(expiresAt),
  });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: !insecureLoopback(c) });
}
