import { describe, expect, it } from 'vitest';
import type { ApprovalRecord, HumanRecord, Vote } from '../store/store.js';
import { countingApprovals, effectiveStatus, settlement, voteRefusal } from './rules.js';

const T0 = 1_800_000_000_000;

function approval(over: Partial<ApprovalRecord> = {}): ApprovalRecord {
  return {
    id: 'apr_x',
    fingerprint: 'fp',
    agent: 'claude',
    operator: 'oscar',
    request: {},
    summary: 'terraform destroy',
    cwd: '/srv',
    policyVersion: 'v',
    decision: {
      verdict: 'ask',
      risk: 'catastrophic',
      rule: 'defaults/catastrophic',
      reasons: [],
      actions: [],
    },
    risk: 'catastrophic',
    env: 'prod',
    required: 2,
    denyOnFirst: true,
    totpRequired: false,
    status: 'pending',
    createdAt: T0,
    expiresAt: T0 + 900_000,
    votes: [],
    ...over,
  };
}

function human(name: string, groups = ['sre'], disabled = false): HumanRecord {
  return {
    name,
    role: 'approver',
    groups,
    passwordHash: '',
    mustChangePassword: false,
    createdAt: T0,
    disabled,
  };
}

const v = (approver: string, vote: Vote['vote'], totp = false): Vote => ({
  approver,
  vote,
  at: T0,
  totp,
});

describe('voteRefusal', () => {
  // [case, approval, human, vote, expected code or undefined]
  const table: [string, ApprovalRecord, HumanRecord, Vote['vote'], string | undefined][] = [
    ['a peer approves', approval(), human('alice'), 'approve', undefined],
    [
      'the operator approves a 2-of-M request',
      approval(),
      human('oscar'),
      'approve',
      'self-approval',
    ],
    [
      'the operator approves a 1-of-M request',
      approval({ required: 1 }),
      human('oscar'),
      'approve',
      undefined,
    ],
    ['the operator denies', approval(), human('oscar'), 'deny', undefined],
    [
      'a second vote by the same approver',
      approval({ votes: [v('alice', 'approve')] }),
      human('alice'),
      'approve',
      'duplicate-vote',
    ],
    [
      'outside the required groups',
      approval({ approverGroups: ['dba'] }),
      human('alice'),
      'approve',
      'not-in-group',
    ],
    [
      'inside the required groups',
      approval({ approverGroups: ['dba', 'sre'] }),
      human('alice'),
      'approve',
      undefined,
    ],
    [
      'outside the groups but denying',
      approval({ approverGroups: ['dba'] }),
      human('alice'),
      'deny',
      undefined,
    ],
    [
      'already approved',
      approval({ status: 'approved' }),
      human('alice'),
      'approve',
      'not-pending',
    ],
    ['already consumed', approval({ status: 'consumed' }), human('alice'), 'deny', 'not-pending'],
    ['past its TTL', approval({ expiresAt: T0 }), human('alice'), 'approve', 'expired'],
    ['a disabled account', approval(), human('alice', ['sre'], true), 'approve', 'forbidden'],
  ];
  for (const [name, a, h, vote, code] of table) {
    it(name, () => {
      expect(voteRefusal(a, h, vote, T0 + 1000)?.code).toBe(code);
    });
  }
});

describe('settlement', () => {
  const table: [string, ApprovalRecord, 'pending' | 'approved' | 'denied'][] = [
    ['no votes', approval(), 'pending'],
    ['one of two', approval({ votes: [v('alice', 'approve')] }), 'pending'],
    ['two of two', approval({ votes: [v('alice', 'approve'), v('bob', 'approve')] }), 'approved'],
    [
      'the operator does not count toward two',
      approval({ votes: [v('alice', 'approve'), v('oscar', 'approve')] }),
      'pending',
    ],
    ['one deny denies', approval({ votes: [v('alice', 'approve'), v('bob', 'deny')] }), 'denied'],
    [
      'without denyOnFirst one deny of two is not enough',
      approval({ denyOnFirst: false, votes: [v('bob', 'deny')] }),
      'pending',
    ],
    [
      'without denyOnFirst two denies deny',
      approval({ denyOnFirst: false, votes: [v('bob', 'deny'), v('carol', 'deny')] }),
      'denied',
    ],
    [
      'TOTP required and missing',
      approval({ totpRequired: true, votes: [v('alice', 'approve'), v('bob', 'approve')] }),
      'pending',
    ],
    [
      'TOTP required and given',
      approval({
        totpRequired: true,
        votes: [v('alice', 'approve', true), v('bob', 'approve', true)],
      }),
      'approved',
    ],
    ['one of one', approval({ required: 1, votes: [v('oscar', 'approve')] }), 'approved'],
  ];
  for (const [name, a, expected] of table) {
    it(name, () => {
      expect(settlement(a)).toBe(expected);
    });
  }

  it('counts distinct approvers only', () => {
    expect(
      countingApprovals(approval({ votes: [v('alice', 'approve'), v('alice', 'approve')] })),
    ).toEqual(['alice']);
  });

  it('pending and approved requests past their TTL are expired', () => {
    expect(effectiveStatus(approval({ expiresAt: T0 }), T0)).toBe('expired');
    expect(effectiveStatus(approval({ status: 'approved', expiresAt: T0 }), T0)).toBe('expired');
    expect(effectiveStatus(approval({ status: 'denied', expiresAt: T0 }), T0)).toBe('denied');
  });
});
