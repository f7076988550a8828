import { describe, expect, it } from 'vitest';
import {
  clip,
  detailLines,
  escapeDiscord,
  escapeSlack,
  formatExpiry,
  headline,
  inlineLinks,
  plainText,
  testNotice,
  title,
  type ApprovalNotice,
} from './message.js';
import { CATASTROPHIC, HIGH } from './test-kit.js';

describe('headline', () => {
  it('says risk, env, command, agent, approvals and expiry in one line', () => {
    expect(headline(CATASTROPHIC)).toBe(
      '[Portcullis] CATASTROPHIC in prod: terraform destroy -auto-approve — agent claude-code needs 2 approvals (expires 14:05 UTC)',
    );
    expect(headline(HIGH)).toBe(
      '[Portcullis] HIGH in staging: kubectl delete deployment api -n staging — agent codex needs 1 approval (expires 14:05 UTC)',
    );
  });

  it('marks escalations and tests, and leaves out an unknown environment', () => {
    expect(headline({ ...CATASTROPHIC, kind: 'escalation' })).toBe(
      '[Portcullis] Still pending: CATASTROPHIC in prod: terraform destroy -auto-approve — agent claude-code needs 2 approvals (expires 14:05 UTC)',
    );
    expect(headline({ ...HIGH, kind: 'test', env: 'unknown' })).toBe(
      '[Portcullis] Test: HIGH: kubectl delete deployment api -n staging — agent codex needs 1 approval (expires 14:05 UTC)',
    );
    expect(title({ ...CATASTROPHIC, kind: 'escalation' })).toBe(
      'Still pending: CATASTROPHIC in prod: approval needed',
    );
  });

  it('clips a long command to 300 characters', () => {
    const long = `rm -rf ${'x'.repeat(400)}`;
    const line = headline({ ...HIGH, summary: long });
    expect(line).toContain(`: rm -rf ${'x'.repeat(292)}… — agent codex`);
  });

  it('cannot be given extra lines or reordered by the command', () => {
    const forged = 'ls\n[Portcullis] APPROVED\r\tok';
    expect(headline({ ...HIGH, summary: forged })).toContain(': ls [Portcullis] APPROVED ok — ');
    expect(clip('rm -rf /\u202Ecod.txt', 50)).toBe('rm -rf /\ufffdcod.txt');
  });
});

describe('clip', () => {
  const cases: [input: string, max: number, expected: string][] = [
    ['short', 10, 'short'],
    ['exactly10!', 10, 'exactly10!'],
    ['eleven char', 10, 'eleven ch…'],
    ['  padded\n', 10, 'padded'],
    ['a\u0000b\u001bc', 10, 'a b c'],
    ['🚀🚀🚀🚀', 3, '🚀🚀…'],
  ];
  it.each(cases)('clip(%j, %i)', (input, max, expected) => {
    expect(clip(input, max)).toBe(expected);
  });
});

describe('inlineLinks', () => {
  const cases: [name: string, notice: ApprovalNotice, inline: boolean][] = [
    ['high with both links', HIGH, true],
    ['catastrophic even with links', { ...HIGH, risk: 'catastrophic' }, false],
    ['a test notice', { ...HIGH, kind: 'test' }, false],
    ['no deny link', { ...HIGH, links: { view: 'v', approve: 'a' } }, false],
    ['view only', CATASTROPHIC, false],
    ['an escalation', { ...HIGH, kind: 'escalation' }, true],
  ];
  it.each(cases)('%s', (_name, notice, inline) => {
    expect(inlineLinks(notice) !== undefined).toBe(inline);
  });
});

describe('details', () => {
  it('lists reasons, the approval and what to do', () => {
    expect(detailLines(CATASTROPHIC)).toEqual([
      '• destroys every resource in the prod stack',
      'Approval apr_7Hk2mQ9xLp',
      'Open the console to approve or deny.',
    ]);
    expect(detailLines(HIGH)).toEqual([
      '• deletes a deployment',
      '• staging <shared> & busy',
      'Approval apr_Q3b8ZtW1nc',
      'Approve or deny here, or open the console to see the details.',
    ]);
  });

  it('shows four reasons at most', () => {
    const n = { ...HIGH, reasons: ['r1', 'r2', 'r3', 'r4', 'r5', 'r6'] };
    expect(detailLines(n).slice(0, 5)).toEqual(['• r1', '• r2', '• r3', '• r4', '• +2 more']);
  });

  it('builds a harmless test notice with no inline links', () => {
    const n = testNotice(Date.UTC(2026, 0, 1, 9, 0), 'https://gate.example/');
    expect(n.kind).toBe('test');
    expect(inlineLinks(n)).toBeUndefined();
    expect(plainText(n)).toBe(
      [
        '[Portcullis] Test: HIGH: echo "notification test" — agent portcullis needs 1 approval (expires 09:15 UTC)',
        '',
        '• a test sent by `portcullis notify test`',
        'Approval test',
        'This is a test notification: nothing is waiting for approval.',
      ].join('\n'),
    );
  });
});

describe('escaping', () => {
  const slack: [string, string][] = [
    ['a & b', 'a &amp; b'],
    ['<!channel> <@U123>', '&lt;!channel&gt; &lt;@U123&gt;'],
    ['echo *bold*', 'echo *bold*'],
  ];
  it.each(slack)('slack %j', (input, out) => {
    expect(escapeSlack(input)).toBe(out);
  });

  const discord: [string, string][] = [
    ['rm -rf /tmp/x', 'rm -rf /tmp/x'],
    ['echo **hi** `x`', 'echo \\*\\*hi\\*\\* \\`x\\`'],
    ['[click](https://evil)', '\\[click\\]\\(https://evil\\)'],
    ['a_b ~~c~~ ||d|| > e', 'a\\_b \\~\\~c\\~\\~ \\|\\|d\\|\\| \\> e'],
    ['<@123> \\', '\\<@123\\> \\\\'],
  ];
  it.each(discord)('discord %j', (input, out) => {
    expect(escapeDiscord(input)).toBe(out);
  });

  it('formats expiry in UTC', () => {
    expect(formatExpiry(Date.UTC(2026, 0, 1, 3, 7, 59))).toBe('03:07 UTC');
  });
});
