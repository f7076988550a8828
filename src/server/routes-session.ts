/** A human's own session (API.md): log in and out, who am I, change my password, enrol TOTP. */
import type { Hono } from 'hono';
import { changePassword, enrolTotp, login, logout, publicHuman } from '../gate/accounts.js';
import {
  clearSessionCookie,
  clientIp,
  enforceLimit,
  requireHuman,
  setSessionCookie,
  type AppEnv,
} from './auth.js';
import type { RouteDeps } from './routes.js';
import { loginBody, passwordBody, readJson, totpBody } from './schemas.js';

export function sessionRoutes(app: Hono<AppEnv>, { ctx, limiters }: RouteDeps): void {
  app.post('/v1/login', async (c) => {
    const body = await readJson(c, loginBody);
    const ip = clientIp(c);
    // Per name and address: slows guessing one account without letting a stranger lock it for everyone.
    enforceLimit(limiters.login, `${body.name}\n${ip}`);
    const { secret, session, human } = await login(ctx, body, { ip });
    setSessionCookie(c, secret, session.expiresAt);
    return c.json({
      session: secret,
      csrf: session.csrf,
      expiresAt: new Date(session.expiresAt).toISOString(),
      human: publicHuman(human),
    });
  });

  app.post('/v1/logout', async (c) => {
    const who = requireHuman(c);
    await logout(ctx, who);
    clearSessionCookie(c);
    return c.json({ ok: true });
  });

  // The CSRF token too: a console reloaded with its cookie can recover it (no other origin can read this answer).
  app.get('/v1/me', (c) => {
    const who = requireHuman(c);
    return c.json({ human: publicHuman(who.human), csrf: who.session.csrf });
  });

  app.post('/v1/me/password', async (c) => {
    const who = requireHuman(c);
    const body = await readJson(c, passwordBody);
    await changePassword(ctx, who, body.current, body.next);
    return c.json({ ok: true });
  });

  app.post('/v1/me/totp', async (c) => {
    const who = requireHuman(c);
    const body = await readJson(c, totpBody, { empty: true });
    return c.json(await enrolTotp(ctx, who, body.code));
  });
}
