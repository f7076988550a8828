import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../store/store.js';
import { syslogSeverity, toJsonl, toSyslog } from './export.js';

const H = 'ab'.repeat(32);
const P = '0'.repeat(64);
const SIG = 'A'.repeat(86);

function event(patch: Partial<AuditEvent> = {}): AuditEvent {
  return {
    seq: 7,
    ts: '2025-01-02T03:04:05.678Z',
    type: 'decision',
    actor: 'agent:claude',
    data: { verdict: 'allow', command: 'kubectl get pods' },
    prev: P,
    hash: H,
    sig: SIG,
    ...patch,
  };
}

describe('toJsonl', () => {
  it('writes one canonical line', () => {
    expect(toJsonl(event())).toBe(
      `{"actor":"agent:claude","data":{"command":"kubectl get pods","verdict":"allow"},"hash":"${H}",` +
        `"prev":"${P}","seq":7,"sig":"${SIG}","ts":"2025-01-02T03:04:05.678Z","type":"decision"}\n`,
    );
  });

  it('round-trips', () => {
    const ev = event({ data: { é: 'ü\n"' } });
    expect(JSON.parse(toJsonl(ev))).toEqual(ev);
  });
});

describe('toSyslog', () => {
  const SD = `seq="7" hash="${H}"`;
  const cases: [string, AuditEvent, Parameters<typeof toSyslog>[1], string][] = [
    [
      'an allowed decision (info = 86)',
      event(),
      { hostname: 'gate1.example.com', procId: 4242 },
      `<86>1 2025-01-02T03:04:05.678Z gate1.example.com portcullis 4242 decision ` +
        `[portcullis@32473 ${SD} type="decision" actor="agent:claude"] ` +
        '{"command":"kubectl get pods","verdict":"allow"}',
    ],
    [
      'a denial (warning = 84), no procId, another app name',
      event({ type: 'request.denied', data: { rule: 'no-prod-delete' } }),
      { hostname: 'gate1', appName: 'pc' },
      `<84>1 2025-01-02T03:04:05.678Z gate1 pc - request.denied ` +
        `[portcullis@32473 ${SD} type="request.denied" actor="agent:claude"] {"rule":"no-prod-delete"}`,
    ],
    [
      'an approval (notice = 85)',
      event({ type: 'approval.vote', actor: 'human:alice', data: {} }),
      { hostname: 'gate1' },
      `<85>1 2025-01-02T03:04:05.678Z gate1 portcullis - approval.vote ` +
        `[portcullis@32473 ${SD} type="approval.vote" actor="human:alice"] {}`,
    ],
    [
      'a denied approval is a warning (deny wins)',
      event({ type: 'approval.denied', data: {} }),
      { hostname: 'h' },
      `<84>1 2025-01-02T03:04:05.678Z h portcullis - approval.denied ` +
        `[portcullis@32473 ${SD} type="approval.denied" actor="agent:claude"] {}`,
    ],
    [
      'SD values escaped, control characters neutralised, non-ASCII escaped in MSG',
      event({ actor: 'agent:a"b\\c]d\ne', data: { who: 'Zoë 😀' } }),
      { hostname: 'h' },
      `<86>1 2025-01-02T03:04:05.678Z h portcullis - decision ` +
        `[portcullis@32473 ${SD} type="decision" actor="agent:a\\"b\\\\c\\]d\ufffde"] ` +
        '{"who":"Zo\\u00eb \\ud83d\\ude00"}',
    ],
    [
      'header fields: spaces replaced, MSGID cut to 32, empty hostname is NILVALUE',
      event({ type: 'a very long type name that goes past thirty-two', data: {} }),
      { hostname: '', appName: 'my app' },
      `<86>1 2025-01-02T03:04:05.678Z - my_app - a_very_long_type_name_that_goes_ ` +
        `[portcullis@32473 ${SD} type="a very long type name that goes past thirty-two" actor="agent:claude"] {}`,
    ],
    [
      'nanoseconds cut to microseconds; offset kept',
      event({ ts: '2025-01-02T03:04:05.123456789+02:00', data: {} }),
      { hostname: 'h' },
      `<86>1 2025-01-02T03:04:05.123456+02:00 h portcullis - decision ` +
        `[portcullis@32473 ${SD} type="decision" actor="agent:claude"] {}`,
    ],
    [
      'an unparseable time is the NILVALUE',
      event({ ts: 'yesterday', data: {} }),
      { hostname: 'h' },
      `<86>1 - h portcullis - decision [portcullis@32473 ${SD} type="decision" actor="agent:claude"] {}`,
    ],
  ];
  it.each(cases)('%s', (_name, ev, opts, line) => {
    expect(toSyslog(ev, opts)).toBe(line);
  });

  it('never contains a newline or a non-ASCII byte outside SD values', () => {
    const line = toSyslog(event({ data: { x: 'a\nb\u2028c' } }), { hostname: 'h\nx' });
    expect(line).not.toMatch(/[\n\r]/);
    expect(line).toContain('{"x":"a\\nb\\u2028c"}');
  });
});

describe('syslogSeverity', () => {
  const cases: [string, number][] = [
    ['decision', 6],
    ['deny', 4],
    ['request.deny', 4],
    ['approval_denied', 4],
    ['approval.created', 5],
    ['request:approved', 5],
    ['denylist.update', 6],
    ['policy.change', 6],
  ];
  it.each(cases)('%s → %i', (type, severity) => {
    expect(syslogSeverity(type)).toBe(severity);
  });
});
