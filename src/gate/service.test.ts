import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initAnalyzer } from '../analyze/index.js';
import type { ActionRequest } from '../analyze/request.js';
import { generateSigningKey, loadSigningKey } from '../identity/keys.js';
import { totpCode, newTotpSecret } from '../identity/totp.js';
import { compilePolicy, type Policy } from '../policy/index.js';
import { SqliteStore } from '../store/sqlite.js';
import type { AuditEvent, HumanRecord, Store } from '../store/store.js';
import { AuditLog } from './audit-log.js';
import { makeSealer, verifyChain } from './audit/chain.js';
import { Gate } from './service.js';
import { GateError, type AgentPrincipal, type GateSettings, type HumanPrincipal } from './types.js';

// Commands are data: the gate analyses them, nothing here runs them.
const T0 = Date.UTC(2026, 0, 7, 12, 0, 0);
const SETTINGS: GateSettings = {
  publicUrl: 'http://127.0.0.1:7421',
  denyOnFirst: true,
  totpFor: ['catastrophic'],
  inlineFor: ['high'],
  escalateAfterSeconds: 0,
  anonymousAgents: true,
};

const shell = (command: string, cwd = '/srv/app'): ActionRequest => ({
  kind: 'shell',
  agent: 'ignored',
  cwd,
  command,
});

const FORCE_PUSH = 'git push --force origin main';
const DESTROY_PROD = 'terraform destroy -auto-approve';
const SAFE = 'git status';

function humanRec(name: string, over: Partial<HumanRecord> = {}): HumanRecord {
  return {
    name,
    role: 'approver',
    groups: ['sre'],
    passwordHash: 'unused',
    mustChangePassword: false,
    createdAt: T0,
    disabled: false,
    ...over,
  };
}

function asHuman(h: HumanRecord): HumanPrincipal {
  return {
    kind: 'human',
    human: h,
    session: {
      id: `s-${h.name}`,
      human: h.name,
      csrf: 'x',
      createdAt: T0,
      expiresAt: T0 + 3_600_000,
    },
  };
}

const agent = (name = 'claude', operator?: string): AgentPrincipal => ({
  kind: 'agent',
  name,
  ...(operator ? { record: { name, scope: {}, createdAt: T0, operator } } : {}),
});

let store: Store;
let now: number;
let gate: Gate;
let audit: AuditLog;
const key = loadSigningKey(generateSigningKey().privatePem);

function makeGate(policy: Policy = compilePolicy([]), settings: GateSettings = SETTINGS): Gate {
  audit = new AuditLog(store, makeSealer(key.privateKey), () => now);
  return new Gate({ store, audit, policyFor: () => policy, settings, now: () => now });
}

async function allEvents(): Promise<AuditEvent[]> {
  return store.listAudit({ limit: 1000 });
}

beforeEach(async () => {
  await initAnalyzer();
  store = new SqliteStore(':memory:');
  await store.migrate();
  now = T0;
  gate = makeGate();
  for (const h of [
    humanRec('alice'),
    humanRec('bob'),
    humanRec('carol', { groups: ['dev'] }),
    humanRec('oscar'),
  ]) {
    await store.createHuman(h);
  }
});

afterEach(async () => {
  gate.stop();
  await store.close();
});

async function vote(id: string, name: string, v: 'approve' | 'deny', extra = {}) {
  const h = await store.getHuman(name);
  return gate.vote(id, asHuman(h!), { vote: v, ...extra });
}

describe('decide', () => {
  it('allows a safe command and records it in the chain', async () => {
    const d = await gate.decide(shell(SAFE), agent());
    expect(d.verdict).toBe('allow');
    expect(d.auditSeq).toBeGreaterThan(0);
    const events = await allEvents();
    expect(events.map((e) => e.type)).toEqual(['decision']);
    expect(events[0]!.data).toMatchObject({ agent: 'claude', verdict: 'allow', request: SAFE });
  });

  it('opens one approval for an ask, and the identical retry finds the same ticket', async () => {
    const first = await gate.decide(shell(FORCE_PUSH), agent());
    expect(first.verdict).toBe('ask');
    expect(first.approval?.id).toMatch(/^apr_/);
    expect(first.approval?.url).toBe(`http://127.0.0.1:7421/approvals/${first.approval?.id}`);
    const again = await gate.decide(shell(FORCE_PUSH), agent());
    expect(again.approval?.id).toBe(first.approval?.id);
    expect(await store.listApprovals()).toHaveLength(1);
  });

  it('an approval is spent once, by the identical action only', async () => {
    const ask = await gate.decide(shell(FORCE_PUSH), agent());
    const id = ask.approval!.id;
    await vote(id, 'alice', 'approve');
    // Another directory, another agent, or another command: not the approved action.
    expect((await gate.decide(shell(FORCE_PUSH, '/srv/other'), agent())).verdict).toBe('ask');
    expect((await gate.decide(shell(FORCE_PUSH), agent('codex'))).verdict).toBe('ask');
    expect((await gate.decide(shell(`${FORCE_PUSH} `), agent())).verdict).toBe('allow');
    const second = await gate.decide(shell(FORCE_PUSH), agent());
    expect(second.verdict).toBe('ask');
    expect(second.approval?.id).not.toBe(id);
  });

  it('the allowed retry names who approved, and the chain records the consumption', async () => {
    const ask = await gate.decide(shell(FORCE_PUSH), agent());
    await vote(ask.approval!.id, 'alice', 'approve', { comment: 'ok for the hotfix' });
    const ok = await gate.decide(shell(FORCE_PUSH), agent());
    expect(ok.verdict).toBe('allow');
    expect(ok.rule).toBe('gate/approved');
    expect(ok.reasons.at(-1)).toContain('approved by alice');
    expect(ok.reasons.at(-1)).toContain('ok for the hotfix');
    const types = (await allEvents()).map((e) => e.type);
    expect(types).toContain('approval.consumed');
    expect(types.filter((t) => t === 'decision')).toHaveLength(2);
  });

  it("a deny's comment reaches the agent on the identical retry", async () => {
    const ask = await gate.decide(shell(FORCE_PUSH), agent());
    await vote(ask.approval!.id, 'bob', 'deny', { comment: 'fix the bug, do not rewrite main' });
    const d = await gate.decide(shell(FORCE_PUSH), agent());
    expect(d.verdict).toBe('deny');
    expect(d.rule).toBe('gate/denied');
    expect(d.reasons.join(' ')).toContain('bob: "fix the bug, do not rewrite main"');
  });

  it('expiry denies the old approval: a retry after the TTL opens a new request', async () => {
    const ask = await gate.decide(shell(FORCE_PUSH), agent());
    await vote(ask.approval!.id, 'alice', 'approve');
    now += 16 * 60_000;
    const late = await gate.decide(shell(FORCE_PUSH), agent());
    expect(late.verdict).toBe('ask');
    expect(late.approval?.id).not.toBe(ask.approval!.id);
    expect(await gate.sweep()).toBeGreaterThanOrEqual(1);
    expect((await store.getApproval(ask.approval!.id))?.status).toBe('expired');
  });

  it('an agent outside its token scope is denied without opening an approval', async () => {
    const scoped: AgentPrincipal = { kind: 'agent', name: 'ci', scope: { paths: ['/srv/app'] } };
    const d = await gate.decide(shell(FORCE_PUSH, '/home/other'), scoped);
    expect(d.verdict).toBe('deny');
    expect(d.rule).toBe('identity/out-of-scope');
    expect(await store.listApprovals()).toHaveLength(0);
  });

  it('a policy that cannot load denies', async () => {
    gate = new Gate({
      store,
      audit,
      policyFor: () => {
        throw new Error('policy.yaml:3: bad');
      },
      settings: SETTINGS,
      now: () => now,
    });
    const d = await gate.decide(shell(SAFE), agent());
    expect(d.verdict).toBe('deny');
    expect(d.rule).toBe('gate/error');
  });

  it('a failed audit write turns an allow into a deny', async () => {
    const broken = new AuditLog(
      { ...store, appendAudit: () => Promise.reject(new Error('disk full')) },
      makeSealer(key.privateKey),
      () => now,
    );
    gate = new Gate({
      store,
      audit: broken,
      policyFor: () => compilePolicy([]),
      settings: SETTINGS,
      now: () => now,
    });
    const d = await gate.decide(shell(SAFE), agent());
    expect(d.verdict).toBe('deny');
    expect(d.rule).toBe('gate/audit-failed');
  });

  it('the blast-radius limit stops approved actions beyond the hourly budget', async () => {
    const policy = compilePolicy([
      {
        file: '/etc/portcullis/policy.yaml',
        kind: 'system',
        text: 'version: 1\nlimits:\n  - { agent: "*", maxApprovedDestructivePerHour: 1 }\n',
      },
    ]);
    gate = makeGate(policy);
    const a = await gate.decide(shell(FORCE_PUSH), agent());
    await vote(a.approval!.id, 'alice', 'approve');
    expect((await gate.decide(shell(FORCE_PUSH), agent())).verdict).toBe('allow');
    const b = await gate.decide(shell('git push --force origin release'), agent());
    await vote(b.approval!.id, 'alice', 'approve');
    const over = await gate.decide(shell('git push --force origin release'), agent());
    expect(over.verdict).toBe('deny');
    expect(over.rule).toBe('gate/limit');
  });

  it('waits for a human when asked to, then allows once', async () => {
    const pending = gate.decide(shell(FORCE_PUSH), agent(), { waitMs: 5000 });
    let id: string | undefined;
    for (let i = 0; i < 50 && !id; i++) {
      await new Promise((r) => setTimeout(r, 20));
      id = (await store.listApprovals())[0]?.id;
    }
    await vote(id!, 'alice', 'approve');
    const d = await pending;
    expect(d.verdict).toBe('allow');
    expect(d.rule).toBe('gate/approved');
  });
});

describe('peer review (2 of M)', () => {
  async function catastrophic(operator = 'oscar') {
    gate = makeGate(compilePolicy([]), { ...SETTINGS, totpFor: [] });
    const d = await gate.decide(
      shell(DESTROY_PROD, '/srv/infra/envs/prod'),
      agent('claude', operator),
    );
    expect(d.verdict).toBe('ask');
    expect(d.approvals?.required).toBe(2);
    return d.approval!.id;
  }

  it('the operator who runs the agent cannot be one of the two', async () => {
    const id = await catastrophic();
    await expect(vote(id, 'oscar', 'approve')).rejects.toMatchObject({ code: 'self-approval' });
  });

  it('one approval is 1/2 pending; a second approver completes it', async () => {
    const id = await catastrophic();
    const one = await vote(id, 'alice', 'approve');
    expect(one.status).toBe('pending');
    expect(one.approvedBy).toEqual(['alice']);
    const two = await vote(id, 'bob', 'approve');
    expect(two.status).toBe('approved');
    expect(two.approvedBy).toEqual(['alice', 'bob']);
  });

  it('each approver counts once', async () => {
    const id = await catastrophic();
    await vote(id, 'alice', 'approve');
    await expect(vote(id, 'alice', 'approve')).rejects.toMatchObject({ code: 'duplicate-vote' });
  });

  it('one deny denies, and the operator may always deny', async () => {
    const id = await catastrophic();
    await vote(id, 'alice', 'approve');
    const v = await vote(id, 'oscar', 'deny', { comment: "fix the bug, don't rebuild prod" });
    expect(v.status).toBe('denied');
    await expect(vote(id, 'bob', 'approve')).rejects.toMatchObject({ code: 'not-pending' });
  });

  it('a deny needs a comment', async () => {
    const id = await catastrophic();
    await expect(vote(id, 'alice', 'deny')).rejects.toMatchObject({ code: 'comment-required' });
  });

  it('an expired request cannot be approved', async () => {
    const id = await catastrophic();
    now += 16 * 60_000;
    await expect(vote(id, 'alice', 'approve')).rejects.toBeInstanceOf(GateError);
  });
});

describe('TOTP for catastrophic approvals', () => {
  it('refuses an approval without a code, accepts a fresh one once', async () => {
    const secret = newTotpSecret();
    await store.updateHuman('alice', { totpSecret: secret });
    const d = await gate.decide(shell(DESTROY_PROD, '/srv/infra/envs/prod'), agent());
    const id = d.approval!.id;
    await expect(vote(id, 'alice', 'approve')).rejects.toMatchObject({ code: 'totp-required' });
    await expect(vote(id, 'alice', 'approve', { totp: '000000' })).rejects.toMatchObject({
      code: 'totp-invalid',
    });
    const code = totpCode(secret, now);
    const ok = await vote(id, 'alice', 'approve', { totp: code });
    expect(ok.approvedBy).toEqual(['alice']);
    // The same code cannot be replayed by the same human, even on another request.
    const other = await gate.decide(shell(DESTROY_PROD, '/srv/infra/envs/prod2'), agent());
    await expect(
      vote(other.approval!.id, 'alice', 'approve', { totp: code }),
    ).rejects.toMatchObject({
      code: 'totp-invalid',
    });
  });
});

describe('bulk votes with one TOTP code', () => {
  it('spends the code once, then counts it for every vote of the batch', async () => {
    const secret = newTotpSecret();
    await store.updateHuman('alice', { totpSecret: secret });
    const a = await gate.decide(shell(DESTROY_PROD, '/srv/infra/envs/prod'), agent());
    const b = await gate.decide(shell(DESTROY_PROD, '/srv/infra/envs/prod-b'), agent());
    const alice = asHuman((await store.getHuman('alice'))!);
    await gate.spendTotp(alice, totpCode(secret, now));
    for (const id of [a.approval!.id, b.approval!.id]) {
      const v = await gate.vote(id, alice, { vote: 'approve' }, { totpPassed: true });
      expect(v.approvedBy).toEqual(['alice']);
    }
    await expect(gate.spendTotp(alice, totpCode(secret, now))).rejects.toMatchObject({
      code: 'totp-invalid',
    });
  });
});

describe('the audit chain after a full flow', () => {
  it('verifies, and names every step', async () => {
    const a = await gate.decide(shell(FORCE_PUSH), agent());
    await vote(a.approval!.id, 'alice', 'approve');
    await gate.decide(shell(FORCE_PUSH), agent());
    const events = await allEvents();
    expect(events.map((e) => e.type)).toEqual([
      'approval.requested',
      'decision',
      'approval.vote',
      'approval.approved',
      'approval.consumed',
      'decision',
    ]);
    const result = await verifyChain(events, key.publicKey);
    expect(result.ok).toBe(true);
  });
});
