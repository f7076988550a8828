import { describe, expect, it } from 'vitest';
import { CanonicalJsonError, canonicalJson } from './jcs.js';

/** The IEEE 754 double with these big-endian bits (RFC 8785 Appendix B lists numbers this way). */
function double(hex: string): number {
  return Buffer.from(hex, 'hex').readDoubleBE(0);
}

describe('canonicalJson', () => {
  it('sorts keys by UTF-16 code units (RFC 8785 §3.2.3 example)', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    expect(canonicalJson(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","ö":"Latin Small Letter O With Diaeresis",' +
        '"€":"Euro Sign","😀":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('serialises the RFC 8785 §3.2.2 example exactly', () => {
    const input = JSON.parse(
      '{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],' +
        '"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}',
    ) as unknown;
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  // RFC 8785 Appendix B: IEEE 754 bits → canonical text.
  const numbers: [string, string][] = [
    ['0000000000000000', '0'],
    ['8000000000000000', '0'],
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'],
    ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'],
    ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555555', '333333333.3333333'],
    ['41b3de4355555556', '333333333.3333334'],
    ['41b3de4355555557', '333333333.33333343'],
    ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
  ];
  it.each(numbers)('number with bits %s → %s', (bits, text) => {
    expect(canonicalJson(double(bits))).toBe(text);
  });

  const literals: [string, unknown, string][] = [
    ['1e21', 1e21, '1e+21'],
    ['1e-7', 1e-7, '1e-7'],
    ['-0', -0, '0'],
    ['integer', 42, '42'],
    ['empty object', {}, '{}'],
    ['empty array', [], '[]'],
    [
      'nested, no whitespace',
      { b: [1, { d: 2, c: 3 }], a: 'x' },
      '{"a":"x","b":[1,{"c":3,"d":2}]}',
    ],
    ['undefined member dropped', { a: undefined, b: 1 }, '{"b":1}'],
    ['undefined array element → null', [1, undefined, 2], '[1,null,2]'],
    ['Date via toJSON', { at: new Date(0) }, '{"at":"1970-01-01T00:00:00.000Z"}'],
    ['lone surrogate escaped', '\ud800x', '"\\ud800x"'],
    ['control characters', '\u0001\t\u001f', '"\\u0001\\t\\u001f"'],
    ['boxed string', Object('s') as unknown, '"s"'],
  ];
  it.each(literals)('%s', (_name, value, text) => {
    expect(canonicalJson(value)).toBe(text);
  });

  const rejected: [string, unknown][] = [
    ['NaN', NaN],
    ['Infinity', { a: -Infinity }],
    ['bigint', { a: 1n }],
    ['function', [() => 1]],
    ['symbol', { a: Symbol('s') }],
    ['undefined at the top', undefined],
    ['toJSON returning undefined', { a: { toJSON: () => undefined } }],
  ];
  it.each(rejected)('throws on %s', (_name, value) => {
    expect(() => canonicalJson(value)).toThrow(CanonicalJsonError);
  });

  it('throws on a cycle but accepts a shared (acyclic) reference', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/circular/);
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
  });

  it('agrees with a JSON round trip', () => {
    const value = { z: [new Date(1), undefined, { y: undefined, x: -0 }], a: 'é' };
    expect(canonicalJson(JSON.parse(JSON.stringify(value)))).toBe(canonicalJson(value));
  });
});
