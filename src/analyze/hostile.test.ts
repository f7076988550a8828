import { beforeAll, describe, expect, it } from 'vitest';
import { analyze, initAnalyzer } from './index.js';
import { decideBuiltin } from '../policy/builtin.js';

beforeAll(async () => {
  await initAnalyzer();
});


function verdict(command: string): { verdict: string; rule: string; reasons: string[]; ms: number } {
  const t0 = performance.now();
  const d = decideBuiltin(analyze({ command }));
  return { verdict: d.verdict, rule: d.rule, reasons: d.reasons, ms: performance.now() - t0 };
}

// Each hostile input must come back quickly with a verdict that is not allow and a reason.
describe('hostile input fails closed', () => {
  it.each([
    ['empty', '', 'shell/empty'],
    ['whitespace only', ' \t\n  ', 'shell/empty'],
    ['unterminated single quote', "echo 'hello", 'shell/parse-error'],
    ['unterminated double quote', 'ls "src', 'shell/parse-error'],
    ['unterminated heredoc', 'cat <<EOF\nline one\n', 'shell/parse-error'],
    ['unbalanced subshell', '(ls; pwd', 'shell/parse-error'],
    ['NUL byte', 'ls\0 -la', 'shell/nul-byte'],
    ['invalid UTF-8 (decoded as U+FFFD)', Buffer.from([0x6c, 0x73, 0x20, 0xff, 0xfe]).toString('utf8'), 'shell/invalid-encoding'],
    ['1 MB command', `echo ${'a'.repeat(1024 * 1024)}`, 'shell/too-large'],
    ['10,000 commands', Array.from({ length: 10_000 }, (_, i) => `echo ${i}`).join(';'), 'shell/too-complex'],
  ] as const)('%s', (_name, command, rule) => {
    const v = verdict(command);
    expect(v.verdict).not.toBe('allow');
    expect(v.rule).toBe(rule);
    expect(v.reasons.join(' ')).not.toBe('');
    expect(v.ms).toBeLessThan(5_000);
  });

  it('bash -c nested 500 levels deep', () => {
    // Quoting doubles per level, so build it by wrapping with double quotes and escapes lazily.
    let cmd = 'true';
    for (let i = 0; i < 500; i++) cmd = `bash -c ${JSON.stringify(cmd).slice(0, 200_000)}`;
    const v = verdict(cmd);
    expect(v.verdict).not.toBe('allow');
    expect(v.ms).toBeLessThan(5_000);
  });

  it('nesting past the depth budget asks with "too complex"', () => {
    // `eval` re-parses its arguments, so each word is one more level (quoting does not grow).
    const v = verdict(`${'eval '.repeat(60)}true`);
    expect(v.verdict).toBe('ask');
    expect(v.rule).toBe('shell/too-complex');
    expect(v.reasons[0]).toMatch(/too complex to analyse/);
  });

  it('deeply nested substitutions and subshells', () => {
    const subs = verdict(`${'echo $('.repeat(3000)}true${')'.repeat(3000)}`);
    expect(subs.verdict).not.toBe('allow');
    const parens = verdict(`${'('.repeat(5000)}true${')'.repeat(5000)}`);
    expect(parens.ms).toBeLessThan(5_000);
  });

  it('pathological globs do not stall', () => {
    const v = verdict(`ls ${'*/'.repeat(5000)}* ${'{a,b}'.repeat(2000)} ${'?'.repeat(10000)}`);
    expect(v.ms).toBeLessThan(5_000);
  });

  it('a function that calls itself is not followed forever', () => {
    const v = verdict('f() { f; rm -rf /tmp/x; }; f');
    expect(v.ms).toBeLessThan(5_000);
  });

  it('an alias loop terminates', () => {
    const v = verdict("alias a='b'; alias b='a'; a");
    expect(v.ms).toBeLessThan(5_000);
  });
});
