/**
 * `portcullis exec` and `portcullis shell -c` against a real test gate over loopback: output and exit codes, the
 * status line while a human decides, refusals (126), an unreachable gate (3), usage (2), Ctrl-C (130). Harmless
 * commands in scratch directories only.
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Command, CommanderError } from 'commander';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditOf, startBrokerGate, type BrokerGate } from '../broker/test-kit.js';
import { commandFromWords, parseSeconds, registerBrokerCommands } from './exec.js';
import type { ExecIo } from './exec-run.js';
import { tempHome } from './test-kit.js';

let k: BrokerGate;
let home: { home: string; cleanup: () => void };
let cwd: string;

beforeAll(async () => {
  k = await startBrokerGate();
  home = tempHome();
});
afterAll(async () => {
  await k.close();
  home.cleanup();
});
beforeEach(() => {
  cwd = k.resetScratch();
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(
  args: string[],
  opts: {
    token?: string | null;
    gate?: string;
    signal?: AbortSignal;
    onErr?: (s: string) => void;
  } = {},
): Promise<Run> {
  const r: Run = { code: -1, stdout: '', stderr: '' };
  const program = new Command();
  program
    .name('portcullis')
    .exitOverride()
    .configureOutput({ writeOut: (s) => (r.stdout += s), writeErr: (s) => (r.stderr += s) });
  const token = opts.token === undefined ? k.cast.agentA : opts.token;
  const io: Partial<ExecIo> = {
    out: (s) => (r.stdout += s),
    err: (s) => {
      r.stderr += s;
      opts.onErr?.(s);
    },
    stdin: Readable.from([]),
    env: {
      PORTCULLIS_GATE: opts.gate ?? k.g.url,
      ...(token !== null ? { PORTCULLIS_TOKEN: token } : {}),
    },
    home: home.home,
    cwd,
    errIsTty: false,
    signal: opts.signal ?? AbortSignal.timeout(20_000),
  };
  registerBrokerCommands(program, { setExitCode: (c) => (r.code = c), io: () => io });
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    r.code = err.code === 'commander.helpDisplayed' ? 0 : 2;
  }
  return r;
}

/** Approve the first pending request once the CLI says it is waiting for it. */
function approveWhenWaiting(who: () => string): {
  onErr: (s: string) => void;
  done: Promise<void>;
} {
  let resolve!: () => void;
  const done = new Promise<void>((r) => (resolve = r));
  let started = false;
  return {
    done,
    onErr: (s) => {
      const id = /waiting for approval (apr_[a-z2-7]+)/.exec(s)?.[1];
      if (!id || started) return;
      started = true;
      void k.g.call('POST', `/v1/approvals/${id}/approve`, { auth: who(), body: {} }).then(() => {
        resolve();
      });
    },
  };
}

describe('portcullis exec', () => {
  it('prints the output and exits with the command’s code', async () => {
    const cases: [string[], number, string, string][] = [
      [['exec', '--', 'echo hello'], 0, 'hello\n', ''],
      [['exec', '--', 'printf', '%s-%s', 'a b', 'c'], 0, 'a b-c', ''],
      [['exec', '--', 'echo oops >&2; exit 4'], 4, '', 'oops\n'],
      [['exec', '--', 'exit 3'], 3, '', ''],
    ];
    for (const [args, code, stdout, stderr] of cases) {
      const r = await cli(args);
      expect(r, args.join(' ')).toEqual({ code, stdout, stderr });
    }
  });

  it('a denied command: 126 and the reason', async () => {
    const r = await cli(['exec', '--', 'rm -rf ./forbidden']);
    expect(r.code).toBe(126);
    expect(r.stderr).toContain(
      'refused by the gate (rules/scratch-keep): the forbidden directory stays',
    );
    expect(existsSync(join(cwd, 'forbidden'))).toBe(true);
  });

  it('a command that needs approval, without --wait: 126, naming the approval', async () => {
    const r = await cli(['exec', '--', 'rm -rf ./build']);
    expect(r.code).toBe(126);
    expect(r.stderr).toMatch(
      /needs approval: apr_[a-z2-7]{20} at http:\/\/127\.0\.0\.1:7421\/.*\n.*--wait/,
    );
    expect(existsSync(join(cwd, 'build'))).toBe(true);
  });

  it('--wait shows the status line, and runs the command once a human approves (agent token)', async () => {
    const a = approveWhenWaiting(() => k.cast.bob);
    const r = await cli(['exec', '--wait=20s', '--', 'rm -rf ./build && echo removed'], {
      onErr: a.onErr,
    });
    await a.done;
    expect(r.stderr).toMatch(
      /^waiting for approval apr_[a-z2-7]{20} at \S+ \(0\/1\) — Ctrl-C cancels\n$/,
    );
    expect(r.stdout).toBe('removed\n');
    expect(r.code).toBe(0);
    expect(existsSync(join(cwd, 'build'))).toBe(false);
    expect((await auditOf(k, 'exec.end')).at(-1)).toMatchObject({
      agent: 'agent-a',
      exitCode: 0,
      cwd,
    });
  });

  it('without a token the broker refuses (126), and nothing runs', async () => {
    const r = await cli(['exec', '--wait', '--', 'rm -rf ./build && echo removed'], {
      token: null,
    });
    expect(r.code).toBe(126);
    expect(r.stdout).toBe('');
    expect(existsSync(join(cwd, 'build'))).toBe(true);
  });

  it('a human denies while it waits: 126 with their comment', async () => {
    let voted = false;
    const r = await cli(['exec', '--wait=20s', '--', 'rm -rf ./keep'], {
      onErr: (s) => {
        const id = /waiting for approval (apr_[a-z2-7]+)/.exec(s)?.[1];
        if (!id || voted) return;
        voted = true;
        void k.g.call('POST', `/v1/approvals/${id}/deny`, {
          auth: k.cast.bob,
          body: { comment: 'not today' },
        });
      },
    });
    expect(r.code).toBe(126);
    expect(r.stderr).toMatch(/apr_[a-z2-7]{20} was denied: bob: "not today"/);
    expect(existsSync(join(cwd, 'keep'))).toBe(true);
  });

  it('Ctrl-C while waiting: 130, nothing runs', async () => {
    const ac = new AbortController();
    const r = await cli(['exec', '--wait=20s', '--', 'rm -rf ./build'], {
      signal: ac.signal,
      onErr: (s) => {
        if (s.startsWith('waiting for approval'))
          setTimeout(() => {
            ac.abort();
          }, 50);
      },
    });
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/cancelled \(apr_[a-z2-7]{20} stays pending until it expires\)/);
    expect(existsSync(join(cwd, 'build'))).toBe(true);
  });

  it('Ctrl-C while it runs: 130, and the gate stops the command', async () => {
    const ac = new AbortController();
    const t0 = Date.now();
    const pending = cli(['exec', '--', 'echo started; sleep 5; echo never'], {
      signal: ac.signal,
      onErr: () => undefined,
    });
    await new Promise((res) => setTimeout(res, 700));
    ac.abort();
    const r = await pending;
    expect(r.code).toBe(130);
    expect(r.stdout).toBe('started\n');
    let cancelled: Record<string, unknown> | undefined;
    while (!cancelled && Date.now() - t0 < 5000) {
      await new Promise((res) => setTimeout(res, 100));
      cancelled = (await auditOf(k, 'exec.cancelled')).find((e) => e.cwd === cwd);
    }
    expect(cancelled).toMatchObject({ signal: 'SIGTERM' });
    expect(Date.now() - t0).toBeLessThan(4000);
  });

  it('--timeout: the gate stops it, exit 124', async () => {
    const r = await cli(['exec', '--timeout', '1s', '--', 'sleep 5']);
    expect(r.code).toBe(124);
    expect(r.stderr).toContain('ran past its timeout');
  });

  it('a gate that is not there: 3; a bad token: 126; usage: 2', async () => {
    const port = await freePort();
    const down = await cli(['exec', '--', 'echo hi'], { gate: `http://127.0.0.1:${port}` });
    expect(down.code).toBe(3);
    expect(down.stderr).toContain(`no gate at http://127.0.0.1:${port}`);
    const bad = await cli(['exec', '--', 'echo hi'], { token: 'not-a-jwt' });
    expect(bad.code).toBe(126);
    expect(bad.stderr).toContain('auth/invalid-token');
    const usage: string[][] = [
      ['exec', '--wait=soon', '--', 'echo'],
      ['exec', '--timeout', '2h', '--', 'echo'],
      ['exec', '--timeout', '0s', '--', 'echo'],
      ['exec', '--', ''],
      ['exec'],
    ];
    for (const args of usage) expect((await cli(args)).code, args.join(' ')).toBe(2);
    const remote = await cli(['exec', '--', 'echo'], { gate: 'http://gate.example.com' });
    expect(remote.code).toBe(2);
  });
});

describe('portcullis shell', () => {
  it('-c <command> runs it like bash -c', async () => {
    expect(await cli(['shell', '-c', 'printf "%s" "$((6*7))"; exit 5'])).toEqual({
      code: 5,
      stdout: '42',
      stderr: '',
    });
  });

  it('waits for approval like exec --wait', async () => {
    const a = approveWhenWaiting(() => k.cast.bob);
    const r = await cli(['shell', '-c', 'rm -rf ./build'], { onErr: a.onErr });
    expect(r.code).toBe(0);
    expect(existsSync(join(cwd, 'build'))).toBe(false);
  });

  it.each([
    [[]],
    [['-c']],
    [['-x', 'echo']],
    [['-lc', 'echo']],
    [['-c', 'echo', 'extra']],
    [['echo hi']],
  ])('any other form is a usage error: %j', async (args) => {
    const r = await cli(['shell', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("usage: portcullis shell -c '<command>'");
  });
});

describe('helpers', () => {
  it.each([
    ['90', 90],
    ['90s', 90],
    ['15m', 900],
    ['1h', 3600],
  ])('parseSeconds(%s) = %i', (text, n) => {
    expect(parseSeconds(text, '--wait', 86_400)).toBe(n);
  });
  it('parseSeconds refuses other text and too much', () => {
    expect(() => parseSeconds('1d', '--wait', 86_400)).toThrow(/a duration/);
    expect(() => parseSeconds('2h', '--timeout', 3600)).toThrow(/at most 1 h/);
  });
  it('commandFromWords quotes words back', () => {
    expect(commandFromWords(['ls -la | wc -l'])).toBe('ls -la | wc -l');
    expect(commandFromWords(['printf', '%s', 'a b'])).toBe("printf %s 'a b'");
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => {
        resolve(port);
      });
    });
  });
}
