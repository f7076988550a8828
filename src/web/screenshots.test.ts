/**
 * Screenshots for the README (docs/screenshots/): the queue and an approval page, on a 375 px phone and a
 * 1280 px desktop, plus the approval page in dark mode. The scene is the README's scenario: an agent asking to
 * destroy prod, held for two approvers, one of whom has approved. Every command is data, never run.
 */
/* eslint-disable @typescript-eslint/no-unsafe-member-access -- reply bodies are untyped JSON the assertions inspect */
import { mkdir, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addAgentToken,
  addPerson,
  launchBrowser,
  login,
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

const OUT = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1280, height: 800 };

describe.skipIf(SKIP_BROWSER)(
  `screenshots${SKIP_BROWSER ? ` (skipped: ${SKIP_REASON})` : ''}`,
  () => {
    let g: ConsoleGate;
    let browser: Browser;
    let bob: Person;
    let destroyId = '';
    beforeAll(async () => {
      g = await startConsoleGate({ settings: { totpFor: [] } });
      await addPerson(g, 'alice');
      bob = await addPerson(g, 'bob');
      const carol = await addPerson(g, 'carol');
      const agent = await addAgentToken(g, 'cost-fixer', { operator: 'alice' });
      const ask = async (command: string, cwd: string) =>
        (
          await g.call('POST', '/v1/decide', {
            auth: agent,
            body: shellRequest(command, cwd, 'sess-7f3a'),
          })
        ).body as { approval: { id: string } };
      await ask('git push --force origin main', '/home/alice/cost-report');
      await ask(
        'aws cloudformation delete-stack --stack-name cost-explorer-prod --profile prod',
        '/home/alice/cost-report',
      );
      await ask('kubectl delete namespace payments --context prod-eu', '/home/alice/cost-report');
      const destroy = await ask('terraform destroy -auto-approve', '/srv/infra/envs/prod');
      destroyId = destroy.approval.id;
      const asCarol = await g.call('POST', '/v1/login', {
        body: { name: carol.name, password: carol.password },
      });
      const vote = await g.call('POST', `/v1/approvals/${destroyId}/approve`, {
        auth: asCarol.body.session as string,
        body: { comment: 'plan reviewed; prod stack is being rebuilt today' },
      });
      expect(vote.body.approval.approvedBy).toEqual(['carol']);
      await mkdir(OUT, { recursive: true });
      browser = await launchBrowser();
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      await g?.close();
      await removeBuild();
    });

    const shots = [
      { name: 'queue-phone', viewport: PHONE, scheme: 'light', path: () => '/' },
      { name: 'queue-desktop', viewport: DESKTOP, scheme: 'light', path: () => '/' },
      {
        name: 'detail-phone',
        viewport: PHONE,
        scheme: 'light',
        path: () => `/approvals/${destroyId}`,
      },
      {
        name: 'detail-desktop',
        viewport: DESKTOP,
        scheme: 'light',
        path: () => `/approvals/${destroyId}`,
      },
      {
        name: 'detail-desktop-dark',
        viewport: DESKTOP,
        scheme: 'dark',
        path: () => `/approvals/${destroyId}`,
      },
    ] as const;

    for (const shot of shots) {
      it(`${shot.name} (${shot.viewport.width}x${shot.viewport.height}, ${shot.scheme})`, async () => {
        const context = await browser.newContext({
          viewport: shot.viewport,
          colorScheme: shot.scheme,
        });
        context.setDefaultTimeout(STEP_MS);
        const page = await context.newPage();
        await login(page, g, bob, shot.path());
        await page
          .locator(shot.name.startsWith('queue') ? 'li.row' : '.votes-count')
          .first()
          .waitFor();
        await page.locator('.live-live').waitFor();
        // No horizontal scrolling on a phone: the layout fits the width.
        const overflow = await page.evaluate(
          () =>
            (globalThis as unknown as PageGlobals).document.documentElement.scrollWidth -
            (globalThis as unknown as PageGlobals).innerWidth,
        );
        expect(overflow).toBeLessThanOrEqual(0);
        const file = `${OUT}${shot.name}.png`;
        await page.screenshot({ path: file });
        expect((await stat(file)).size).toBeGreaterThan(5000);
        await context.close();
      });
    }
  },
);
