/**
 * `portcullis secret set|list|rm|rotate` against a real test gate: values from a file, from piped stdin, never
 * from argv; names only in listings; admin sessions only.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Command, CommanderError } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Vault } from '../broker/vault.js';
import { seedCast, startTestGate, type Cast, type TestGate } from '../server/test-http.js';
import { registerBrokerCommands } from './exec.js';
import type { GateIo } from './gate-run.js';
import { saveSession } from './session-file.js';
import { tempHome } from './test-kit.js';

let g: TestGate;
let cast: Cast;
let dir: string;
let admin: { home: string; cleanup: () => void };
let approver: { home: string; cleanup: () => void };

async function sessionHome(session: string, name: string, role: string) {
  const h = tempHome();
  await saveSession(h.home, {
    gate: g.url,
    session,
    human: { name, role },
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  });
  return h;
}

beforeAll(async () => {
  g = await startTestGate();
  cast = await seedCast(g);
  dir = mkdtempSync(join(tmpdir(), 'portcullis-secret-cli-'));
  g.ctx.vault = new Vault(g.ctx.store, join(dir, 'vault.key'));
  admin = await sessionHome(cast.admin, 'root', 'admin');
  approver = await sessionHome(cast.alice, 'alice', 'approver');
});
afterAll(async () => {
  await g.close();
  admin.cleanup();
  approver.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

async function cli(
  args: string[],
  opts: {
    home?: string;
    stdin?: Partial<GateIo['stdin']> & { isTTY?: boolean };
    pipe?: string;
  } = {},
) {
  const r = { code: -1, stdout: '', stderr: '' };
  const program = new Command();
  program
    .name('portcullis')
    .exitOverride()
    .configureOutput({ writeOut: (s) => (r.stdout += s), writeErr: (s) => (r.stderr += s) });
  const stdin = Readable.from(opts.pipe === undefined ? [] : [Buffer.from(opts.pipe)]);
  Object.assign(stdin, opts.stdin);
  registerBrokerCommands(program, {
    setExitCode: (c) => (r.code = c),
    io: () => ({
      out: (s) => (r.stdout += s),
      err: (s) => (r.stderr += s),
      stdin,
      interactive: false,
      env: { PORTCULLIS_GATE: g.url },
      home: opts.home ?? admin.home,
    }),
  });
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    r.code = 2;
  }
  return r;
}

describe('portcullis secret', () => {
  it('set from a file (byte for byte) and from piped stdin (one line loses its newline)', async () => {
    const kube = 'apiVersion: v1\nclusters: []\n';
    const file = join(dir, 'kubeconfig.yaml');
    writeFileSync(file, kube);
    const a = await cli(['secret', 'set', 'prod-kubeconfig', '--file', file]);
    expect(a).toEqual({ code: 0, stdout: 'secret prod-kubeconfig stored\n', stderr: '' });
    expect(await g.ctx.vault!.get('prod-kubeconfig')).toBe(kube);

    const b = await cli(['secret', 'set', 'prod-db-password'], { pipe: 'hunter2-long-pw\n' });
    expect(b.code, b.stderr).toBe(0);
    expect(await g.ctx.vault!.get('prod-db-password')).toBe('hunter2-long-pw');

    const multi = '-----BEGIN KEY-----\nabc\n-----END KEY-----\n';
    expect((await cli(['secret', 'set', 'ssh-key'], { pipe: multi })).code).toBe(0);
    expect(await g.ctx.vault!.get('ssh-key')).toBe(multi);
  });

  it('list shows names and times, never values; --json too', async () => {
    const r = await cli(['secret', 'list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^NAME\s+UPDATED\nprod-db-password\s+\d{4}-\d\d-\d\dT/);
    expect(r.stdout).not.toContain('hunter2');
    const j = await cli(['secret', 'list', '--json']);
    expect(
      (JSON.parse(j.stdout) as { secrets: { name: string }[] }).secrets.map((s) => s.name),
    ).toEqual(['prod-db-password', 'prod-kubeconfig', 'ssh-key']);
  });

  it('rotate re-encrypts them all; rm removes one', async () => {
    const r = await cli(['secret', 'rotate']);
    expect(r).toEqual({ code: 0, stdout: 're-encrypted 3 secrets under a new key\n', stderr: '' });
    expect(await g.ctx.vault!.get('prod-db-password')).toBe('hunter2-long-pw');
    expect((await cli(['secret', 'rm', 'ssh-key'])).stdout).toBe('secret ssh-key removed\n');
    const again = await cli(['secret', 'rm', 'ssh-key']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('request/not-found');
  });

  it('never takes a value from argv, refuses an empty one, and a terminal that cannot hide input', async () => {
    const argv = await cli(['secret', 'set', 'x', 'the-value']);
    expect(argv.code).toBe(2);
    expect(await g.ctx.vault!.get('x')).toBeUndefined();
    expect((await cli(['secret', 'set', 'x'], { pipe: '' })).code).toBe(2);
    const tty = await cli(['secret', 'set', 'x'], { stdin: { isTTY: true } });
    expect(tty.code).toBe(2);
    expect(tty.stderr).toContain('cannot turn off echo');
    expect((await cli(['secret', 'set', 'x', '--file', join(dir, 'missing')])).code).toBe(2);
  });

  it('on a terminal the value is read with echo off', async () => {
    const modes: boolean[] = [];
    const r = await cli(['secret', 'set', 'typed'], {
      pipe: 'typed-value-1\r',
      stdin: { isTTY: true, setRawMode: (on: boolean) => modes.push(on) },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(modes).toEqual([true, false]);
    expect(r.stderr).not.toContain('typed-value-1');
    expect(await g.ctx.vault!.get('typed')).toBe('typed-value-1');
  });

  it('an approver is refused (exit 1), as is a value the gate will not store', async () => {
    const r = await cli(['secret', 'list'], { home: approver.home });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('auth/forbidden');
    const bad = await cli(['secret', 'set', '../x'], { pipe: 'value-1234' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('request/invalid');
    expect(bad.stderr).not.toContain('value-1234');
  });
});
