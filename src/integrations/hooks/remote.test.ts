import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_GATE_URL, gateOrLocalJudge, gateTarget } from './remote.js';

const homes: string[] = [];
function home(file?: { text: string; mode: number }): string {
  const h = mkdtempSync(join(tmpdir(), 'portcullis-remote-'));
  homes.push(h);
  if (file) {
    mkdirSync(join(h, '.config', 'portcullis'), { recursive: true, mode: 0o700 });
    const p = join(h, '.config', 'portcullis', 'hook.json');
    writeFileSync(p, file.text);
    chmodSync(p, file.mode);
  }
  return h;
}
afterEach(() => {
  for (const h of homes.splice(0)) rmSync(h, { recursive: true, force: true });
});

describe('gateTarget: where a hook finds its gate and token', () => {
  it('defaults to the loopback gate with no token', () => {
    expect(gateTarget({}, home())).toEqual({ url: DEFAULT_GATE_URL, timeoutMs: 2500 });
  });
  it('reads hook.json (0600)', () => {
    const h = home({ text: '{"gate":"http://127.0.0.1:9000","token":"eyJabc"}', mode: 0o600 });
    expect(gateTarget({}, h)).toMatchObject({ url: 'http://127.0.0.1:9000', token: 'eyJabc' });
  });
  it('the environment wins over hook.json', () => {
    const h = home({ text: '{"gate":"http://127.0.0.1:9000","token":"eyJabc"}', mode: 0o600 });
    expect(
      gateTarget({ PORTCULLIS_GATE: 'http://127.0.0.1:1', PORTCULLIS_TOKEN: 'eyJenv' }, h),
    ).toMatchObject({
      url: 'http://127.0.0.1:1',
      token: 'eyJenv',
    });
  });
  it('refuses a hook.json others can read (the hook then denies)', () => {
    const h = home({ text: '{"token":"eyJabc"}', mode: 0o644 });
    expect(() => gateTarget({}, h)).toThrow(/chmod 600/);
  });
  it('refuses a hook.json that is not JSON', () => {
    const h = home({ text: 'token=abc', mode: 0o600 });
    expect(() => gateTarget({}, h)).toThrow(/not valid JSON/);
  });
});

describe('gateOrLocalJudge with an unsafe hook.json', () => {
  it('refuses the request (the judge throws, so the hook denies), naming the fix', async () => {
    const h = home({ text: '{"token":"eyJabc"}', mode: 0o666 });
    const judge = gateOrLocalJudge(
      () => ({ verdict: 'allow', risk: 'none', rule: 'local', reasons: [], actions: [] }),
      () => gateTarget({}, h),
    );
    await expect(
      judge({ kind: 'shell', agent: 'claude-code', cwd: '/tmp', command: 'git status' }),
    ).rejects.toThrow(/chmod 600/);
  });
});
