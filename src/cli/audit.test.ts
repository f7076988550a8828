import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiError, runGateCli, useLoggedInGate } from './test-kit.js';

// `audit verify | tail | export | search` against a fake gate, logged in.
const logged = useLoggedInGate();
const setup = logged.setup;

const event = (
  seq: number,
  type = 'decision',
  data: Record<string, unknown> = { verdict: 'allow' },
) => ({
  seq,
  ts: `2025-06-01T11:00:0${String(seq % 10)}.000Z`,
  type,
  actor: 'agent:claude',
  data,
  prev: '0'.repeat(64),
  hash: 'ab'.repeat(32),
  sig: 'sig',
});

describe('portcullis audit verify', () => {
  const cases: [string, unknown, number, string][] = [
    [
      'an intact chain',
      { ok: true, count: 42, head: { seq: 42, hash: 'ab12' } },
      0,
      'chain verified: 42 events, head #42 ab12\n',
    ],
    [
      'a broken chain',
      { ok: false, seq: 17, why: 'hash does not match its content' },
      1,
      'BROKEN at seq 17: hash does not match its content\n',
    ],
  ];
  it.each(cases)('reports %s', async (_, body, code, text) => {
    const o = await setup({ 'GET /v1/audit/verify': () => ({ body }) });
    const r = await runGateCli(['audit', 'verify'], o);
    expect([r.code, r.stdout]).toEqual([code, text]);
  });
});

describe('portcullis audit tail', () => {
  it('prints the last N events, oldest first', async () => {
    const o = await setup({
      'GET /v1/audit': () => ({
        body: {
          events: [event(3), event(2, 'approval.vote', { id: 'apr_1', comment: 'ok then' })],
        },
      }),
    });
    const r = await runGateCli(['audit', 'tail', '-n', '2'], o);
    expect(logged.current()?.requests[0]?.query).toEqual({ order: 'desc', limit: '2' });
    expect(r.stdout).toBe(
      '     2  2025-06-01T11:00:02.000Z  approval.vote       agent:claude  id=apr_1 comment="ok then"\n' +
        '     3  2025-06-01T11:00:03.000Z  decision            agent:claude  verdict=allow\n',
    );
  });

  it('--follow polls after the last seq until interrupted', async () => {
    let polls = 0;
    const stop = new AbortController();
    const o = await setup({
      'GET /v1/audit': (req) => {
        if (req.query.after === undefined) return { body: { events: [event(5)] } };
        polls++;
        if (polls === 2) stop.abort(new Error('interrupted'));
        return { body: { events: polls === 1 ? [event(6), event(7)] : [] } };
      },
    });
    const r = await runGateCli(['audit', 'tail', '--follow', '--json'], {
      ...o,
      io: { signal: stop.signal, sleep: () => Promise.resolve() },
    });
    expect(r.code).toBe(0);
    expect(logged.current()?.requests.map((q) => q.query.after)).toEqual([undefined, '5', '7']);
    expect(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { seq: number }).seq),
    ).toEqual([5, 6, 7]);
  });

  it('refuses a bad -n', async () => {
    const o = await setup({});
    const r = await runGateCli(['audit', 'tail', '-n', 'lots'], o);
    expect([r.code, r.stderr]).toEqual([
      2,
      'portcullis audit tail: -n is a whole number from 1 to 1000\n',
    ]);
  });
});

describe('portcullis audit export', () => {
  const lines = `${JSON.stringify(event(1))}\n${JSON.stringify(event(2))}\n`;

  it('streams to stdout', async () => {
    const o = await setup({ 'GET /v1/audit/export': () => ({ text: lines }) });
    const r = await runGateCli(['audit', 'export'], o);
    expect([r.code, r.stdout]).toEqual([0, lines]);
    expect(logged.current()?.requests[0]?.query).toEqual({ format: 'jsonl' });
  });

  it('writes a 0600 file with --out', async () => {
    const o = await setup({
      'GET /v1/audit/export': () => ({
        text: '<14>1 2025-06-01T11:00:01Z gate portcullis - decision - x\n',
      }),
    });
    const out = join(o.home, 'audit.log');
    const r = await runGateCli(['audit', 'export', '--format', 'syslog', '--out', out], o);
    expect(r.code).toBe(0);
    expect(logged.current()?.requests[0]?.query).toEqual({ format: 'syslog' });
    expect(readFileSync(out, 'utf8')).toBe(
      '<14>1 2025-06-01T11:00:01Z gate portcullis - decision - x\n',
    );
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(r.stderr).toBe(`wrote 58 bytes to ${out}\n`);
  });

  it('refuses an unknown format and an admin-only refusal exits 1', async () => {
    const o = await setup({
      'GET /v1/audit/export': () => apiError(403, 'auth/forbidden', 'admins only'),
    });
    expect((await runGateCli(['audit', 'export', '--format', 'csv'], o)).code).toBe(2);
    expect((await runGateCli(['audit', 'export'], o)).code).toBe(1);
  });
});

describe('portcullis audit search', () => {
  it('passes the filters as the query', async () => {
    const o = await setup({ 'GET /v1/audit': () => ({ body: { events: [event(9)] } }) });
    const r = await runGateCli(
      [
        'audit',
        'search',
        '--type',
        'decision',
        '--actor',
        'agent:claude',
        '--q',
        'terraform',
        '--since',
        '2025-06-01T00:00:00Z',
        '--json',
      ],
      o,
    );
    expect(r.code).toBe(0);
    expect(logged.current()?.requests[0]?.query).toEqual({
      type: 'decision',
      actor: 'agent:claude',
      q: 'terraform',
      since: '2025-06-01T00:00:00.000Z',
      limit: '100',
      order: 'asc',
    });
    expect((JSON.parse(r.stdout) as { seq: number }).seq).toBe(9);
  });

  it('refuses a --since that is not ISO 8601', async () => {
    const o = await setup({});
    const r = await runGateCli(['audit', 'search', '--since', 'yesterday'], o);
    expect(r.code).toBe(2);
    expect(logged.current()?.requests).toEqual([]);
  });
});
