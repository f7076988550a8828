/**
 * The gate's HTTP API (DESIGN.md §10, API.md), as a Hono app over one GateContext. Order of the layers: count the
 * answer (metrics), refuse oversized bodies, then (on authenticated paths) resolve the caller and rate-limit it;
 * each route states who it serves. Every refusal is the JSON error of `errors.ts`; every fault is `500 internal`.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { GateContext } from '../gate/context.js';
import { authenticate, requireHuman, safeEqual, type AppEnv } from './auth.js';
import { defaultConsoleDir, mountConsole } from './console.js';
import { errorBody, errorResponse } from './errors.js';
import { hookRoutes, isHookPath } from './hooks-route.js';
import { linkRoutes } from './links.js';
import { Metrics } from './metrics.js';
import { makeLimiters, type BucketSpec, type LimitKind } from './rate-limit.js';
import { adminRoutes } from './routes-admin.js';
import { approvalRoutes } from './routes-approvals.js';
import { execRoutes } from './routes-exec.js';
import { opsRoutes } from './routes-ops.js';
import { secretRoutes } from './routes-secrets.js';
import { sessionRoutes } from './routes-session.js';
import type { RouteDeps } from './routes.js';
import { eventRoutes, HEARTBEAT_MS } from './sse.js';

/** Largest request body accepted. */
export const MAX_BODY_BYTES = 256 * 1024;

export interface AppOptions {
  /** Override rate limits (tests use tiny buckets). */
  limits?: Partial<Record<LimitKind, BucketSpec>>;
  /** SSE heartbeat interval (default 15 s). */
  heartbeatMs?: number;
  /** Faults answered with `500 internal` (the CLI logs them; never sent to the client). */
  onError?: (err: unknown, where: string) => void;
}

/** Paths under /v1 that need no credential (the login itself, and signed links that carry their own). */
function isPublic(path: string): boolean {
  return path === '/v1/login' || path.startsWith('/v1/links/') || isHookPath(path);
}

/** Is this Authorization header the metrics bearer token? */
function metricsBearer(ctx: GateContext, header: string | undefined): boolean {
  return (
    ctx.metricsToken !== undefined &&
    header !== undefined &&
    safeEqual(header, `Bearer ${ctx.metricsToken}`)
  );
}

function tooLarge(c: Context): Response {
  return c.json(errorBody('request/too-large', 'the body is over 256 KB'), 413, { connection: 'close' });
}

/** Build the API for one gate. Stateless apart from in-memory metrics and rate-limit buckets. */
export function createApp(ctx: GateContext, opts: AppOptions = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const metrics = new Metrics();
  const limiters = makeLimiters(opts.limits);
  const deps: RouteDeps = {
    ctx,
    metrics,
    limiters,
    heartbeatMs: opts.heartbeatMs ?? HEARTBEAT_MS,
    onError: opts.onError,
  };
  const auth = authenticate(ctx, limiters);
  const authUnless =
    (skip: (c: Parameters<MiddlewareHandler<AppEnv>>[0]) => boolean): MiddlewareHandler<AppEnv> =>
    async (c, next) => {
      await (skip(c) ? next() : auth(c, next));
    };

  app.onError((err, c) => errorResponse(c, err, opts.onError));
  app.notFound((c) =>
    c.json(errorBody('request/not-found', `no route ${c.req.method} ${c.req.path}`), 404),
  );

  // Defaults set before the handler: headers a handler sets later override them, and nothing has to rebuild the
  // response afterwards (reading or changing `c.res` after the fact costs more than the whole decision).
  app.use('*', async (c, next) => {
    c.header('x-content-type-options', 'nosniff');
    c.header('cache-control', 'no-store');
    await next();
    metrics.request(c.res.status);
  });
  const limitBody: MiddlewareHandler<AppEnv> = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    // `connection: close`: the unread rest of the body would otherwise be taken for the next request.
    onError: (c) => tooLarge(c),
  });
  // A declared length decides at once; only a chunked body (no length) needs the streaming limiter. Agent hooks
  // bound their own payloads and answer every refusal in the agent's format (hooks-route.ts).
  app.use('*', async (c, next) => {
    if (isHookPath(c.req.path)) {
      await next();
      return;
    }
    const declared = c.req.header('content-length');
    if (declared !== undefined && /^\d+$/.test(declared)) {
      // eslint-disable-next-line @typescript-eslint/no-unsafe-argument -- Hono types a middleware's input as any
      if (Number(declared) > MAX_BODY_BYTES) return tooLarge(c);
      await next();
      return;
    }
    if (c.req.method === 'GET' || c.req.method === 'HEAD') {
      await next();
      return;
    }
    return limitBody(c as Parameters<typeof limitBody>[0], next);
  });
  app.use(
    '/v1/*',
    authUnless((c) => isPublic(c.req.path)),
  );
  app.use(
    '/metrics',
    authUnless((c) => metricsBearer(ctx, c.req.header('authorization'))),
  );

  app.get('/healthz', (c) => c.json({ ok: true, store: ctx.store.dialect, version: ctx.version }));

  app.get('/metrics', async (c) => {
    if (!metricsBearer(ctx, c.req.header('authorization'))) requireHuman(c);
    const now = ctx.now();
    const pending = (await ctx.store.listApprovals({ status: 'pending', limit: 100_000 })).filter(
      (a) => a.expiresAt > now,
    ).length;
    c.header('content-type', 'text/plain; version=0.0.4; charset=utf-8');
    return c.body(metrics.render(pending));
  });

  approvalRoutes(app, deps);
  sessionRoutes(app, deps);
  adminRoutes(app, deps);
  opsRoutes(app, deps);
  eventRoutes(app, deps);
  linkRoutes(app, deps);
  hookRoutes(app, deps);
  execRoutes(app, deps);
  secretRoutes(app, deps);
  mountConsole(app, { assetsDir: defaultConsoleDir() });
  return app;
}
