/**
 * The other pages in a real browser: the audit timeline (search, expand, chain badge, export), agents and tokens
 * (create with a scope, mint, narrow, revoke), the policy with its test box, the notification channels; and the
 * queue driven by keyboard alone. Commands are data the gate judges, never run.
 */
/* eslint-disable @typescript-eslint/no-unsafe-member-access -- reply bodies are untyped JSON the assertions inspect */
import type { Browser, Page } from 'playwright-core';
import { NotifyError, type Notifier } from '../notify/channel.js';
import type { ApprovalNotice } from '../notify/message.js';
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
  type ConsoleGate,
  type PageGlobals,
  type Person,
} from './test-kit.js';

/** A channel that records what it is sent, and one whose receiver refuses (no network either way). */
const sent: ApprovalNotice[] = [];
const ntfy: Notifier = {
  name: 'ops-phone',
  type: 'ntfy',
  risks: ['high', 'catastrophic'],
  stage: 'phone',
  send(n) {
    sent.push(n);
    return Promise.resolve();
  },
};
const broken: Notifier = {
  name: 'team-chat',
  type: 'slack',
  risks: ['catastrophic'],
  stage: 'desk',
  send() {
    return Promise.reject(
      new NotifyError('notify/http', 'team-chat', 'HTTP 403 from the receiver'),
    );
  },
};

describe.skipIf(SKIP_BROWSER)(
  `console pages in Chromium${SKIP_BROWSER ? ` (skipped: ${SKIP_REASON})` : ''}`,
  () => {
    let g: ConsoleGate;
    let browser: Browser;
    let page: Page;
    let root: Person;
    beforeAll(async () => {
      g = await startConsoleGate({ notifiers: [ntfy, broken] });
      root = await addPerson(g, 'root', { role: 'admin' });
      browser = await launchBrowser();
      ({ page } = await newPage(browser));
      await login(page, g, root);
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      await g?.close();
      await removeBuild();
    });

    it('audit: the chain verifies, search narrows, an event expands, admins can export', async () => {
      await g.call('POST', '/v1/decide', {
        body: shellRequest('git push --force origin audit-me'),
      });
      await goNav(page, 'Audit');
      await page.locator('.badge.chain-ok').waitFor();
      expect(await page.locator('.badge.chain-ok').textContent()).toMatch(
        /^Chain verified: \d+ events/,
      );
      await page.getByLabel('Text').fill('audit-me');
      await page.getByLabel('Verdict').selectOption('ask');
      await page.getByRole('button', { name: 'Search' }).click();
      const events = page.locator('ol.timeline > li');
      await events.first().waitFor();
      const types = await page.locator('ol.timeline summary strong').allTextContents();
      expect(types).toEqual(['decision']);
      await events.first().locator('summary').click();
      expect(await events.first().locator('pre.json').textContent()).toContain('"verdict": "ask"');
      const href = await page.getByRole('link', { name: 'JSONL' }).getAttribute('href');
      expect(href).toBe('/v1/audit/export?format=jsonl');
      const exported = await page.evaluate(async (h) => (await fetch(h)).status, href ?? '');
      expect(exported).toBe(200);
    });

    it('agents: create with a scope picker, mint and narrow a token, revoke it', async () => {
      await goNav(page, 'Agents');
      const create = page.locator('form', {
        has: page.getByRole('heading', { name: 'Add an agent' }),
      });
      await create.getByLabel('Name').fill('deploy-bot');
      await create.getByLabel('Operator').fill('root');
      await create.getByRole('checkbox', { name: 'dev' }).check();
      await create.getByRole('checkbox', { name: 'staging' }).check();
      await create.getByLabel('Tools').fill('kubectl, git');
      await create.getByRole('button', { name: 'Add agent' }).click();
      const token = await create.locator('.secret textarea').inputValue();
      expect(token.split('.')).toHaveLength(3);
      const record = await g.ctx.store.getAgent('deploy-bot');
      expect(record).toMatchObject({
        operator: 'root',
        scope: { envs: ['dev', 'staging'], tools: ['kubectl', 'git'] },
      });
      await page
        .getByRole('table', { name: 'Agents' })
        .getByRole('cell', { name: 'deploy-bot' })
        .waitFor();

      const mint = page.locator('form', {
        has: page.getByRole('heading', { name: 'New token for an agent' }),
      });
      await mint.getByLabel('Agent').selectOption('deploy-bot');
      await mint.getByRole('checkbox', { name: 'dev' }).check();
      await mint.getByLabel('Lifetime').fill('2h');
      await mint.getByRole('button', { name: 'Mint token' }).click();
      const mintedJwt = await mint.locator('.secret textarea').inputValue();
      const { jti } = JSON.parse(
        Buffer.from(mintedJwt.split('.')[1] ?? '', 'base64url').toString(),
      ) as { jti: string };
      const minted = (await g.ctx.store.listTokens('deploy-bot')).find((t) => t.jti === jti);
      // What was left empty stays as the agent's (an empty list would mean "any": wider, and refused).
      expect(minted?.scope).toEqual({ envs: ['dev'], tools: ['kubectl', 'git'] });

      const narrow = page.locator('form', {
        has: page.getByRole('heading', { name: 'Narrow a token' }),
      });
      await narrow.getByLabel('Token to narrow').fill(token);
      await narrow.getByRole('checkbox', { name: 'dev' }).check();
      await narrow.getByRole('button', { name: 'Narrow' }).click();
      const narrowed = await narrow.locator('.secret textarea').inputValue();
      expect(narrowed.split('.')).toHaveLength(3);
      // Widening is refused and the page shows the gate's refusal.
      await narrow.getByLabel('Token to narrow').fill(narrowed);
      await narrow.getByRole('checkbox', { name: 'prod' }).check();
      await narrow.getByRole('button', { name: 'Narrow' }).click();
      await narrow.locator('.note.error[data-code="request/invalid"]').waitFor();

      const tokens = (await g.ctx.store.listTokens('deploy-bot')).filter((t) => !t.revokedAt);
      expect(tokens).toHaveLength(3);
      const child = tokens.find((t) => t.parent !== undefined);
      await page.goto(`${g.url}/agents`);
      const row = page.getByRole('row', { name: new RegExp(child?.jti ?? 'none') });
      await row.getByRole('button', { name: 'Revoke' }).click();
      await row.getByRole('button', { name: `Revoke ${child?.jti ?? ''}` }).click();
      await row.getByText('revoked').waitFor();
      const used = await g.call('POST', '/v1/decide', {
        auth: narrowed,
        body: shellRequest('git status'),
      });
      expect(used.status).toBe(401);
    });

    it('policy: the merged text with its origins, and the test box explains a decision', async () => {
      await goNav(page, 'Policy');
      await page.locator('.policy-text .origin').first().waitFor();
      expect(await page.locator('ol.layers').textContent()).toContain('builtin');
      await page.getByRole('textbox', { name: 'Command' }).fill('terraform destroy -auto-approve');
      await page.getByLabel('Working directory').fill('/srv/infra/envs/prod');
      await page.getByRole('button', { name: 'Test', exact: true }).click();
      const result = page.locator('.test-result');
      await result.waitFor();
      expect(await result.locator('.verdict-ask').textContent()).toBe('ask');
      expect(await result.locator('.risk-catastrophic').first().textContent()).toBe('catastrophic');
      expect(await result.textContent()).toContain('needs 2 approvals');
      expect(await result.textContent()).toContain('iac/destroy');
      // A dry run opens no approval.
      const open = await g.ctx.store.listApprovals({ status: 'pending' });
      expect(open.some((a) => a.summary.startsWith('terraform'))).toBe(false);
    });

    it('notifications: lists the channels and sends a test to each', async () => {
      await goNav(page, 'Notifications');
      const table = page.getByRole('table', { name: 'Channels' });
      await table.waitFor();
      expect(await table.getByRole('row').allTextContents()).toEqual([
        'NameTypeRisksStageTest',
        'ops-phonentfyhigh, catastrophicphoneSend test',
        'team-chatslackcatastrophicdeskSend test',
      ]);
      await page.getByRole('button', { name: 'Send a test to ops-phone' }).click();
      await table.getByText('Sent.').waitFor();
      expect(sent.map((n) => [n.kind, n.reasons])).toEqual([['test', ['a test sent by root']]]);
      await page.getByRole('button', { name: 'Send a test to team-chat' }).click();
      await table.getByText('HTTP 403 from the receiver', { exact: false }).waitFor();
    });

    it('keyboard only: from the queue to an approved request', async () => {
      const held = await g.call('POST', '/v1/decide', {
        body: shellRequest('git push --force origin keys'),
      });
      const id = held.body.approval.id as string;
      await goNav(page, 'Queue');
      const link = page.getByRole('link', { name: 'git push --force origin keys' });
      await link.waitFor();
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press('Tab');
        if (
          await link.evaluate(
            (el) => el === (globalThis as unknown as PageGlobals).document.activeElement,
          )
        )
          break;
      }
      expect(
        await link.evaluate(
          (el) => el === (globalThis as unknown as PageGlobals).document.activeElement,
        ),
      ).toBe(true);
      await page.keyboard.press('Enter');
      await page.waitForURL(`**/approvals/${id}`);
      const approve = page.getByRole('button', { name: 'Approve' });
      await approve.waitFor();
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press('Tab');
        if (
          await approve.evaluate(
            (el) => el === (globalThis as unknown as PageGlobals).document.activeElement,
          )
        )
          break;
      }
      // Focus is visible where it lands.
      const outline = await approve.evaluate(
        (el) => (globalThis as unknown as PageGlobals).getComputedStyle(el).outlineStyle,
      );
      expect(outline).toBe('solid');
      await page.keyboard.press('Enter');
      await page.getByText('This request is approved').waitFor();
    });

    it('an approver (not admin) sees agents but no admin forms, and the token list says why', async () => {
      const jo = await addPerson(g, 'jo');
      await addAgentToken(g, 'reader');
      const other = await newPage(browser);
      await login(other.page, g, jo, '/agents');
      await other.page
        .getByRole('table', { name: 'Agents' })
        .getByRole('cell', { name: 'reader' })
        .waitFor();
      await other.page.getByText('Only admins can list tokens.').waitFor();
      expect(await other.page.getByRole('heading', { name: 'Add an agent' }).count()).toBe(0);
      await other.context.close();
    });
  },
);
