/**
 * The approval part of the shared store suite: lifecycle, one vote per approver, single consumption, expiry.
 */
import { expect, it } from 'vitest';
import type { ApprovalRecord, Store, Vote } from './store.js';
import { MINUTE, newApproval, T0, type CurrentStore } from './test-kit.js';

const EXPIRES = T0 + 15 * MINUTE;

function vote(approver: string, over: Partial<Vote> = {}): Vote {
  return { approver, vote: 'approve', at: T0 + MINUTE, totp: false, ...over };
}

/** A request that is approved and waiting for its single use. */
async function approved(store: Store, id: string, fingerprint = `fp-${id}`): Promise<void> {
  await store.createApproval(newApproval(id, { fingerprint }));
  await store.addVote(id, vote('alice'), T0 + MINUTE);
  expect(await store.settleApproval(id, 'approved', T0 + MINUTE)).toBe(true);
}

export function approvalsSuite(s: CurrentStore): void {
  it('createApproval returns the pending record; getApproval round-trips every field', async () => {
    const full = newApproval('apr_full', {
      operator: 'alice',
      session: 'sess-1',
      approverGroups: ['sre'],
      required: 2,
      denyOnFirst: false,
      totpRequired: true,
      request: {
        kind: 'mcp',
        tool: 'github.delete_repo',
        input: { repo: 'x', nested: [1, 'ü', null] },
      },
    });
    const created = await s().createApproval(full);
    const expected: ApprovalRecord = { ...full, status: 'pending', votes: [] };
    expect(created).toEqual(expected);
    expect(await s().getApproval('apr_full')).toEqual(expected);
    expect(await s().getApproval('apr_none')).toBeUndefined();
    await expect(s().createApproval(full)).rejects.toThrow();
  });

  it('listApprovals: newest first, filters by status (one or list), agent, session, fingerprint, before, limit', async () => {
    await s().createApproval(
      newApproval('a1', { createdAt: T0 + 1, agent: 'claude', session: 's1' }),
    );
    await s().createApproval(newApproval('a2', { createdAt: T0 + 2, agent: 'codex' }));
    await s().createApproval(
      newApproval('a3', { createdAt: T0 + 3, agent: 'claude', session: 's1' }),
    );
    await s().settleApproval('a2', 'denied', T0 + 5);
    const ids = async (q?: Parameters<Store['listApprovals']>[0]): Promise<string[]> =>
      (await s().listApprovals(q)).map((a) => a.id);
    expect(await ids()).toEqual(['a3', 'a2', 'a1']);
    expect(await ids({ status: 'pending' })).toEqual(['a3', 'a1']);
    expect(await ids({ status: ['denied', 'approved'] })).toEqual(['a2']);
    expect(await ids({ status: [] })).toEqual([]);
    expect(await ids({ agent: 'claude' })).toEqual(['a3', 'a1']);
    expect(await ids({ session: 's1', limit: 1 })).toEqual(['a3']);
    expect(await ids({ before: T0 + 3 })).toEqual(['a2', 'a1']);
    expect(await ids({ fingerprint: 'fp-a2' })).toEqual(['a2']);
    expect(await ids({ fingerprint: 'fp-none' })).toEqual([]);
    expect((await s().listApprovals({ status: 'denied' }))[0]?.decidedAt).toBe(T0 + 5);
  });

  it('findOpenApproval finds pending or approved, never denied, consumed or past expiry', async () => {
    await s().createApproval(newApproval('p1', { fingerprint: 'fp', createdAt: T0 }));
    expect((await s().findOpenApproval('fp', T0 + MINUTE))?.id).toBe('p1');
    // Past expiresAt it is ignored even though expireDue has not run yet.
    expect(await s().findOpenApproval('fp', EXPIRES)).toBeUndefined();
    expect((await s().getApproval('p1'))?.status).toBe('pending');
    await s().settleApproval('p1', 'denied', T0 + 2);
    expect(await s().findOpenApproval('fp', T0 + MINUTE)).toBeUndefined();
    await approved(s(), 'p2', 'fp');
    expect((await s().findOpenApproval('fp', T0 + MINUTE))?.id).toBe('p2');
    await s().consumeApproval('fp', T0 + 2 * MINUTE);
    expect(await s().findOpenApproval('fp', T0 + 2 * MINUTE)).toBeUndefined();
    expect(await s().findOpenApproval('other', T0)).toBeUndefined();
  });

  it('addVote: in order, one vote per approver, returns the record after the vote', async () => {
    await s().createApproval(newApproval('v1', { required: 2 }));
    const first = await s().addVote(
      'v1',
      vote('alice', { comment: 'ok', totp: true }),
      T0 + MINUTE,
    );
    expect(first).toMatchObject({
      ok: true,
      approval: {
        id: 'v1',
        status: 'pending',
        votes: [vote('alice', { comment: 'ok', totp: true })],
      },
    });
    expect(await s().addVote('v1', vote('alice', { vote: 'deny' }), T0 + MINUTE)).toEqual({
      ok: false,
      why: 'duplicate',
    });
    const second = await s().addVote('v1', vote('bob', { vote: 'deny', at: T0 + 2 }), T0 + MINUTE);
    expect(second.ok && second.approval.votes.map((v) => [v.approver, v.vote])).toEqual([
      ['alice', 'approve'],
      ['bob', 'deny'],
    ]);
    expect(await s().addVote('nope', vote('alice'), T0)).toEqual({ ok: false, why: 'not-found' });
  });

  it('addVote: concurrent votes by one approver count once', async () => {
    await s().createApproval(newApproval('v2', { required: 3 }));
    const results = await Promise.all(
      Array.from({ length: 10 }, () => s().addVote('v2', vote('carol'), T0)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.why === 'duplicate')).toHaveLength(9);
    expect((await s().getApproval('v2'))?.votes).toHaveLength(1);
  });

  it('addVote is refused after expiry and once the request is no longer pending', async () => {
    await s().createApproval(newApproval('e1'));
    expect(await s().addVote('e1', vote('alice'), EXPIRES)).toEqual({ ok: false, why: 'expired' });
    expect(await s().addVote('e1', vote('alice'), EXPIRES + 1)).toEqual({
      ok: false,
      why: 'expired',
    });
    expect((await s().getApproval('e1'))?.votes).toEqual([]);
    await s().settleApproval('e1', 'denied', T0 + 1);
    expect(await s().addVote('e1', vote('bob'), T0 + 2)).toEqual({ ok: false, why: 'not-pending' });
  });

  it('settleApproval succeeds only once, only from pending', async () => {
    await s().createApproval(newApproval('s1'));
    const race = await Promise.all([
      s().settleApproval('s1', 'approved', T0 + 1),
      s().settleApproval('s1', 'denied', T0 + 2),
      s().settleApproval('s1', 'approved', T0 + 3),
    ]);
    expect(race.filter(Boolean)).toHaveLength(1);
    expect(await s().settleApproval('s1', 'denied', T0 + 4)).toBe(false);
    expect(await s().settleApproval('missing', 'approved', T0)).toBe(false);
    const rec = await s().getApproval('s1');
    expect(['approved', 'denied']).toContain(rec?.status);
    expect([T0 + 1, T0 + 2, T0 + 3]).toContain(rec?.decidedAt);
  });

  it('consumeApproval: 50 concurrent callers, exactly one gets the record', async () => {
    await approved(s(), 'c1', 'fp-c');
    const now = T0 + 2 * MINUTE;
    const results = await Promise.all(
      Array.from({ length: 50 }, () => s().consumeApproval('fp-c', now)),
    );
    const won = results.filter((r) => r !== undefined);
    expect(won).toHaveLength(1);
    expect(won[0]).toMatchObject({
      id: 'c1',
      status: 'consumed',
      consumedAt: now,
      votes: [vote('alice')],
    });
    expect(await s().consumeApproval('fp-c', now)).toBeUndefined();
    expect((await s().getApproval('c1'))?.status).toBe('consumed');
  });

  it('consumeApproval refuses pending, denied and expired requests', async () => {
    await s().createApproval(newApproval('pend', { fingerprint: 'fp-p' }));
    expect(await s().consumeApproval('fp-p', T0 + 1)).toBeUndefined();
    await approved(s(), 'late', 'fp-l');
    expect(await s().consumeApproval('fp-l', EXPIRES)).toBeUndefined();
    expect((await s().getApproval('late'))?.status).toBe('approved');
    expect(await s().consumeApproval('fp-unknown', T0)).toBeUndefined();
  });

  it('expireDue moves pending and approved past expiry to expired, once; getApproval shows stored status', async () => {
    await s().createApproval(newApproval('x-pending', { createdAt: T0 + 1 }));
    await approved(s(), 'x-approved');
    await s().createApproval(newApproval('x-denied'));
    await s().settleApproval('x-denied', 'denied', T0 + 1);
    await approved(s(), 'x-consumed');
    await s().consumeApproval('fp-x-consumed', T0 + 2);
    await s().createApproval(newApproval('x-later', { expiresAt: EXPIRES + MINUTE }));

    expect(await s().expireDue(EXPIRES - 1)).toEqual([]);
    expect((await s().getApproval('x-pending'))?.status).toBe('pending');
    const expired = await s().expireDue(EXPIRES);
    expect(expired.map((a) => [a.id, a.status]).sort()).toEqual([
      ['x-approved', 'expired'],
      ['x-pending', 'expired'],
    ]);
    expect(expired.find((a) => a.id === 'x-approved')?.votes).toEqual([vote('alice')]);
    expect(await s().expireDue(EXPIRES)).toEqual([]);
    const status = async (id: string): Promise<string | undefined> =>
      (await s().getApproval(id))?.status;
    expect(await status('x-denied')).toBe('denied');
    expect(await status('x-consumed')).toBe('consumed');
    expect(await status('x-later')).toBe('pending');
  });

  it('countConsumed counts one agent’s consumptions since a time', async () => {
    for (const [id, at] of [
      ['k1', T0 + 10],
      ['k2', T0 + 20],
      ['k3', T0 + 30],
    ] as const) {
      await approved(s(), id);
      await s().consumeApproval(`fp-${id}`, at);
    }
    await s().createApproval(newApproval('k4', { agent: 'codex', fingerprint: 'fp-k4' }));
    expect(await s().countConsumed('claude', T0)).toBe(3);
    expect(await s().countConsumed('claude', T0 + 20)).toBe(2);
    expect(await s().countConsumed('claude', T0 + 31)).toBe(0);
    expect(await s().countConsumed('codex', T0)).toBe(0);
  });
}
