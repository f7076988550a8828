import { describe, expect, it } from 'vitest';
import { checkLink, clampLimit, GENESIS_PREV } from './rows.js';
import type { AuditEvent } from './store.js';

describe('clampLimit', () => {
  const cases: [limit: number | undefined, clamped: number][] = [
    [undefined, 100],
    [Number.NaN, 100],
    [Number.POSITIVE_INFINITY, 100],
    [0, 1],
    [-5, 1],
    [2.9, 2],
    [250, 250],
    [1000, 1000],
    [1001, 1000],
  ];
  it.each(cases)('%s → %s', (limit, clamped) => {
    expect(clampLimit(limit)).toBe(clamped);
  });
});

describe('checkLink', () => {
  const ev = (seq: number, prev: string): AuditEvent => ({
    seq,
    prev,
    ts: '2026-01-01T00:00:00.000Z',
    type: 't',
    actor: 'gate',
    data: {},
    hash: 'h',
    sig: 's',
  });
  const head = { seq: 7, hash: 'abc' };
  const cases: [name: string, event: AuditEvent, h: typeof head | null, ok: boolean][] = [
    ['first event', ev(1, GENESIS_PREV), null, true],
    ['first event with a prev', ev(1, 'abc'), null, false],
    ['first event not at 1', ev(2, GENESIS_PREV), null, false],
    ['next event', ev(8, 'abc'), head, true],
    ['gap', ev(9, 'abc'), head, false],
    ['repeat', ev(7, 'abc'), head, false],
    ['fork', ev(8, 'xyz'), head, false],
  ];
  it.each(cases)('%s', (_name, event, h, ok) => {
    expect(checkLink(event, h) === undefined).toBe(ok);
  });
});
