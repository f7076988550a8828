/**
 * `POST /v1/hooks/:agent`: the daemon answering an agent's hook payload in that agent's own format, so a hook needs
 * no process at all (Claude Code's `type: "http"` hook) or only `curl` (DESIGN.md §8). Most agents let a call
 * through on a non-2xx answer, a connection failure or a timeout, so this route answers 200 with the agent's deny
 * for every refusal it can render — a bad token, a rate limit, an oversize or garbled payload, an internal fault —
 * and bounds its own time inside the agent's hook timeout. Only an unknown agent name (nothing to render) is a 404.
 */
import type { Context, Hono } from 'hono';
import type { HookOutput } from '../integrations/hooks/adapter.js';
import { adapterFor } from '../integrations/hooks/index.js';
import { failClosedMessage } from '../integrations/hooks/messages.js';
import { MAX_PAYLOAD_BYTES, runHook } from '../integrations/hooks/run.js';
import { clientIp, enforceLimit, limitKey, requireDecider, resolve, type AppEnv } from './auth.js';
import { errorBody } from './errors.js';
import type { RouteDeps } from './routes.js';

const PREFIX = '/v1/hooks/';

/** Whether a path is the hook route (public to the auth middleware: it authenticates itself, failing closed). */
export function isHookPath(path: string): boolean {
  return path.startsWith(PREFIX);
}

/** The hook's answer over HTTP: the agent's stdout as the body; exit code and stderr in headers for curl wrappers. */
function send(c: Context<AppEnv>, out: HookOutput): Response {
  c.header('x-portcullis-exit', String(out.exitCode));
  if (out.stderr !== '') {
    c.header('x-portcullis-stderr', encodeURIComponent(out.stderr.slice(0, 2000)));
  }
  if (out.stdout.trim().startsWith('{')) {
    return c.body(out.stdout, 200, { 'content-type': 'application/json' });
  }
  return c.body(out.stdout, 200, { 'content-type': 'text/plain; charset=utf-8' });
}

async function readCapped(c: Context, max: number): Promise<Buffer | undefined> {
  const declared = Number(c.req.header('content-length') ?? '0');
  if (declared > max) return undefined;
  const buf = Buffer.from(await c.req.arrayBuffer());
  return buf.length > max ? undefined : buf;
}

export function hookRoutes(app: Hono<AppEnv>, { ctx, limiters, metrics }: RouteDeps): void {
  app.post(`${PREFIX}:agent`, async (c) => {
    const adapter = await adapterFor(c.req.param('agent'));
    if (!adapter) {
      return c.json(
        errorBody('request/not-found', `no hook adapter for "${c.req.param('agent')}"`),
        404,
      );
    }
    const deny = (why: string): Response => send(c, adapter.failClosed(failClosedMessage(why)));
    try {
      const who = await resolve(ctx, c);
      c.set('principal', who);
      const [kind, key] = limitKey(who, clientIp(c));
      enforceLimit(limiters[kind], key);
      const raw = await readCapped(c, MAX_PAYLOAD_BYTES);
      if (!raw) return deny(`the hook payload is over the ${MAX_PAYLOAD_BYTES}-byte limit`);
      const agent = requireDecider(c, ctx, adapter.agent);
      const judge = async (req: Parameters<typeof ctx.gate.decide>[0]) => {
        const started = performance.now();
        const d = await ctx.gate.decide(req, agent);
        metrics.decision(d.verdict, (performance.now() - started) / 1000);
        return d;
      };
      return send(c, await runHook(adapter, raw, judge, { cwd: '/', budgetMs: adapter.budgetMs }));
    } catch (err) {
      return deny(err instanceof Error ? err.message : 'internal error');
    }
  });
}
