import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Command, CommanderError } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import type { InstallContext } from '../integrations/install/context.js';
import { makeWorld, type World } from '../integrations/install/test-kit.js';
import { registerInstallCommands } from './install.js';

// `portcullis install --http | --gate | --token-stdin`, in-process with a temporary home: usage errors (exit 2),
// what is written, and that the token never reaches the output.
let world: World | undefined;
afterEach(() => {
  world?.cleanup();
  world = undefined;
});
const fresh = (env: Record<string, string> = {}): World => {
  world = makeWorld();
  world.ctx = { ...world.ctx, env };
  return world;
};

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function install(ctx: InstallContext, args: string[], stdin?: string): Promise<Run> {
  const r: Run = { code: -1, stdout: '', stderr: '' };
  const program = new Command()
    .exitOverride()
    .configureOutput({ writeOut: (s) => (r.stdout += s), writeErr: (s) => (r.stderr += s) });
  registerInstallCommands(program, {
    setExitCode: (c) => (r.code = c),
    context: () => ctx,
    out: (s) => (r.stdout += s),
    err: (s) => (r.stderr += s),
    stdin: Readable.from(stdin === undefined ? [] : [stdin]),
  });
  try {
    await program.parseAsync(['node', 'portcullis', 'install', ...args]);
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    r.code = 2;
  }
  return r;
}

const hookJson = (w: World): string => join(w.ctx.home, '.config/portcullis/hook.json');
const mode = (p: string): number => statSync(p).mode & 0o777;

describe('install --http', () => {
  it('writes the http hook and says where the token must be', async () => {
    const w = fresh();
    const r = await install(w.ctx, ['claude-code', '--http']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toContain('Hook URL: http://127.0.0.1:7421/v1/hooks/claude-code\n');
    expect(r.stdout).toContain(
      "  note: export PORTCULLIS_TOKEN=… (the agent's token) in the environment Claude Code starts from",
    );
    const settings = readFileSync(join(w.ctx.home, '.claude/settings.json'), 'utf8');
    expect(settings).toContain('"type": "http"');
    expect(existsSync(hookJson(w))).toBe(false);
  });

  it('takes the gate from --gate, else PORTCULLIS_GATE', async () => {
    const w = fresh({ PORTCULLIS_GATE: 'http://localhost:9000/' });
    const viaEnv = await install(w.ctx, ['claude-code', '--http', '--dry-run']);
    expect(viaEnv.stdout).toContain('Hook URL: http://localhost:9000/v1/hooks/claude-code\n');
    const viaFlag = await install(w.ctx, [
      'claude-code',
      '--http',
      '--gate',
      'https://gate.example.com',
      '--dry-run',
    ]);
    expect(viaFlag.stdout).toContain('Hook URL: https://gate.example.com/v1/hooks/claude-code\n');
  });

  it.each([
    [['codex', '--http'], '--http: only Claude Code has http hooks Portcullis can install'],
    [['all', '--http'], '--http: only Claude Code has http hooks Portcullis can install'],
    [['copilot', '--http'], "Copilot's http hooks must be https"],
    [
      ['claude-code', '--http', '--gate', 'http://10.0.0.5:7421'],
      'gate URL http://10.0.0.5:7421: plain http is only accepted on loopback',
    ],
    [
      ['claude-code', '--http', '--token-stdin'],
      '--token-stdin: an http hook does not read hook.json',
    ],
    [['codex', '--gate', 'http://gate.example.com'], 'plain http is only accepted on loopback'],
    [['codex', '--token-stdin', '--scope', 'system'], 'hook.json, which is per user'],
  ])('%j is a usage error', async (args, message) => {
    const w = fresh();
    const r = await install(w.ctx, args, 'tok\n');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^portcullis install: /);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe('');
    expect(existsSync(join(w.ctx.home, '.claude'))).toBe(false);
    expect(existsSync(join(w.ctx.etcDir, 'codex'))).toBe(false);
  });
});

describe('install --token-stdin / --gate (command hooks)', () => {
  it('writes hook.json {gate, token} owner-only and never prints the token', async () => {
    const w = fresh();
    const r = await install(w.ctx, ['codex', '--token-stdin'], 'pc_secret-123\n');
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toContain(`Hook settings: created ${hookJson(w)} (gate, token; mode 0600)\n`);
    expect(r.stdout).not.toContain('pc_secret-123');
    expect(readFileSync(hookJson(w), 'utf8')).toBe(
      '{\n  "gate": "http://127.0.0.1:7421",\n  "token": "pc_secret-123"\n}\n',
    );
    expect([mode(hookJson(w)), mode(join(w.ctx.home, '.config/portcullis'))]).toEqual([
      0o600, 0o700,
    ]);
    expect(readFileSync(join(w.ctx.home, '.codex/hooks.json'), 'utf8')).toContain('hook codex');
  });

  it('merges --gate and the token into an existing hook.json, keeping other keys', async () => {
    const w = fresh();
    w.put('home/.config/portcullis/hook.json', '{"note": "mine", "token": "old"}', 0o644);
    const r = await install(
      w.ctx,
      ['gemini', '--gate', 'https://gate.example.com/', '--token-stdin'],
      'new-token',
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(hookJson(w), 'utf8'))).toEqual({
      note: 'mine',
      token: 'new-token',
      gate: 'https://gate.example.com',
    });
    expect(mode(hookJson(w))).toBe(0o600);
  });

  it('--dry-run reads and checks the token but writes nothing', async () => {
    const w = fresh();
    const r = await install(w.ctx, ['kiro', '--token-stdin', '--dry-run'], 'tok\n');
    expect(r.stdout).toContain(
      `Hook settings: would create ${hookJson(w)} (gate, token; mode 0600)`,
    );
    expect(existsSync(join(w.ctx.home, '.config'))).toBe(false);
  });

  it.each([
    ['', 'no input for'],
    ['two words\n', 'the token on stdin must be one line'],
  ])('stdin %j is a usage error, nothing written', async (stdin, message) => {
    const w = fresh();
    const r = await install(w.ctx, ['codex', '--token-stdin'], stdin);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`portcullis install: --token-stdin: `);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toContain('two words');
    expect(existsSync(join(w.ctx.home, '.codex'))).toBe(false);
  });

  it('a hook.json that does not parse stops the run with nothing written', async () => {
    const w = fresh();
    w.put('home/.config/portcullis/hook.json', 'not json');
    const r = await install(w.ctx, ['codex', '--token-stdin'], 'tok\n');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('hook.json is not plain JSON');
    expect(existsSync(join(w.ctx.home, '.codex'))).toBe(false);
  });
});
