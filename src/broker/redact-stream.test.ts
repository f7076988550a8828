/** Known secret values never leave the broker, however the output is cut into chunks. */
import { describe, expect, it } from 'vitest';
import { redactionValues, StreamRedactor } from './redact-stream.js';

const R = '[REDACTED]';

function through(secrets: string[], chunks: string[]): { out: string; released: string[] } {
  const r = new StreamRedactor(secrets);
  const released = chunks.map((c) => r.push(c));
  released.push(r.flush());
  return { out: released.join(''), released };
}

describe('StreamRedactor', () => {
  const cases: [string, string[], string[], string][] = [
    ['whole in one chunk', ['hunter2-secret'], ['pw=hunter2-secret ok\n'], `pw=${R} ok\n`],
    ['split across two chunks', ['hunter2-secret'], ['pw=hunter2', '-secret ok\n'], `pw=${R} ok\n`],
    [
      'split one character at a time',
      ['abcdef'],
      ['x', 'a', 'b', 'c', 'd', 'e', 'f', 'y'],
      `x${R}y`,
    ],
    ['split across three chunks', ['abcdefghij'], ['1abc', 'defg', 'hij2'], `1${R}2`],
    ['twice, back to back', ['abcd'], ['abcdab', 'cd'], `${R}${R}`],
    ['a prefix that does not complete is released', ['abcdef'], ['xxabc', 'Zyy'], 'xxabcZyy'],
    ['a prefix held to the end is released by flush', ['abcdef'], ['tail abcde'], 'tail abcde'],
    [
      'longest first: a secret containing another',
      ['abcd', 'abcdefgh'],
      ['-abcdefgh-abcd-'],
      `-${R}-${R}-`,
    ],
    ['longest first across a chunk edge', ['abcd', 'abcdefgh'], ['-abcd', 'efgh-'], `-${R}-`],
    ['short values (< 4) are left alone', ['abc'], ['abc abc'], 'abc abc'],
    ['no secrets: passes through', [], ['a', 'b'], 'ab'],
    ['overlapping occurrence', ['aaab'], ['aaaab'], `a${R}`],
    ['unicode', ['clé-secrète'], ['la clé-', 'secrète!'], `la ${R}!`],
  ];
  it.each(cases)('%s', (_what, secrets, chunks, expected) => {
    expect(through(secrets, chunks).out).toBe(expected);
  });

  it('releases text that cannot start a secret at once (only a possible prefix is held)', () => {
    const { released } = through(['secret-value'], ['line one\n', 'line two secr', 'et-value\n']);
    expect(released).toEqual(['line one\n', 'line two ', `${R}\n`, '']);
  });

  it('holds at most the longest secret minus one character', () => {
    const r = new StreamRedactor(['aaaaaaaaab']);
    const out = r.push('a'.repeat(100));
    expect(out).toBe('a'.repeat(91));
    expect(r.push('b')).toBe(R);
  });
});

describe('redactionValues', () => {
  it('a one-line value is itself, without a trailing newline', () => {
    expect(redactionValues('hunter2-pw\n')).toEqual(['hunter2-pw']);
    expect(redactionValues('abc')).toEqual([]);
  });

  it('a kubeconfig also yields its long lines and their values', () => {
    const kube = [
      'apiVersion: v1',
      'users:',
      '- name: admin',
      '  user:',
      '    token: eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.payload.signature',
      '    client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQ==',
      '',
    ].join('\n');
    const v = redactionValues(kube);
    expect(v).toContain(kube.replace(/\n$/, ''));
    expect(v).toContain('token: eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.payload.signature');
    expect(v).toContain('eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.payload.signature');
    expect(v).toContain('LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQ==');
    expect(v).not.toContain('apiVersion: v1');
    expect(v).not.toContain('- name: admin');
  });
});
