/**
 * Peer review in the browser: a catastrophic request needs two approvers other than the agent's operator. The
 * operator's approval is refused and the page says why; the first approver leaves it at 1/2; the second
 * completes it. With TOTP required (the default for catastrophic), the page asks for the code and the vote goes
 * through with it. `terraform destroy` here is data the gate judges, never run.
 */
/* eslint-disable @typescript-eslint/no-unsafe-member-access -- reply bodies are untyped JSON the assertions inspect */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addAgentToken,
  addPerson,
  codeFor,
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

const DESTROY = shellRequest('terraform destroy -auto-approve', '/srv/infra/envs/prod');
const title = (what: string) => `${what}${SKIP_BROWSER ? ` (skipped: ${SKIP_REASON})` : ''}`;

describe.skipIf(SKIP_BROWSER)(title('2 of M in Chromium'), () => {
  let g: ConsoleGate;
  let browser: Browser;
  beforeAll(async () => {
    g = await startConsoleGate({ settings: { totpFor: [] } });
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await g?.close();
    await removeBuild();
  });

  it('the operator is refused, the first approver shows 1/2, the second completes it', async () => {
    const alice = await addPerson(g, 'alice');
    const bob = await addPerson(g, 'bob');
    const carol = await addPerson(g, 'carol');
    const token = await addAgentToken(g, 'agent-a', { operator: 'alice' });
    const held = await g.call('POST', '/v1/decide', { auth: token, body: DESTROY });
    expect(held.body).toMatchObject({ verdict: 'ask', risk: 'catastrophic' });
    const id = held.body.approval.id as string;
    const path = `/approvals/${id}`;

    const asAlice = await newPage(browser);
    await login(asAlice.page, g, alice, path);
    const p = asAlice.page;
    expect(await p.getByLabel('the exact request').textContent()).toBe(
      'terraform destroy -auto-approve',
    );
    await p.getByText('It cannot be undone.').first().waitFor();
    expect(await p.locator('.votes-count').textContent()).toBe('0/2');
    await p.getByRole('button', { name: 'Approve' }).click();
    const refusal = p.locator('.note.error[data-code="approval/self-approval"]');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('You run this agent');
    expect(await p.locator('.votes-count').textContent()).toBe('0/2');

    const asBob = await newPage(browser);
    await login(asBob.page, g, bob, path);
    await asBob.page.getByRole('button', { name: 'Approve' }).click();
    await asBob.page.locator('.votes-count', { hasText: '1/2' }).waitFor();
    expect(await asBob.page.locator('.progress-line').textContent()).toContain('bob');
    // Alice's page follows live.
    await p.locator('.votes-count', { hasText: '1/2' }).waitFor();
    const still = await g.call('POST', '/v1/decide', { auth: token, body: DESTROY });
    expect(still.body.verdict).toBe('ask');

    const asCarol = await newPage(browser);
    await login(asCarol.page, g, carol, path);
    await asCarol.page.getByRole('button', { name: 'Approve' }).click();
    await asCarol.page.getByText('This request is approved').waitFor();
    expect(await asCarol.page.locator('.votes-count').textContent()).toBe('2/2');
    expect(await asCarol.page.locator('.progress-line').textContent()).toContain('bob, carol');

    const retry = await g.call('POST', '/v1/decide', { auth: token, body: DESTROY });
    expect(retry.body).toMatchObject({ verdict: 'allow', rule: 'gate/approved' });
    for (const x of [asAlice, asBob, asCarol]) await x.context.close();
  });
});

describe.skipIf(SKIP_BROWSER)(title('TOTP on approval in Chromium'), () => {
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

  it('asks for the code when the gate requires it, and counts the vote given with it', async () => {
    const dave = await addPerson(g, 'dave', { totp: true });
    const held = await g.call('POST', '/v1/decide', { body: DESTROY });
    const id = held.body.approval.id as string;
    const { page, context } = await newPage(browser);
    await login(page, g, dave, `/approvals/${id}`);
    expect(await page.getByLabel('TOTP code').count()).toBe(0);
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.locator('.note.error[data-code="approval/totp-required"]').waitFor();
    expect(await page.locator('.votes-count').textContent()).toBe('0/2');

    await page.getByLabel('TOTP code').fill('000000');
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.locator('.note.error[data-code="approval/totp-invalid"]').waitFor();

    // The login spent this step's code in its own nonce space; the vote may use the current one.
    await page.getByLabel('TOTP code').fill(codeFor(g, dave));
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.locator('.votes-count', { hasText: '1/2' }).waitFor();
    const record = await g.ctx.store.getApproval(id);
    expect(record?.votes).toMatchObject([{ approver: 'dave', vote: 'approve', totp: true }]);
    await context.close();
  });
});
