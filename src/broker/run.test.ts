/**
 * The broker running real, harmless commands (echo, printf, env, cat of a scratch file, exit, sleep) in scratch
 * directories: the scrubbed environment, credentials as variables and files, redaction, exit codes, timeout and
 * cancel.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MatchedCredentials } from './bindings.js';
import { baseEnv, prepareCredentials, SAFE_PATH, type PreparedRun } from './credentials.js';
import { BrokerError } from './errors.js';
import { runBrokered, type BrokeredRun, type OutputStream, type RunResult } from './run.js';

let scratch: string;
const prepared: PreparedRun[] = [];

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'portcullis-run-test-'));
});

afterEach(async () => {
  for (const p of prepared.splice(0)) await p.cleanup();
  rmSync(scratch, { recursive: true, force: true });
});

const SECRETS: Record<string, string> = {
  'pg-prod-password': 'pg-Pa55word-xyz',
  'prod-kubeconfig': 'apiVersion: v1\nusers:\n- user:\n    token: kube-token-0123456789abcdef\n',
};

function match(over: Partial<MatchedCredentials> = {}): MatchedCredentials {
  return { bindings: [], vars: {}, files: {}, conflicts: [], ...over };
}

async function prepare(m: MatchedCredentials): Promise<PreparedRun> {
  const p = await prepareCredentials(m, (name) => Promise.resolve(SECRETS[name]));
  prepared.push(p);
  return p;
}

interface Ran extends RunResult {
  stdout: string;
  stderr: string;
  chunks: { stream: OutputStream; data: string }[];
  pid?: number;
}

async function run(
  command: string,
  opts: Partial<BrokeredRun> & { creds?: MatchedCredentials } = {},
): Promise<Ran> {
  const p = await prepare(opts.creds ?? match());
  const chunks: { stream: OutputStream; data: string }[] = [];
  let pid: number | undefined;
  const r = await runBrokered({
    command,
    cwd: scratch,
    env: p.env,
    redact: p.redact,
    onStart: (n) => {
      pid = n;
    },
    onOutput: (stream, data) => {
      chunks.push({ stream, data });
    },
    ...opts,
  });
  const text = (s: OutputStream) =>
    chunks
      .filter((c) => c.stream === s)
      .map((c) => c.data)
      .join('');
  return { ...r, stdout: text('stdout'), stderr: text('stderr'), chunks, ...(pid ? { pid } : {}) };
}

function envKeys(out: string): string[] {
  return out
    .split('\n')
    .filter((l) => l.includes('='))
    .map((l) => l.slice(0, l.indexOf('=')))
    .sort();
}

describe('environment', () => {
  // bash itself exports PWD, SHLVL and _ to what it runs; nothing else may appear.
  const BASH_OWN = ['PWD', 'SHLVL', '_'];

  it('is the fixed base and nothing of the gate, even with LD_PRELOAD, BASH_ENV, NODE_OPTIONS set there', async () => {
    const marker = join(scratch, 'bash-env.sh');
    writeFileSync(marker, 'echo BASH_ENV_WAS_READ\n');
    const saved = { ...process.env };
    Object.assign(process.env, {
      LD_PRELOAD: '/nonexistent/portcullis-test-preload.so',
      BASH_ENV: marker,
      ENV: marker,
      PROMPT_COMMAND: 'echo PROMPT_COMMAND_RAN',
      NODE_OPTIONS: '--require /nonexistent.js',
      PORTCULLIS_TOKEN: 'gate-own-token-value',
      AWS_SECRET_ACCESS_KEY: 'gate-own-aws-key',
    });
    let r: Ran;
    try {
      r = await run('env');
    } finally {
      for (const k of Object.keys(process.env))
        if (!(k in saved)) Reflect.deleteProperty(process.env, k);
      Object.assign(process.env, saved);
    }
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('BASH_ENV_WAS_READ');
    expect(envKeys(r.stdout)).toEqual([...BASH_OWN, 'HOME', 'LANG', 'PATH', 'TERM', 'USER'].sort());
    expect(r.stdout).toContain(`PATH=${SAFE_PATH}\n`);
    expect(r.stdout).toContain('LANG=C.UTF-8\n');
    expect(r.stdout).not.toContain('gate-own');
  });

  it('HOME is an empty private directory, not the gate user’s home', async () => {
    const r = await run('printf "%s\\n" "$HOME"; ls -A "$HOME" | wc -l; stat -c %a "$HOME"');
    const [home, count, mode] = r.stdout.trim().split('\n');
    expect(home).not.toBe(process.env.HOME);
    expect(home).toContain('portcullis-run-');
    expect(count?.trim()).toBe('0');
    expect(mode).toBe('700');
  });

  it('adds the bound variables, and files (0600) whose path is the variable; all removed afterwards', async () => {
    const creds = match({
      bindings: ['pg-prod', 'kube-prod'],
      vars: { PGPASSWORD: 'pg-prod-password' },
      files: { KUBECONFIG: 'prod-kubeconfig' },
    });
    const p = await prepare(creds);
    expect(statSync(p.env.KUBECONFIG ?? '').mode & 0o777).toBe(0o600);
    expect(readFileSync(p.env.KUBECONFIG ?? '', 'utf8')).toBe(SECRETS['prod-kubeconfig']);
    const r = await run(
      'env; test "$PGPASSWORD" = "pg-Pa55word-xyz" && echo var-ok; cat "$KUBECONFIG"',
      {
        env: p.env,
        redact: p.redact,
      },
    );
    expect(envKeys(r.stdout)).toEqual(
      [
        'HOME',
        'KUBECONFIG',
        'LANG',
        'PATH',
        'PGPASSWORD',
        'PWD',
        'SHLVL',
        'TERM',
        'USER',
        '_',
      ].sort(),
    );
    expect(r.stdout).toContain('var-ok');
    // The values the command printed are redacted (the variable, the file and its token line).
    expect(r.stdout).not.toContain('pg-Pa55word-xyz');
    expect(r.stdout).not.toContain('kube-token-0123456789abcdef');
    expect(r.stdout).toContain('PGPASSWORD=[REDACTED]');
    expect(r.stdout).toContain(`KUBECONFIG=${p.dir}/credentials/prod-kubeconfig`);
    await p.cleanup();
    expect(existsSync(p.dir)).toBe(false);
  });

  it('a missing secret, a conflict or a forbidden name refuses before anything is written', async () => {
    const cases: [MatchedCredentials, string, RegExp][] = [
      [
        match({ vars: { X_TOKEN: 'nope' } }),
        'broker/missing-secret',
        /secret nope, which is not in the vault/,
      ],
      [
        match({ conflicts: ['KUBECONFIG (bindings a and b)'] }),
        'broker/binding-conflict',
        /KUBECONFIG/,
      ],
      [
        match({ vars: { LD_PRELOAD: 'pg-prod-password' } }),
        'broker/binding-conflict',
        /LD_PRELOAD/,
      ],
      [match({ files: { HOME: 'prod-kubeconfig' } }), 'broker/binding-conflict', /HOME/],
    ];
    for (const [m, code, msg] of cases) {
      const err = await prepare(m).catch((e: unknown) => e as BrokerError);
      expect(err).toBeInstanceOf(BrokerError);
      expect((err as BrokerError).code).toBe(code);
      expect((err as BrokerError).message).toMatch(msg);
    }
  });

  it('baseEnv is exactly the five fixed variables', () => {
    expect(Object.keys(baseEnv('/h')).sort()).toEqual(['HOME', 'LANG', 'PATH', 'TERM', 'USER']);
  });
});

describe('running', () => {
  it('streams stdout and stderr, runs in cwd, digests the raw output', async () => {
    writeFileSync(join(scratch, 'note.txt'), 'scratch note\n');
    const r = await run('cat ./note.txt; echo to-stderr >&2; printf done');
    expect(r.code).toBe(0);
    expect(r.signal).toBeNull();
    expect(r.stdout).toBe('scratch note\ndone');
    expect(r.stderr).toBe('to-stderr\n');
    expect(r.bytes).toBe('scratch note\ndone'.length + 'to-stderr\n'.length);
    expect(r.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(r.pid).toBeGreaterThan(0);
  });

  it.each([
    ['exit 3', 3],
    ['exit 0', 0],
    ['false', 1],
    ['exit 255', 255],
  ])('%s → exit code %i', async (command, code) => {
    expect((await run(command)).code).toBe(code);
  });

  it('stdin is closed', async () => {
    const r = await run('cat; echo after');
    expect(r.stdout).toBe('after\n');
  });

  it('redacts a secret the command prints in two separate writes (two chunks)', async () => {
    const p = await prepare(match({ vars: { PGPASSWORD: 'pg-prod-password' } }));
    const r = await run('printf "pw=pg-Pa55"; sleep 0.3; printf "word-xyz end\\n"', {
      env: p.env,
      redact: p.redact,
    });
    expect(r.chunks.length).toBeGreaterThanOrEqual(2);
    expect(r.stdout).toBe('pw=[REDACTED] end\n');
    // The digest is of the raw bytes (what really came out), the text is redacted.
    expect(r.bytes).toBe('pw=pg-Pa55word-xyz end\n'.length);
  });

  it('a timeout stops the process group', async () => {
    const t0 = Date.now();
    const r = await run('sleep 5', { timeoutMs: 300, killGraceMs: 500 });
    expect(r.timedOut).toBe(true);
    expect(r.cancelled).toBe(false);
    expect(r.code === null ? r.signal : r.code).toBeTruthy();
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it('aborting (the client went away) stops the command and what it started', async () => {
    const ac = new AbortController();
    const t0 = Date.now();
    let child = 0;
    const r = await run('sleep 5 & echo $!; wait', {
      signal: ac.signal,
      killGraceMs: 500,
      onOutput: (_s, data) => {
        child = Number(data.trim());
        ac.abort();
      },
    });
    expect(r.cancelled).toBe(true);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(child).toBeGreaterThan(0);
    expect(gone(child)).toBe(true);
  });

  it('what the command leaves running in the background is stopped when it exits', async () => {
    const t0 = Date.now();
    let child = 0;
    const r = await run('sleep 5 & echo $!', {
      killGraceMs: 500,
      onOutput: (_s, data) => {
        child = Number(data.trim());
      },
    });
    expect(r.code).toBe(0);
    expect(Date.now() - t0).toBeLessThan(3000);
    await new Promise((res) => setTimeout(res, 100));
    expect(gone(child)).toBe(true);
  });

  it('a directory that does not exist cannot start (broker/spawn)', async () => {
    const p = await prepare(match());
    await expect(
      runBrokered({
        command: 'echo hi',
        cwd: join(scratch, 'nope'),
        env: p.env,
        redact: [],
        onOutput: () => undefined,
      }),
    ).rejects.toThrow(/could not start/);
  });
});

/** The process is gone (or a zombie waiting for a reaper that a container may not have). */
function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    return /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}
