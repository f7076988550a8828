/**
 * The vault over the API (API.md "Broker"), admins only. A value goes in and never comes out: not in an answer,
 * not in the audit trail (which records the name and who set it), not in an error message.
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { BrokerError } from '../broker/errors.js';
import { MAX_SECRET_BYTES, type Vault } from '../broker/vault.js';
import type { GateContext } from '../gate/context.js';
import { requireAdmin, type AppEnv } from './auth.js';
import { ApiError } from './errors.js';
import type { RouteDeps } from './routes.js';
import { readJson } from './schemas.js';

const secretName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, ".", "_" or "-" (at most 64)');

export const secretBody = z.strictObject({
  name: secretName,
  // Messages only (readJson never echoes values): the value is checked again by the vault.
  value: z
    .string()
    .min(1, 'a secret value is not empty')
    .max(MAX_SECRET_BYTES, `at most ${MAX_SECRET_BYTES} bytes`),
});

function vaultOf(ctx: GateContext): Vault {
  if (!ctx.vault) throw new ApiError('gate/unavailable', 'this gate has no vault');
  return ctx.vault;
}

/** A vault fault as the API reports it: bad input is 400, a key problem makes the vault unavailable. */
async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (!(err instanceof BrokerError)) throw err;
    if (err.code === 'vault/invalid') throw new ApiError('request/invalid', err.message);
    throw new ApiError('gate/unavailable', `the vault cannot be used: ${err.message}`);
  }
}

export function secretRoutes(app: Hono<AppEnv>, { ctx }: RouteDeps): void {
  app.post('/v1/secrets/rotate', async (c) => {
    const who = requireAdmin(c);
    await readJson(c, z.strictObject({}), { empty: true });
    const vault = vaultOf(ctx);
    const { count, kid } = await guarded(() => vault.rotate());
    await ctx.audit.record('secret.rotated', `human:${who.human.name}`, { count, kid });
    return c.json({ ok: true, count });
  });

  app.post('/v1/secrets', async (c) => {
    const who = requireAdmin(c);
    const body = await readJson(c, secretBody);
    const vault = vaultOf(ctx);
    await guarded(() => vault.set(body.name, body.value));
    await ctx.audit.record('secret.set', `human:${who.human.name}`, { name: body.name });
    return c.json({ ok: true });
  });

  app.get('/v1/secrets', async (c) => {
    requireAdmin(c);
    const vault = vaultOf(ctx);
    return c.json({ secrets: await guarded(() => vault.list()) });
  });

  app.delete('/v1/secrets/:name', async (c) => {
    const who = requireAdmin(c);
    const name = secretName.safeParse(c.req.param('name'));
    if (!name.success) throw new ApiError('request/invalid', 'not a secret name');
    const vault = vaultOf(ctx);
    if (!(await guarded(() => vault.remove(name.data)))) {
      throw new ApiError('request/not-found', `no secret named ${name.data}`);
    }
    await ctx.audit.record('secret.removed', `human:${who.human.name}`, { name: name.data });
    return c.json({ ok: true });
  });
}
