/**
 * Expiry in the browser: a request past its TTL shows as expired, in the queue and on its page, and cannot be
 * approved, whether the page was opened before or after it expired. The gate's clock is moved, not waited for.
 */
/* eslint-disable @typescript-eslint/no-unsafe-member-access -- reply bodies are untyped JSON the assertions inspect */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addPerson,
  launchBrowser,
  login,
  newPage,
  removeBuild,
  shellRequest,
  SKIP_BROWSER,
  SKIP_REASON,
  startConsoleGate,
  type ConsoleGate,
} from './test-kit.js';

const TTL_MS = 15 * 60_000;

describe.skipIf(SKIP_BROWSER)(
  `expired requests in Chromium${SKIP_BROWSER ? ` (skipped: ${SKIP_REASON})` : ''}`,
  () => {
    let g: ConsoleGate;
    let browser: Browser;
    let page: Page;
    beforeAll(async () => {
      g = await startConsoleGate();
      const ivy = await addPerson(g, 'ivy');
      browser = await launchBrowser();
      ({ page } = await newPage(browser));
      await login(page, g, ivy);
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      await g?.close();
      await removeBuild();
    });

    it('an approval page left open refuses the vote once the request has expired', async () => {
      const held = await g.call('POST', '/v1/decide', {
        body: shellRequest('git push --force origin late'),
      });
      const id = held.body.approval.id as string;
      await page.goto(`${g.url}/approvals/${id}`);
      await page.getByRole('button', { name: 'Approve' }).waitFor();
      // Settled: the stream is up and the refetch it triggers on connecting is done, so the page does not learn
      // of the expiry by itself before the click.
      await page.locator('.live-live').waitFor();
      await page.locator('.detail[aria-busy="false"]').waitFor();
      g.advance(TTL_MS + 1000);
      await page.getByRole('button', { name: 'Approve' }).click();
      await page.locator('.note.error[data-code="approval/expired"]').waitFor();
      expect(await page.locator('.note.error').textContent()).toContain('has expired');
      // The page reloads the request and stops offering the vote.
      await page.getByText('This request has expired and can no longer be approved').waitFor();
      expect(await page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
      const record = await g.ctx.store.getApproval(id);
      expect(record?.votes).toEqual([]);
    });

    it('the queue and the page show it as expired, with nothing to approve', async () => {
      const held = await g.call('POST', '/v1/decide', {
        body: shellRequest('git push --force origin old'),
      });
      const id = held.body.approval.id as string;
      await page.goto(g.url);
      const row = page.locator(`li[data-id="${id}"]`);
      await row.waitFor();
      expect(await row.locator('.status-expired').count()).toBe(0);

      g.advance(TTL_MS + 1000);
      // The sweep moves it to expired and publishes the change: the open queue follows live.
      expect(await g.ctx.gate.sweep()).toBeGreaterThanOrEqual(1);
      await row.locator('.badge.status-expired').waitFor();
      expect(await row.textContent()).not.toContain('left');

      await row.getByRole('link').click();
      await page.waitForURL(`**/approvals/${id}`);
      await page.getByText('This request has expired and can no longer be approved').waitFor();
      expect(await page.locator('.badge.status-expired').count()).toBe(1);
      expect(await page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Deny' }).count()).toBe(0);
    });
  },
);
