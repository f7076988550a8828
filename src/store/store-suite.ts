/**
 * The one suite every `Store` passes (CONVENTIONS.md 11): `sqlite.test.ts` and `postgres.test.ts` call
 * `storeSuite` with a factory. Each test gets a fresh, migrated store; approvals and audit live in
 * `approvals-suite.ts` and `audit-suite.ts`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approvalsSuite } from './approvals-suite.js';
import { auditSuite } from './audit-suite.js';
import type { Store, StoreNotice } from './store.js';
import { agent, human, MINUTE, T0, token, waitFor, type CurrentStore } from './test-kit.js';

/**
 * Registers the shared suite under `name`. `make` returns a new, not yet migrated store for each test; `cleanup`
 * runs after the store is closed (remove a temporary file, drop a schema).
 */
export function storeSuite(
  name: string,
  make: () => Promise<Store>,
  cleanup?: (store: Store) => Promise<void>,
): void {
  describe(name, () => {
    let store: Store | undefined;
    const current: CurrentStore = () => {
      if (store === undefined) throw new Error('no store');
      return store;
    };
    beforeEach(async () => {
      store = await make();
      await store.migrate();
    });
    afterEach(async () => {
      const s = current();
      store = undefined;
      await s.close();
      await cleanup?.(s);
    });

    recordsSuite(current);
    approvalsSuite(current);
    auditSuite(current);
    noticesSuite(current);
  });
}

function recordsSuite(s: CurrentStore): void {
  it('migrate twice is a no-op that keeps the data', async () => {
    await s().setMeta('k', 'v');
    await s().migrate();
    await s().migrate();
    expect(await s().getMeta('k')).toBe('v');
  });

  it('meta: get, set, overwrite', async () => {
    expect(await s().getMeta('missing')).toBeUndefined();
    await s().setMeta('a', '1');
    await s().setMeta('a', '2');
    expect(await s().getMeta('a')).toBe('2');
  });

  it('listMeta: by literal prefix, sorted by key; deleteMeta says whether it removed one', async () => {
    await s().setMeta('vault:b', '2');
    await s().setMeta('vault:a', '1');
    await s().setMeta('vaultx', 'no');
    await s().setMeta('vault_%', 'no');
    await s().setMeta('key:token', 'no');
    expect(await s().listMeta('vault:')).toEqual([
      { key: 'vault:a', value: '1' },
      { key: 'vault:b', value: '2' },
    ]);
    expect(await s().listMeta('vault_%')).toEqual([{ key: 'vault_%', value: 'no' }]);
    expect(await s().listMeta('nothing:')).toEqual([]);
    expect(await s().deleteMeta('vault:a')).toBe(true);
    expect(await s().deleteMeta('vault:a')).toBe(false);
    expect(await s().getMeta('vault:a')).toBeUndefined();
    expect((await s().listMeta('vault:')).map((e) => e.key)).toEqual(['vault:b']);
  });

  it('ensureMeta keeps the first value and does not call the factory again', async () => {
    expect(await s().ensureMeta('key', () => 'first')).toBe('first');
    const second = await s().ensureMeta('key', () => {
      throw new Error('must not be called');
    });
    expect(second).toBe('first');
  });

  it('ensureMeta race: concurrent calls all return the one stored value', async () => {
    const values = await Promise.all(
      ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((v) => s().ensureMeta('signing-key', () => v)),
    );
    expect(new Set(values).size).toBe(1);
    expect(await s().getMeta('signing-key')).toBe(values[0]);
  });

  it('humans: round trip, list by name, duplicate refused', async () => {
    await s().createHuman(human('bob', { totpSecret: 'JBSWY3DP', role: 'admin', groups: [] }));
    await s().createHuman(human('alice'));
    expect(await s().getHuman('bob')).toEqual(
      human('bob', { totpSecret: 'JBSWY3DP', role: 'admin', groups: [] }),
    );
    const alice = await s().getHuman('alice');
    expect(alice).toEqual(human('alice'));
    expect(alice !== undefined && 'totpSecret' in alice).toBe(false);
    expect((await s().listHumans()).map((h) => h.name)).toEqual(['alice', 'bob']);
    await expect(s().createHuman(human('alice'))).rejects.toThrow();
    expect(await s().getHuman('carol')).toBeUndefined();
  });

  it('updateHuman patches the given fields, clears totpSecret when given undefined', async () => {
    await s().createHuman(human('alice', { totpSecret: 'OLD' }));
    await s().updateHuman('alice', {
      groups: ['sre', 'dba'],
      mustChangePassword: false,
      passwordHash: 'h2',
    });
    await s().updateHuman('alice', { disabled: true, role: 'admin' });
    expect(await s().getHuman('alice')).toEqual(
      human('alice', {
        totpSecret: 'OLD',
        groups: ['sre', 'dba'],
        mustChangePassword: false,
        passwordHash: 'h2',
        disabled: true,
        role: 'admin',
      }),
    );
    await s().updateHuman('alice', { totpSecret: undefined });
    expect((await s().getHuman('alice'))?.totpSecret).toBeUndefined();
    await expect(s().updateHuman('nobody', { disabled: true })).rejects.toThrow(/no human/);
    await expect(s().updateHuman('nobody', {})).rejects.toThrow(/no human/);
  });

  it('sessions: create, get, update, delete; a session needs a known human', async () => {
    await s().createHuman(human('alice'));
    const sess = { id: 'sha-1', human: 'alice', csrf: 'c', createdAt: T0, expiresAt: T0 + MINUTE };
    await s().createSession(sess);
    expect(await s().getSession('sha-1')).toEqual(sess);
    await s().updateSession('sha-1', { totpAt: T0 + 5, expiresAt: T0 + 2 * MINUTE });
    expect(await s().getSession('sha-1')).toEqual({
      ...sess,
      totpAt: T0 + 5,
      expiresAt: T0 + 2 * MINUTE,
    });
    await s().updateSession('sha-1', { totpAt: undefined });
    expect(await s().getSession('sha-1')).toEqual({ ...sess, expiresAt: T0 + 2 * MINUTE });
    await s().deleteSession('sha-1');
    expect(await s().getSession('sha-1')).toBeUndefined();
    await expect(s().updateSession('sha-1', { totpAt: 1 })).rejects.toThrow(/no such session/);
    await expect(s().createSession({ ...sess, id: 'sha-2', human: 'ghost' })).rejects.toThrow();
  });

  it('agents and tokens: round trip, list, revoke one token once', async () => {
    await s().createAgent(agent('codex', { operator: 'alice' }));
    await s().createAgent(agent('claude'));
    expect(await s().getAgent('codex')).toEqual(agent('codex', { operator: 'alice' }));
    expect((await s().listAgents()).map((a) => a.name)).toEqual(['claude', 'codex']);
    expect(await s().getAgent('ghost')).toBeUndefined();

    await s().createToken(token('j1', 'claude'));
    await s().createToken(
      token('j2', 'claude', { parent: 'j1', issuedAt: T0 + 1, scope: { paths: ['/srv'] } }),
    );
    await s().createToken(token('j3', 'codex'));
    expect(await s().getToken('j2')).toEqual(
      token('j2', 'claude', { parent: 'j1', issuedAt: T0 + 1, scope: { paths: ['/srv'] } }),
    );
    expect((await s().listTokens('claude')).map((t) => t.jti)).toEqual(['j1', 'j2']);
    expect((await s().listTokens()).map((t) => t.jti).sort()).toEqual(['j1', 'j2', 'j3']);
    expect(await s().revokeToken('j1', T0 + 9)).toBe(true);
    expect(await s().revokeToken('j1', T0 + 10)).toBe(false);
    expect(await s().revokeToken('nope', T0)).toBe(false);
    expect((await s().getToken('j1'))?.revokedAt).toBe(T0 + 9);
    await expect(s().createToken(token('j4', 'ghost'))).rejects.toThrow();
  });

  it('revokeAgent revokes the agent and every token it holds, keeping earlier revocations', async () => {
    await s().createAgent(agent('claude'));
    await s().createAgent(agent('codex'));
    await s().createToken(token('j1', 'claude', { revokedAt: T0 + 1 }));
    await s().createToken(token('j2', 'claude'));
    await s().createToken(token('j3', 'codex'));
    await s().revokeAgent('claude', T0 + 50);
    expect((await s().getAgent('claude'))?.revokedAt).toBe(T0 + 50);
    expect((await s().getToken('j1'))?.revokedAt).toBe(T0 + 1);
    expect((await s().getToken('j2'))?.revokedAt).toBe(T0 + 50);
    expect((await s().getToken('j3'))?.revokedAt).toBeUndefined();
    expect((await s().getAgent('codex'))?.revokedAt).toBeUndefined();
    await expect(s().revokeAgent('ghost', T0)).rejects.toThrow(/no agent/);
  });

  it('useNonce: each nonce works once', async () => {
    expect(await s().useNonce('n1', T0 + MINUTE)).toBe(true);
    expect(await s().useNonce('n1', T0 + MINUTE)).toBe(false);
    expect(await s().useNonce('n2', T0 + MINUTE)).toBe(true);
    const race = await Promise.all(Array.from({ length: 10 }, () => s().useNonce('n3', T0)));
    expect(race.filter(Boolean)).toHaveLength(1);
  });
}

function noticesSuite(s: CurrentStore): void {
  it('publish reaches every subscriber; unsubscribe stops delivery; a throwing listener harms no one', async () => {
    const a: StoreNotice[] = [];
    const b: StoreNotice[] = [];
    const offA = s().subscribe((n) => a.push(n));
    s().subscribe(() => {
      throw new Error('faulty listener');
    });
    s().subscribe((n) => b.push(n));
    await s().publish({ kind: 'approval', id: 'apr_1' });
    await waitFor(() => a.length === 1 && b.length === 1);
    expect(a).toEqual([{ kind: 'approval', id: 'apr_1' }]);
    offA();
    await s().publish({ kind: 'audit', id: '7' });
    await waitFor(() => b.length === 2);
    expect(b).toEqual([
      { kind: 'approval', id: 'apr_1' },
      { kind: 'audit', id: '7' },
    ]);
    expect(a).toHaveLength(1);
  });
}
