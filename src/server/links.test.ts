/** Signed notification links: one approver, one vote, once, before expiry, never for catastrophic requests. */
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call -- reply bodies are untyped JSON that the assertions inspect */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inlineAllowed, signLink, verifyLink } from './links.js';
import { seedCast, shell, startTestGate, type Cast, type TestGate } from './test-http.js';

const APR = 'apr_bbbbbbbbbbbbbbbbbbbb';

describe('inlineAllowed', () => {
  const cases: [string, string[], boolean][] = [
    ['high', ['high'], true],
    ['low', ['high'], false],
    ['low', ['low', 'high'], true],
    ['catastrophic', ['high', 'catastrophic'], false],
  ];
  it.each(cases)('%s with inlineFor %j → %s', (risk, inlineFor, want) => {
    expect(inlineAllowed({ inlineFor }, risk)).toBe(want);
  });
});

describe('signLink / verifyLink', () => {
  const key = randomBytes(32);
  const now = 1_800_000_000_000;
  const ctx = { linkKey: key, now: () => now };

  it('round-trips the claims', () => {
    const token = signLink(ctx, {
      approvalId: APR,
      vote: 'deny',
      approver: 'alice',
      ttlMs: 60_000,
    });
    expect(verifyLink(ctx, token)).toMatchObject({
      approvalId: APR,
      vote: 'deny',
      approver: 'alice',
      exp: now + 60_000,
    });
  });

  it('refuses another key, a changed payload, an expired link and garbage', () => {
    const token = signLink(ctx, {
      approvalId: APR,
      vote: 'deny',
      approver: 'alice',
      ttlMs: 60_000,
    });
    const [payload = '', mac = ''] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    const flipped = Buffer.from(JSON.stringify({ ...claims, vote: 'approve' })).toString(
      'base64url',
    );
    const code = (fn: () => unknown): string => {
      try {
        fn();
        return 'ok';
      } catch (err) {
        return (err as { code: string }).code;
      }
    };
    expect(code(() => verifyLink({ linkKey: randomBytes(32), now: ctx.now }, token))).toBe(
      'link/invalid',
    );
    expect(code(() => verifyLink(ctx, `${flipped}.${mac}`))).toBe('link/invalid');
    expect(code(() => verifyLink({ linkKey: key, now: () => now + 60_000 }, token))).toBe(
      'link/expired',
    );
    expect(code(() => verifyLink(ctx, 'garbage'))).toBe('link/invalid');
    expect(code(() => verifyLink(ctx, `${payload}.`))).toBe('link/invalid');
  });
});

describe('POST /v1/links/:token', () => {
  let g: TestGate;
  let cast: Cast;
  beforeAll(async () => {
    g = await startTestGate();
    cast = await seedCast(g);
  });
  afterAll(async () => {
    await g.close();
  });

  async function held(command: string, cwd?: string): Promise<string> {
    const r = await g.call('POST', '/v1/decide', { auth: cast.agentB, body: shell(command, cwd) });
    expect(r.body.verdict).toBe('ask');
    return r.body.approval.id as string;
  }
  const link = (approvalId: string, vote: 'approve' | 'deny', approver = 'alice'): string =>
    signLink(g.ctx, { approvalId, vote, approver, ttlMs: 600_000 });

  it('approves once as the named approver; the second use is 409 link/used', async () => {
    const id = await held('git push --force origin l1');
    const token = link(id, 'approve');
    const first = await g.call('POST', `/v1/links/${token}`);
    expect(first.status).toBe(200);
    expect(first.body.approval).toMatchObject({ id, status: 'approved', approvedBy: ['alice'] });
    const second = await g.call('POST', `/v1/links/${token}`);
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('link/used');
  });

  it('GET only shows a confirm page (scanners and previews never vote); its form POST votes', async () => {
    const id = await held('git push --force origin l9');
    const token = link(id, 'approve');
    const url = `${g.url}/v1/links/${token}`;
    for (let i = 0; i < 2; i++) {
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
      const html = await page.text();
      expect(html).toContain('Approve as alice?');
      expect(html).toContain('git push --force origin l9');
      expect(html).toContain('<form method="post">');
    }
    expect((await g.ctx.store.getApproval(id))?.status).toBe('pending');
    const posted = await fetch(url, {
      method: 'POST',
      headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(posted.status).toBe(200);
    expect(await posted.text()).toContain('Your vote is recorded: approved');
    const again = await fetch(url, { method: 'POST', headers: { accept: 'text/html' } });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('this link has been used');
  });

  it('a GET on a forged link says so and changes nothing', async () => {
    const r = await fetch(`${g.url}/v1/links/${'A'.repeat(20)}.${'B'.repeat(43)}`);
    expect(r.status).toBe(400);
    expect(await r.text()).toContain('this link is not valid');
  });

  it('a deny link denies with a stock comment the agent receives', async () => {
    const id = await held('git push --force origin l2');
    const r = await g.call('POST', `/v1/links/${link(id, 'deny', 'bob')}`);
    expect(r.status).toBe(200);
    expect(r.body.approval.status).toBe('denied');
    const retry = await g.call('POST', '/v1/decide', {
      auth: cast.agentB,
      body: shell('git push --force origin l2'),
    });
    expect(retry.body.verdict).toBe('deny');
    expect(retry.body.reasons.join(' ')).toContain('denied from a notification by bob');
  });

  it('refuses what it must', async () => {
    const high = await held('git push --force origin l3');
    const catastrophic = await held('terraform destroy -auto-approve', '/home/dev/infra/envs/prod');
    const expired = signLink(
      { linkKey: g.ctx.linkKey, now: () => Date.now() - 7_200_000 },
      { approvalId: high, vote: 'approve', approver: 'alice', ttlMs: 3_600_000 },
    );
    const forged = signLink(
      { linkKey: randomBytes(32), now: () => Date.now() },
      { approvalId: high, vote: 'approve', approver: 'alice', ttlMs: 600_000 },
    );
    const cases: [string, number, string][] = [
      [link(catastrophic, 'approve'), 403, 'link/not-inline'],
      [link(high, 'approve', 'mallory'), 401, 'link/invalid'],
      [link(APR, 'approve'), 404, 'approval/not-found'],
      [expired, 410, 'link/expired'],
      [forged, 401, 'link/invalid'],
    ];
    for (const [token, status, code] of cases) {
      const r = await g.call('POST', `/v1/links/${token}`);
      expect([r.status, r.body.error?.code]).toEqual([status, code]);
    }
    // None of the refusals spent anything: the high request is still pending.
    const view = await g.call('GET', `/v1/approvals/${high}`, { auth: cast.bob });
    expect(view.body.approval.status).toBe('pending');
  });
});
