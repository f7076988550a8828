/** Managing principals (API.md): humans, agents and their tokens. Admins only, except listing agents and narrowing. */
import type { Hono } from 'hono';
import { addHuman, publicHuman } from '../gate/accounts.js';
import {
  addAgent,
  mintToken,
  narrowToken,
  revokeAgent,
  revokeToken,
} from '../gate/agent-tokens.js';
import type { AuditActor } from '../gate/audit-log.js';
import type { HumanPrincipal } from '../gate/types.js';
import { requireAdmin, requireHuman, type AppEnv } from './auth.js';
import { agentView, tokenView, ttlSeconds, type RouteDeps } from './routes.js';
import {
  agentBody,
  humanBody,
  narrowBody,
  readJson,
  readQuery,
  tokenBody,
  tokensQuery,
} from './schemas.js';

const actor = (who: HumanPrincipal): AuditActor => `human:${who.human.name}`;

export function adminRoutes(app: Hono<AppEnv>, { ctx }: RouteDeps): void {
  app.post('/v1/humans', async (c) => {
    const who = requireAdmin(c);
    const body = await readJson(c, humanBody);
    return c.json(await addHuman(ctx, actor(who), body));
  });

  app.get('/v1/humans', async (c) => {
    requireAdmin(c);
    return c.json({ humans: (await ctx.store.listHumans()).map(publicHuman) });
  });

  app.post('/v1/agents', async (c) => {
    const who = requireAdmin(c);
    const body = await readJson(c, agentBody);
    const ttl = ttlSeconds(body.ttl);
    const out = await addAgent(ctx, actor(who), {
      name: body.name,
      scope: body.scope,
      ...(body.operator !== undefined ? { operator: body.operator } : {}),
      ...(ttl !== undefined ? { ttlSeconds: ttl } : {}),
    });
    return c.json({ agent: agentView(out.agent), token: out.token, claims: out.claims });
  });

  app.get('/v1/agents', async (c) => {
    requireHuman(c);
    return c.json({ agents: (await ctx.store.listAgents()).map(agentView) });
  });

  app.delete('/v1/agents/:name', async (c) => {
    const who = requireAdmin(c);
    await revokeAgent(ctx, actor(who), c.req.param('name'));
    return c.json({ ok: true });
  });

  app.post('/v1/tokens', async (c) => {
    const who = requireAdmin(c);
    const body = await readJson(c, tokenBody);
    const ttl = ttlSeconds(body.ttl);
    return c.json(
      await mintToken(ctx, actor(who), {
        agent: body.agent,
        ...(body.scope !== undefined ? { scope: body.scope } : {}),
        ...(ttl !== undefined ? { ttlSeconds: ttl } : {}),
      }),
    );
  });

  app.post('/v1/tokens/narrow', async (c) => {
    const who = requireHuman(c);
    const body = await readJson(c, narrowBody);
    const ttl = ttlSeconds(body.ttl);
    return c.json(
      await narrowToken(ctx, actor(who), {
        token: body.token,
        scope: body.scope,
        ...(ttl !== undefined ? { ttlSeconds: ttl } : {}),
      }),
    );
  });

  app.get('/v1/tokens', async (c) => {
    requireAdmin(c);
    const q = readQuery(c, tokensQuery);
    return c.json({ tokens: (await ctx.store.listTokens(q.agent)).map(tokenView) });
  });

  app.delete('/v1/tokens/:jti', async (c) => {
    const who = requireAdmin(c);
    await revokeToken(ctx, actor(who), c.req.param('jti'));
    return c.json({ ok: true });
  });
}
