/**
 * The queue in a real browser: a request an agent makes appears without a reload; approving it lets the
 * identical retry through exactly once; a deny needs a comment and the agent is told it; a session's requests
 * are approved together. Commands are data the gate judges, never run.
 */
/* eslint-disable @typescript-eslint/no-unsafe-member-access -- reply bodies are untyped JSON the assertions inspect */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addAgentToken,
  addPerson,
  goNav,
  launchBrowser,
  login,
  newPage,
  removeBuild,
  shellRequest,
  SKIP_BROWSER,
  SKIP_REASON,
  startConsoleGate,
  STEP_MS,
  type ConsoleGate,
  type PageGlobals,
  type Person,
} from './test-kit.js';

const FORCE_PUSH = 'git push --force origin main';
const FORCE_PUSH_RELEASE = 'git push --force origin release';
const DENY_COMMENT = "fix the bug, don't rebuild prod";

describe.skipIf(SKIP_BROWSER)(
  `approvals queue in Chromium${SKIP_BROWSER ? ` (skipped: ${SKIP_REASON})` : ''}`,
  () => {
    let g: ConsoleGate;
    let browser: Browser;
    let page: Page;
    let alice: Person;
    let agentToken: string;

    beforeAll(async () => {
      g = await startConsoleGate();
      alice = await addPerson(g, 'alice');
      agentToken = await addAgentToken(g, 'agent-b');
      browser = await launchBrowser();
      ({ page } = await newPage(browser));
      await login(page, g, alice);
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      await g?.close();
      await removeBuild();
    });

    const decide = (command: string, session?: string) =>
      g.call('POST', '/v1/decide', { body: shellRequest(command, '/home/dev/repo', session) });

    it('a new request appears live; approving it lets the identical retry through once', async () => {
      await page.getByText('Nothing is waiting for you.').waitFor();
      // A marker that a reload would wipe.
      await page.evaluate(() => {
        (globalThis as unknown as PageGlobals).marker = 42;
      });
      const held = await decide(FORCE_PUSH);
      expect(held.body).toMatchObject({ verdict: 'ask', risk: 'high' });
      const id = held.body.approval.id as string;

      const row = page.locator(`li[data-id="${id}"]`);
      await row.waitFor({ timeout: STEP_MS });
      expect(await row.textContent()).toContain(FORCE_PUSH);
      expect(await row.locator('.risk-high').count()).toBe(1);
      expect(await row.locator('.votes').textContent()).toBe('0/1');
      expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).marker)).toBe(42);

      await row.getByRole('link', { name: FORCE_PUSH }).click();
      await page.waitForURL(`**/approvals/${id}`);
      const command = page.getByLabel('the exact request');
      expect(await command.textContent()).toBe(FORCE_PUSH);
      expect(await command.locator('.tok-cmd').first().textContent()).toBe('git');
      expect(await command.locator('.tok-flag').textContent()).toBe('--force');
      await page
        .getByText('It can be undone.', { exact: false })
        .or(page.getByText('It cannot be undone.'))
        .first()
        .waitFor();
      await page.getByRole('button', { name: 'Approve' }).click();
      await page.getByText('This request is approved').waitFor();
      expect(await page.locator('.votes-count').textContent()).toBe('1/1');
      expect(await page.locator('.progress-line').textContent()).toContain('alice');

      const retry = await decide(FORCE_PUSH);
      expect(retry.body).toMatchObject({ verdict: 'allow', rule: 'gate/approved' });
      expect(retry.body.approval.id).toBe(id);
      const again = await decide(FORCE_PUSH);
      expect(again.body.verdict).toBe('ask');
      expect(again.body.approval.id).not.toBe(id);
      // The retry consumed it, live.
      await page.getByText('This request is consumed').waitFor();
    });

    it('a deny needs a comment, and the agent is told it', async () => {
      const held = await decide(FORCE_PUSH_RELEASE);
      const id = held.body.approval.id as string;
      await page.goto(`${g.url}/approvals/${id}`);
      await page.getByRole('button', { name: 'Deny' }).click();
      await page.getByText('Write a comment to deny').waitFor();
      expect(
        (await g.call('POST', '/v1/decide', { body: shellRequest(FORCE_PUSH_RELEASE) })).body
          .verdict,
      ).toBe('ask');

      await page.getByLabel('Comment').fill(DENY_COMMENT);
      await page.getByRole('button', { name: 'Deny' }).click();
      await page.getByText('This request is denied').waitFor();
      expect(await page.locator('.comments').textContent()).toContain(DENY_COMMENT);

      const told = await decide(FORCE_PUSH_RELEASE);
      expect(told.body).toMatchObject({ verdict: 'deny', rule: 'gate/denied' });
      expect((told.body.reasons as string[]).join(' ')).toContain(DENY_COMMENT);
    });

    it("bulk approves a session's open requests, naming each", async () => {
      const ids: string[] = [];
      for (const branch of ['b1', 'b2']) {
        const r = await g.call('POST', '/v1/decide', {
          auth: agentToken,
          body: shellRequest(`git push --force origin ${branch}`, '/home/dev/repo', 's-bulk'),
        });
        ids.push(r.body.approval.id as string);
      }
      await goNav(page, 'Queue');
      const bar = page.locator('.bulk[data-session="s-bulk"]');
      await bar.waitFor();
      await bar.getByRole('button', { name: 'Approve all 2' }).click();
      await bar.getByRole('button', { name: 'Confirm: approve 2 requests' }).click();
      await page.getByText('Session s-bulk: 2 approved.').waitFor();
      // Nothing of that session is open any more, so its bar is gone.
      await bar.waitFor({ state: 'detached' });
      for (const id of ids) {
        const r = await g.call('GET', `/v1/approvals/${id}`, { auth: agentToken });
        expect(r.body.approval.status).toBe('approved');
      }
    });

    it('filters narrow the list', async () => {
      await decide('git push --force origin filter-me');
      await goNav(page, 'Queue');
      await page.getByLabel('Show').selectOption('all');
      await page.getByLabel('Search').fill('filter-me');
      await page.locator('li.row').first().waitFor();
      expect(await page.locator('li.row').count()).toBe(1);
      await page.getByLabel('Search').fill('');
      await page.getByLabel('Risk').selectOption('catastrophic');
      await page.getByText('No request matches.').waitFor();
    });
  },
);
