import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyHookConfig, hookConfigPath, parseToken, planHookConfig } from './hook-config.js';
import { makeWorld, type World } from './test-kit.js';

// ~/.config/portcullis/hook.json: merged, owner-only, the token validated and never in an error message.
let world: World | undefined;
afterEach(() => {
  world?.cleanup();
  world = undefined;
});
const fresh = (): World => (world = makeWorld());
const mode = (p: string): number => statSync(p).mode & 0o777;

describe('parseToken', () => {
  it.each([
    ['pc_abc.DEF-123\n', 'pc_abc.DEF-123'],
    ['  tok\r\n', 'tok'],
    ['a', 'a'],
  ])('accepts %j', (line, want) => {
    expect(parseToken(line)).toBe(want);
  });

  it.each([[''], ['\n'], ['two words'], ['tab\there'], ['é-accent'], ['x'.repeat(4097)]])(
    'refuses %j without echoing it',
    (line) => {
      expect(() => parseToken(line)).toThrow(
        /^the token on stdin must be one line of printable characters without spaces, 1–4096 long$/,
      );
    },
  );
});

describe('hook.json', () => {
  it('is created at ~/.config/portcullis/hook.json, directory 0700, file 0600', () => {
    const w = fresh();
    const change = planHookConfig(w.ctx, { token: 'tok-1', defaultGate: 'http://127.0.0.1:7421' });
    expect([change.path, change.action, change.keys]).toEqual([
      join(w.ctx.home, '.config/portcullis/hook.json'),
      'create',
      ['gate', 'token'],
    ]);
    applyHookConfig(change, w.ctx);
    expect(readFileSync(change.path, 'utf8')).toBe(
      '{\n  "gate": "http://127.0.0.1:7421",\n  "token": "tok-1"\n}\n',
    );
    expect(mode(change.path)).toBe(0o600);
    expect(mode(join(w.ctx.home, '.config/portcullis'))).toBe(0o700);
    expect(planHookConfig(w.ctx, { token: 'tok-1' }).action).toBe('unchanged');
  });

  it('merges: keeps other keys, keeps a gate already named when only a token is given', () => {
    const w = fresh();
    const path = w.put(
      'home/.config/portcullis/hook.json',
      '{"comment": "mine", "gate": "https://gate.example.com", "token": "old"}',
      0o644,
    );
    const change = planHookConfig(w.ctx, { token: 'new', defaultGate: 'http://127.0.0.1:7421' });
    expect([change.action, change.keys]).toEqual(['update', ['token']]);
    applyHookConfig(change, w.ctx);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({
      comment: 'mine',
      gate: 'https://gate.example.com',
      token: 'new',
    });
    expect(mode(path)).toBe(0o600);
  });

  it('--gate alone sets the gate and leaves the token', () => {
    const w = fresh();
    w.put('home/.config/portcullis/hook.json', '{"token": "t"}\n', 0o600);
    const change = planHookConfig(w.ctx, { gate: 'http://127.0.0.1:9000' });
    expect(JSON.parse(change.after)).toEqual({ token: 't', gate: 'http://127.0.0.1:9000' });
  });

  it('the same bytes with a loose mode are rewritten (to fix the mode)', () => {
    const w = fresh();
    w.put('home/.config/portcullis/hook.json', '{\n  "token": "t"\n}\n', 0o644);
    expect(planHookConfig(w.ctx, { token: 't' }).action).toBe('update');
  });

  it('a hook.json that is not a JSON object is an error, never overwritten', () => {
    const w = fresh();
    w.put('home/.config/portcullis/hook.json', 'token=abc\n');
    expect(() => planHookConfig(w.ctx, { token: 't' })).toThrow(
      `${hookConfigPath(w.ctx)} is not plain JSON`,
    );
  });
});
