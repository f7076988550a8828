/**
 * Who gets in, in a real browser: a wrong password, a missing or wrong TOTP code, a forged CSRF token and an
 * agent's token dressed up as a console session are all refused; TOTP enrolment, the one-time-password change
 * and logout work from the page.
 */
/* eslint-disable @typescript-eslint/no-unsafe-member-access -- reply bodies are untyped JSON the assertions inspect */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../identity/totp.js';
import {
  addAgentToken,
  addPerson,
  codeFor,
  goNav,
  launchBrowser,
  login,
  newPage,
  removeBuild,
  shellRequest,
  SKIP_BROWSER,
  SKIP_REASON,
  startConsoleGate,
  type ConsoleGate,
  type PageGlobals,
} from './test-kit.js';

describe.skipIf(SKIP_BROWSER)(
  `login and sessions in Chromium${SKIP_BROWSER ? ` (skipped: ${SKIP_REASON})` : ''}`,
  () => {
    let g: ConsoleGate;
    let browser: Browser;
    beforeAll(async () => {
      g = await startConsoleGate();
      browser = await launchBrowser();
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      await g?.close();
      await removeBuild();
    });

    it('a wrong password is refused and sets no session', async () => {
      const erin = await addPerson(g, 'erin');
      const { page, context } = await newPage(browser);
      await page.goto(g.url);
      await page.getByLabel('Name').fill('erin');
      await page.getByLabel('Password').fill(`${erin.password}x`);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.locator('.note.error[data-code="auth/bad-login"]').waitFor();
      expect(await context.cookies()).toEqual([]);
      expect(await page.getByRole('button', { name: 'Log out' }).count()).toBe(0);
      await context.close();
    });

    it('an account with TOTP is asked for its code, and a wrong or missing one is refused', async () => {
      const finn = await addPerson(g, 'finn', { totp: true });
      const { page, context } = await newPage(browser);
      await page.goto(g.url);
      await page.getByLabel('Name').fill('finn');
      await page.getByLabel('Password').fill(finn.password);
      await page.getByRole('button', { name: 'Log in' }).click();
      const code = page.getByLabel('TOTP code');
      await code.waitFor();
      expect(await context.cookies()).toEqual([]);
      await code.fill('123456' === codeFor(g, finn) ? '654321' : '123456');
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.locator('.note.error[data-code="auth/bad-login"]').waitFor();
      expect(await context.cookies()).toEqual([]);
      const api = await g.call('POST', '/v1/login', {
        body: { name: 'finn', password: finn.password },
      });
      expect(api.status).toBe(401);
      expect(api.body.error.code).toBe('auth/totp-required');
      await context.close();
    });

    it('a forged or missing CSRF token is refused, on the page and on the wire', async () => {
      const gus = await addPerson(g, 'gus');
      const held = await g.call('POST', '/v1/decide', {
        body: shellRequest('git push --force origin csrf'),
      });
      const id = held.body.approval.id as string;
      const { page, context } = await newPage(browser);
      await login(page, g, gus, `/approvals/${id}`);
      const statuses = await page.evaluate(async (approvalId) => {
        const post = (headers: Record<string, string>) =>
          fetch(`/v1/approvals/${approvalId}/approve`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...headers },
            body: '{}',
          }).then(async (r) => [
            r.status,
            ((await r.json()) as { error?: { code?: string } }).error?.code,
          ]);
        return [await post({ 'x-csrf-token': 'forged-forged-forged' }), await post({})];
      }, id);
      expect(statuses).toEqual([
        [403, 'auth/csrf'],
        [403, 'auth/csrf'],
      ]);
      // The page itself, holding a forged token, is refused too and says so.
      await page.evaluate(() => {
        (globalThis as unknown as PageGlobals).localStorage.setItem(
          'portcullis.csrf',
          'forged-forged-forged',
        );
      });
      await page.reload();
      await page.getByRole('button', { name: 'Approve' }).click();
      await page.locator('.note.error[data-code="auth/csrf"]').waitFor();
      const still = await g.call('POST', '/v1/decide', {
        body: shellRequest('git push --force origin csrf'),
      });
      expect(still.body.approval).toMatchObject({ id, status: 'pending' });
      await context.close();
    });

    it("an agent's token is no console session", async () => {
      const token = await addAgentToken(g, 'agent-x');
      const { page, context } = await newPage(browser);
      const { hostname } = new URL(g.url);
      await context.addCookies([
        { name: 'portcullis_session', value: token, domain: hostname, path: '/', httpOnly: true },
      ]);
      await page.goto(g.url);
      await page.evaluate(() => {
        (globalThis as unknown as PageGlobals).localStorage.setItem('portcullis.csrf', 'anything');
      });
      await page.reload();
      await page.getByRole('heading', { name: 'Log in to Portcullis' }).waitFor();
      const asCookie = await g.call('GET', '/v1/me', {
        headers: { cookie: `portcullis_session=${token}` },
      });
      expect(asCookie.status).toBe(401);
      const asBearer = await g.call('GET', '/v1/me', { auth: token });
      expect([asBearer.status, asBearer.body.error.code]).toEqual([403, 'auth/forbidden']);
      const events = await g.call('GET', '/v1/audit', { auth: token });
      expect(events.status).toBe(403);
      await context.close();
    });

    it('a one-time password must be changed first; then TOTP enrolment; logout ends the session', async () => {
      const hana = await addPerson(g, 'hana', { mustChange: true });
      const { page, context } = await newPage(browser);
      await page.goto(g.url);
      await page.getByLabel('Name').fill('hana');
      await page.getByLabel('Password').fill(hana.password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('heading', { name: 'Choose your own password' }).waitFor();
      const next = 'correct horse battery staple 42';
      await page.getByLabel('Current password').fill(hana.password);
      await page.getByLabel('New password', { exact: true }).fill(next);
      await page.getByLabel('New password again').fill(next);
      await page.getByRole('button', { name: 'Change password' }).click();
      await page.getByRole('heading', { name: 'Approvals' }).waitFor();

      await goNav(page, 'Account');
      await page.getByRole('button', { name: 'Set up TOTP' }).click();
      const secret = (await page.locator('.totp-secret').getAttribute('data-secret')) ?? '';
      expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
      await page.getByLabel('Code from the app').fill(totpCode(secret, g.ctx.now()));
      await page.getByRole('button', { name: 'Confirm code' }).click();
      await page.getByText('TOTP is enrolled for hana.').waitFor();
      expect((await g.ctx.store.getHuman('hana'))?.totpSecret).toBe(secret);

      const cookie = (await context.cookies()).find((c) => c.name === 'portcullis_session');
      expect(cookie?.httpOnly).toBe(true);
      expect(cookie?.sameSite).toBe('Strict');
      await page.getByRole('button', { name: 'Log out' }).click();
      await page.getByRole('heading', { name: 'Log in to Portcullis' }).waitFor();
      const after = await g.call('GET', '/v1/me', {
        headers: { cookie: `portcullis_session=${cookie?.value ?? ''}` },
      });
      expect(after.status).toBe(401);
      // Now the login asks for the code.
      await page.getByLabel('Name').fill('hana');
      await page.getByLabel('Password').fill(next);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByLabel('TOTP code').waitFor();
      await context.close();
    });
  },
);
