import { describe, expect, it } from 'vitest';
import { decodeAnsiC, decodeBase64, decodeHex, echoOutput, expandBraces, printfOutput, unescapeDouble, unescapeUnquoted } from './text.js';

describe('quoting and escapes', () => {
  it.each([
    ['\\rm', 'rm'],
    ['r\\m', 'rm'],
    ['a\\ b', 'a b'],
    ['line\\\ncontinued', 'linecontinued'],
  ])('unquoted %j → %j', (input, out) => {
    expect(unescapeUnquoted(input)).toBe(out);
  });

  it.each([
    ['say \\"hi\\"', 'say "hi"'],
    ['cost \\$5', 'cost $5'],
    ['keep \\n as is', 'keep \\n as is'],
  ])('double-quoted %j → %j', (input, out) => {
    expect(unescapeDouble(input)).toBe(out);
  });

  it.each([
    ["$'\\x72\\x6d'", 'rm'],
    ["$'\\162\\155'", 'rm'],
    ["$'\\u0072m'", 'rm'],
    ["$'a\\tb'", 'a\tb'],
    ["$'it\\'s'", "it's"],
  ])('ANSI-C %s → %j', (input, out) => {
    expect(decodeAnsiC(input)).toBe(out);
  });
});

describe('static output', () => {
  it.each([
    [['hello', 'world'], 'hello world\n'],
    [['-n', 'x'], 'x'],
    [['-e', 'a\\nb'], 'a\nb\n'],
    [['-ne', '\\x72m'], 'rm'],
    [['-E', 'a\\nb'], 'a\\nb\n'],
  ] as const)('echo %j', (args, out) => {
    expect(echoOutput(args)).toBe(out);
  });

  it.each([
    [['%s -rf %s\\n', 'rm', '~'], 'rm -rf ~\n'],
    [['\\x72\\x6d -rf /tmp/x'], 'rm -rf /tmp/x'],
    [['%s\\n', 'a', 'b'], 'a\nb\n'],
    [['100%%'], '100%'],
    [['%b', 'x\\ny'], 'x\ny'],
  ] as const)('printf %j', (args, out) => {
    expect(printfOutput(args)).toBe(out);
  });

  it('decodes base64 and hex, refusing what is neither', () => {
    expect(decodeBase64('ZWNobyBoaQ==\n')).toBe('echo hi');
    expect(decodeBase64('not base64!')).toBeUndefined();
    expect(decodeHex('6c73')).toBe('ls');
    expect(decodeHex('zz')).toBeUndefined();
  });
});

describe('brace expansion', () => {
  it.each([
    ['/srv/{a,b}', ['/srv/a', '/srv/b']],
    ['{x,y}{1,2}', ['x1', 'x2', 'y1', 'y2']],
    ['a{b,{c,d}}', ['ab', 'ac', 'ad']],
    ['{}', ['{}']],
    ['{single}', ['{single}']],
    ['plain', ['plain']],
  ] as const)('%s', (input, out) => {
    expect(expandBraces(input)).toEqual(out);
  });

  it('is bounded', () => {
    expect(expandBraces('{a,b}'.repeat(20)).length).toBeLessThanOrEqual(64);
  });
});
