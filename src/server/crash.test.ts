/**
 * Reliability (issue 5): `kill -9` of a real daemon process (`portcullis serve`, SQLite store) in the middle of a
 * load of decisions and approvals. After a restart on the same data directory nothing approved is lost, nothing
 * is consumed twice, and the audit chain verifies. Loopback only, bounded in count and time; the commands are
 * data the gate judges, never run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../../dist/portcullis.mjs', import.meta.url));
const home = mkdtempSync(join(tmpdir(), 'portcullis-crash-'));

interface Daemon {
  child: ChildProcess;
  url: string;
  password?: string;
}

/** Start `portcullis serve` on a free port; resolve once it prints its URL (and, first time, the password). */
function startDaemon(): Promise<Daemon> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0'], {
    env: {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      XDG_DATA_HOME: join(home, 'data'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the daemon did not start: ${out}`));
    }, 15_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      // serve writes its banner in one piece; the password line follows only on the first start.
      const settled = out.includes('First start') ? /password: (\S+)/.exec(out)?.[1] : '';
      if (url && out.includes('Console:') && settled !== undefined) {
        clearTimeout(timer);
        resolve({ child, url, ...(settled ? { password: settled } : {}) });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the daemon exited (${String(code)}): ${out}`));
    });
  });
}

async function call(d: Daemon, method: string, path: string, body?: unknown, auth?: string) {
  const res = await fetch(d.url + path, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(auth ? { authorization: `Bearer ${auth}` } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const decide = (d: Daemon, n: number) =>
  call(d, 'POST', '/v1/decide', {
    request: {
      kind: 'shell',
      agent: 'claude-code',
      cwd: '/srv/app',
      command: `git push --force origin crash-${n}`,
    },
  });

afterAll(() => {
  rmSync(home, { recursive: true, force: true });
});

describe('kill -9 under load', () => {
  it('loses no approval, consumes none twice, and the chain verifies after restart', async () => {
    let d = await startDaemon();
    const pw = d.password ?? '';
    const first = await call(d, 'POST', '/v1/login', { name: 'admin', password: pw });
    const session0 = String(first.body.session);
    const next = 'a-long-new-password-2';
    expect((await call(d, 'POST', '/v1/me/password', { current: pw, next }, session0)).status).toBe(
      200,
    );
    const session = String(
      (await call(d, 'POST', '/v1/login', { name: 'admin', password: next })).body.session,
    );

    // 30 requests held; 20 approved (acknowledged before the crash); 10 of those spent by their retry.
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      const r = await decide(d, i);
      expect(r.body.verdict).toBe('ask');
      ids.push((r.body.approval as { id: string }).id);
    }
    const approved = new Set<number>();
    for (let i = 0; i < 20; i++) {
      const v = await call(d, 'POST', `/v1/approvals/${ids[i] ?? ''}/approve`, {}, session);
      if (v.status === 200) approved.add(i);
    }
    expect(approved.size).toBe(20);
    const consumed = new Set<number>();
    for (let i = 0; i < 10; i++) if ((await decide(d, i)).body.verdict === 'allow') consumed.add(i);
    expect(consumed.size).toBe(10);

    // More load in flight, then SIGKILL in the middle of it.
    const inflight = Array.from({ length: 40 }, (_, k) =>
      k % 2 === 0
        ? decide(d, 100 + k).catch(() => undefined)
        : call(d, 'POST', `/v1/approvals/${ids[20 + (k % 10)] ?? ''}/approve`, {}, session).catch(
            () => undefined,
          ),
    );
    await new Promise((r) => setTimeout(r, 15));
    const exited = new Promise((r) => d.child.once('exit', r));
    d.child.kill('SIGKILL');
    await Promise.all(inflight);
    await exited;

    d = await startDaemon();
    try {
      expect(d.password).toBeUndefined();
      const s2 = String(
        (await call(d, 'POST', '/v1/login', { name: 'admin', password: next })).body.session,
      );
      // Approved before the crash and not yet spent: allowed exactly once now.
      for (let i = 10; i < 20; i++) {
        expect((await decide(d, i)).body.verdict, `request ${i}`).toBe('allow');
        expect((await decide(d, i)).body.verdict, `request ${i} again`).toBe('ask');
      }
      // Spent before the crash: never again.
      for (let i = 0; i < 10; i++)
        expect((await decide(d, i)).body.verdict, `request ${i}`).toBe('ask');
      const verify = await call(d, 'GET', '/v1/audit/verify', undefined, s2);
      expect(verify.status).toBe(200);
      expect(verify.body.ok).toBe(true);
    } finally {
      d.child.kill('SIGKILL');
    }
  }, 60_000);
});
