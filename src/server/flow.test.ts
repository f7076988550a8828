/**
 * End to end over HTTP: an agent is held on a high-risk command (data only, never run), a human approves, the
 * identical retry is allowed exactly once; a deny reaches the agent with its comment; peer review of a
 * catastrophic action does not count the operator. Commands here are judged, never executed.
 */
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call -- reply bodies are untyped JSON that the assertions inspect */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCast, shell, startTestGate, type Cast, type TestGate } from './test-http.js';

const FORCE_PUSH = 'git push --force origin main';
const DENY_COMMENT = "fix the bug, don't rebuild prod";

describe('one approval, one retry', () => {
  let g: TestGate;
  let cast: Cast;
  beforeAll(async () => {
    g = await startTestGate();
    cast = await seedCast(g);
  });
  afterAll(async () => {
    await g.close();
  });

  it('ask → approve → allowed once → ask again → deny with comment → denied with it', async () => {
    const decide = () => g.call('POST', '/v1/decide', { body: shell(FORCE_PUSH) });

    const first = await decide();
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ verdict: 'ask', risk: 'high', rule: 'defaults/high' });
    const id = first.body.approval.id as string;
    expect(id).toMatch(/^apr_[a-z2-7]{20}$/);
    expect(first.body.approval).toMatchObject({ status: 'pending', required: 1 });

    // The same request again, before anyone decides: the same ticket, not a second one.
    expect((await decide()).body.approval.id).toBe(id);

    const ok = await g.call('POST', `/v1/approvals/${id}/approve`, {
      auth: cast.alice,
      body: { comment: 'once' },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.approval).toMatchObject({ id, status: 'approved', approvedBy: ['alice'] });

    const again = await g.call('POST', `/v1/approvals/${id}/approve`, { auth: cast.bob, body: {} });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('approval/not-pending');

    const retry = await decide();
    expect(retry.body).toMatchObject({ verdict: 'allow', rule: 'gate/approved' });
    expect(retry.body.approval.id).toBe(id);

    const second = await decide();
    expect(second.body.verdict).toBe('ask');
    const id2 = second.body.approval.id as string;
    expect(id2).not.toBe(id);

    const noComment = await g.call('POST', `/v1/approvals/${id2}/deny`, {
      auth: cast.bob,
      body: {},
    });
    expect(noComment.status).toBe(400);
    expect(noComment.body.error.code).toBe('approval/comment-required');

    const denied = await g.call('POST', `/v1/approvals/${id2}/deny`, {
      auth: cast.bob,
      body: { comment: DENY_COMMENT },
    });
    expect(denied.status).toBe(200);
    expect(denied.body.approval).toMatchObject({ status: 'denied', deniedBy: ['bob'] });

    const told = await decide();
    expect(told.body).toMatchObject({ verdict: 'deny', rule: 'gate/denied' });
    expect(told.body.reasons.join(' ')).toContain(DENY_COMMENT);
  });

  it('an approver reads the request, the decision and the audit trail that verifies', async () => {
    const r = await g.call('POST', '/v1/decide', {
      auth: cast.agentB,
      body: shell('git push --force origin release'),
    });
    const got = await g.call('GET', `/v1/approvals/${r.body.approval.id as string}`, {
      auth: cast.bob,
    });
    expect(got.status).toBe(200);
    expect(got.body.request).toMatchObject({
      kind: 'shell',
      command: 'git push --force origin release',
    });
    expect(got.body.decision.verdict).toBe('ask');

    const verify = await g.call('GET', '/v1/audit/verify', { auth: cast.bob });
    expect(verify.body).toMatchObject({ ok: true });
    expect(verify.body.count).toBeGreaterThan(5);

    const audit = await g.call('GET', '/v1/audit?type=approval.vote&order=asc', { auth: cast.bob });
    expect(audit.body.events.map((e: { actor: string }) => e.actor)).toEqual([
      'human:alice',
      'human:bob',
    ]);

    const exported = await g.call('GET', '/v1/audit/export?format=jsonl', { auth: cast.admin });
    expect(exported.status).toBe(200);
    const lines = exported.text.trim().split('\n');
    expect(lines.length).toBe(verify.body.count);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ seq: 1 });
  });

  it('an agent waiting on its decision is let through when a human approves meanwhile', async () => {
    const cmd = shell('git push --force origin staging');
    const opened = await g.call('POST', '/v1/decide', { auth: cast.agentB, body: cmd });
    const id = opened.body.approval.id as string;
    const waiting = g.call('POST', '/v1/decide', { auth: cast.agentB, body: { ...cmd, wait: 5 } });
    await new Promise((r) => setTimeout(r, 200));
    await g.call('POST', `/v1/approvals/${id}/approve`, { auth: cast.alice, body: {} });
    const r = await waiting;
    expect(r.body).toMatchObject({ verdict: 'allow', rule: 'gate/approved' });
  });

  it('bulk approve by session, each result reported', async () => {
    const ids: string[] = [];
    for (const branch of ['b1', 'b2']) {
      const body = {
        request: { ...shell(`git push --force origin ${branch}`).request, session: 's-bulk' },
      };
      const r = await g.call('POST', '/v1/decide', { auth: cast.agentB, body });
      ids.push(r.body.approval.id as string);
    }
    const r = await g.call('POST', '/v1/approvals/bulk', {
      auth: cast.alice,
      body: { vote: 'approve', session: 's-bulk' },
    });
    expect(r.status).toBe(200);
    expect(r.body.results.map((x: { id: string; ok: boolean }) => [x.id, x.ok]).sort()).toEqual(
      ids.map((id) => [id, true]).sort(),
    );
    const twice = await g.call('POST', '/v1/approvals/bulk', {
      auth: cast.alice,
      body: { vote: 'approve', ids },
    });
    expect(twice.body.results[0].error.code).toBe('approval/not-pending');
  });
});

describe('peer review: 2 of M, the operator does not count', () => {
  let g: TestGate;
  let cast: Cast;
  beforeAll(async () => {
    g = await startTestGate({ settings: { totpFor: [] } });
    cast = await seedCast(g);
  });
  afterAll(async () => {
    await g.close();
  });

  it("operator's approve is refused; first approver 1/2 pending; second approved; retry allowed", async () => {
    const cmd = shell('terraform destroy -auto-approve', '/home/dev/infra/envs/prod');
    const held = await g.call('POST', '/v1/decide', { auth: cast.agentA, body: cmd });
    expect(held.body).toMatchObject({ verdict: 'ask', risk: 'catastrophic' });
    expect(held.body.approval.required).toBe(2);
    const id = held.body.approval.id as string;

    const self = await g.call('POST', `/v1/approvals/${id}/approve`, {
      auth: cast.alice,
      body: {},
    });
    expect(self.status).toBe(403);
    expect(self.body.error.code).toBe('approval/self-approval');

    const one = await g.call('POST', `/v1/approvals/${id}/approve`, { auth: cast.bob, body: {} });
    expect(one.status).toBe(200);
    expect(one.body.approval).toMatchObject({ status: 'pending', approvedBy: ['bob'] });

    const dup = await g.call('POST', `/v1/approvals/${id}/approve`, { auth: cast.bob, body: {} });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('approval/duplicate-vote');

    const two = await g.call('POST', `/v1/approvals/${id}/approve`, { auth: cast.admin, body: {} });
    expect(two.status).toBe(200);
    expect(two.body.approval).toMatchObject({ status: 'approved', approvedBy: ['bob', 'root'] });

    const seen = await g.call('GET', `/v1/approvals/${id}`, { auth: cast.agentA });
    expect(seen.body.approval.status).toBe('approved');

    const retry = await g.call('POST', '/v1/decide', { auth: cast.agentA, body: cmd });
    expect(retry.body).toMatchObject({ verdict: 'allow', rule: 'gate/approved' });
  });

  it('an agent token can never vote', async () => {
    const held = await g.call('POST', '/v1/decide', {
      auth: cast.agentB,
      body: shell('terraform destroy -auto-approve', '/home/dev/infra/envs/prod'),
    });
    const id = held.body.approval.id as string;
    for (const token of [cast.agentA, cast.agentB]) {
      const r = await g.call('POST', `/v1/approvals/${id}/approve`, { auth: token, body: {} });
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('auth/forbidden');
    }
  });
});
