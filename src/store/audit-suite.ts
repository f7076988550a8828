/**
 * The audit part of the shared store suite: one contiguous chain under concurrency, a refused bad link, queries.
 */
import { expect, it } from 'vitest';
import type { AuditEvent, AuditQuery } from './store.js';
import { chainProblem, draft, testSealer, ZEROS, type CurrentStore } from './test-kit.js';

export function auditSuite(s: CurrentStore): void {
  it('appendAudit starts the chain at seq 1 with 64 zeros and returns the stored event', async () => {
    expect(await s().auditHead()).toBeNull();
    const ev = await s().appendAudit(draft(1), testSealer);
    expect(ev).toMatchObject({ seq: 1, prev: ZEROS, type: 'request', data: { n: 1 } });
    expect(await s().auditHead()).toEqual({ seq: 1, hash: ev.hash });
    expect(await s().listAudit()).toEqual([ev]);
  });

  it('200 concurrent appends form one contiguous chain 1..200', async () => {
    await Promise.all(Array.from({ length: 200 }, (_, i) => s().appendAudit(draft(i), testSealer)));
    const all = await s().listAudit({ limit: 1000 });
    expect(all).toHaveLength(200);
    expect(chainProblem(all)).toBeUndefined();
    expect((await s().auditHead())?.seq).toBe(200);
  });

  it('a sealer that breaks the chain, or throws, is refused and leaves the chain as it was', async () => {
    const first = await s().appendAudit(draft(1), testSealer);
    await expect(
      s().appendAudit(draft(2), (d, head) => ({ ...testSealer(d, head), seq: 5 })),
    ).rejects.toThrow(/seq/);
    await expect(
      s().appendAudit(draft(2), (d, head) => ({ ...testSealer(d, head), prev: ZEROS })),
    ).rejects.toThrow(/prev/);
    await expect(
      s().appendAudit(draft(2), () => {
        throw new Error('signing key unavailable');
      }),
    ).rejects.toThrow(/signing key/);
    expect(await s().auditHead()).toEqual({ seq: 1, hash: first.hash });
    expect((await s().appendAudit(draft(2), testSealer)).seq).toBe(2);
  });

  it('stores the event exactly: unicode, NUL and nested data round-trip', async () => {
    const data = {
      cmd: 'echo a\u0000b',
      who: 'Zoë 🦀',
      nested: { list: [1, 2.5, null, true], empty: {} },
    };
    const ev = await s().appendAudit(draft(1, { data }), testSealer);
    expect(await s().listAudit()).toEqual([ev]);
    expect((await s().listAudit())[0]?.data).toEqual(data);
  });

  it('listAudit filters: seq window, type, actor, text, time, limit, order', async () => {
    const drafts = [
      draft(1, { type: 'request', actor: 'agent:claude', data: { command: 'git push --force' } }),
      draft(2, { type: 'decision', actor: 'gate', data: { verdict: 'ask' } }),
      draft(3, { type: 'approval.vote', actor: 'human:alice', data: { comment: 'Looks FINE' } }),
      draft(4, { type: 'request', actor: 'agent:codex', data: { command: 'kubectl get pods' } }),
      draft(5, { type: 'token.issue', actor: 'human:bob', data: { note: 'Zoë' } }),
    ];
    const evs: AuditEvent[] = [];
    for (const d of drafts) evs.push(await s().appendAudit(d, testSealer));
    const seqs = async (q: AuditQuery): Promise<number[]> =>
      (await s().listAudit(q)).map((e) => e.seq);

    expect(await seqs({})).toEqual([1, 2, 3, 4, 5]);
    expect(await seqs({ afterSeq: 3 })).toEqual([4, 5]);
    expect(await seqs({ beforeSeq: 2 })).toEqual([1, 2]);
    expect(await seqs({ afterSeq: 1, beforeSeq: 3 })).toEqual([2, 3]);
    expect(await seqs({ type: 'request' })).toEqual([1, 4]);
    expect(await seqs({ type: ['decision', 'token.issue'] })).toEqual([2, 5]);
    expect(await seqs({ type: [] })).toEqual([]);
    expect(await seqs({ actor: 'human:alice' })).toEqual([3]);
    expect(await seqs({ text: 'looks fine' })).toEqual([3]);
    expect(await seqs({ text: 'FORCE' })).toEqual([1]);
    expect(await seqs({ text: 'kubectl' })).toEqual([4]);
    expect(await seqs({ text: 'zOË' })).toEqual([5]);
    expect(await seqs({ text: 'agent:' })).toEqual([1, 4]);
    expect(await seqs({ text: '%' })).toEqual([]);
    expect(await seqs({ since: evs[1]?.ts, until: evs[3]?.ts })).toEqual([2, 3, 4]);
    expect(await seqs({ order: 'desc' })).toEqual([5, 4, 3, 2, 1]);
    expect(await seqs({ order: 'desc', beforeSeq: 4, limit: 2 })).toEqual([4, 3]);
    expect(await seqs({ limit: 2 })).toEqual([1, 2]);
    expect(await seqs({ type: 'request', text: 'codex', order: 'desc' })).toEqual([4]);
  });

  it('listAudit returns at most 100 events by default and the requested page otherwise', async () => {
    for (let i = 0; i < 120; i++) await s().appendAudit(draft(i), testSealer);
    expect(await s().listAudit()).toHaveLength(100);
    expect(await s().listAudit({ limit: 110 })).toHaveLength(110);
    expect(await s().listAudit({ limit: 5000 })).toHaveLength(120);
    expect(await s().listAudit({ limit: 0 })).toHaveLength(1);
  });
}
