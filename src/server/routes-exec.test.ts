/**
 * POST /v1/exec end to end over loopback: the decision line first, a run only on allow, approvals bound to the
 * exact command, credentials from bindings (redacted from output and audit), cancel on disconnect, timeouts, and
 * the refusals. Harmless commands in scratch directories only.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ExecLine } from '../broker/exec.js';
import { newKey, writeKeyFile } from '../broker/vault-key.js';
import { Vault } from '../broker/vault.js';
import {
  auditOf,
  postExec,
  SCRATCH_TOKEN,
  shellBody,
  startBrokerGate,
  type BrokerGate,
} from '../broker/test-kit.js';

let k: BrokerGate;
let cwd: string;

beforeAll(async () => {
  k = await startBrokerGate();
});
afterAll(async () => {
  await k.close();
});
beforeEach(() => {
  cwd = k.resetScratch();
});

function types(lines: ExecLine[]): string[] {
  return lines.map((l) => l.type);
}
function decisionOf(lines: ExecLine[]) {
  const first = lines[0];
  if (first?.type !== 'decision') throw new Error(`first line is ${first?.type ?? 'missing'}`);
  return first.decision;
}
function out(lines: ExecLine[], stream: 'stdout' | 'stderr' = 'stdout'): string {
  return lines.map((l) => (l.type === stream ? l.data : '')).join('');
}
function exitOf(lines: ExecLine[]) {
  const last = lines.at(-1);
  if (last?.type !== 'exit') throw new Error(`last line is ${last?.type ?? 'missing'}`);
  return last;
}
async function approve(id: string, who = k.cast.bob): Promise<void> {
  const r = await k.g.call('POST', `/v1/approvals/${id}/approve`, {
    auth: who,
    body: { comment: 'ok' },
  });
  expect(r.status, r.text).toBe(200);
}

describe('an allowed command', () => {
  it('streams decision, start, output and exit (with the exit code and digest)', async () => {
    const r = await postExec(k.g, shellBody('echo hello; echo oops >&2; exit 3', cwd), {
      auth: k.cast.agentA,
    });
    expect(r.status).toBe(200);
    expect(r.contentType).toMatch(/^application\/x-ndjson/);
    expect(decisionOf(r.lines).verdict).toBe('allow');
    expect(types(r.lines)[1]).toBe('start');
    expect(out(r.lines)).toBe('hello\n');
    expect(out(r.lines, 'stderr')).toBe('oops\n');
    const exit = exitOf(r.lines);
    expect(exit).toMatchObject({ code: 3, signal: null });
    expect(exit.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const end = (await auditOf(k, 'exec.end')).at(-1);
    expect(end).toMatchObject({
      agent: 'agent-a',
      exitCode: 3,
      digest: exit.digest,
      bytes: 11,
      cwd,
    });
    const start = (await auditOf(k, 'exec.start')).at(-1);
    expect(start).toMatchObject({
      command: 'echo hello; echo oops >&2; exit 3',
      bindings: [],
      credentials: [],
    });
  });

  it('anonymous callers cannot use the broker, even where they may ask for decisions', async () => {
    const res = await fetch(`${k.g.url}/v1/exec`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(shellBody('printf anon', cwd)),
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('auth/required');
    expect(
      (await auditOf(k, 'exec.start')).filter((e) => e.agent === 'anonymous:test-agent'),
    ).toEqual([]);
  });

  it('a timeout stops the command; the exit line says so', async () => {
    const t0 = Date.now();
    const r = await postExec(k.g, shellBody('sleep 5', cwd, { timeout: 1 }), {
      auth: k.cast.agentA,
    });
    expect(exitOf(r.lines)).toMatchObject({ timedOut: true });
    expect(Date.now() - t0).toBeLessThan(4500);
    expect((await auditOf(k, 'exec.end')).at(-1)).toMatchObject({ timedOut: true });
  });
});

describe('a command that needs approval', () => {
  const RM = 'rm -rf ./build && printf "%s" "$SCRATCH_TOKEN"';

  it('is held (nothing runs), then once approved runs with its credentials, redacted everywhere', async () => {
    const held = await postExec(k.g, shellBody(RM, cwd), { auth: k.cast.agentA });
    expect(types(held.lines)).toEqual(['decision']);
    const d = decisionOf(held.lines);
    expect(d.verdict).toBe('ask');
    expect(existsSync(join(cwd, 'build'))).toBe(true);
    await approve(d.approval!.id);

    const ran = await postExec(k.g, shellBody(RM, cwd), { auth: k.cast.agentA });
    expect(decisionOf(ran.lines)).toMatchObject({ verdict: 'allow', rule: 'gate/approved' });
    expect(exitOf(ran.lines).code).toBe(0);
    expect(existsSync(join(cwd, 'build'))).toBe(false);
    expect(existsSync(join(cwd, 'keep'))).toBe(true);
    // The command printed the bound token: the agent sees only that it was there.
    expect(out(ran.lines)).toBe('[REDACTED]');
    expect(JSON.stringify(ran.lines)).not.toContain(SCRATCH_TOKEN);

    const start = (await auditOf(k, 'exec.start')).at(-1);
    expect(start).toMatchObject({
      approval: d.approval!.id,
      agent: 'agent-a',
      cwd,
      command: RM,
      bindings: ['scratch-rm'],
      credentials: ['scratch-token'],
    });
    expect((await auditOf(k, 'exec.end')).at(-1)).toMatchObject({
      approval: d.approval!.id,
      exitCode: 0,
    });
    const all = await k.g.call('GET', '/v1/audit?limit=1000', { auth: k.cast.admin });
    expect(all.text).not.toContain(SCRATCH_TOKEN);
    const verify = await k.g.call('GET', '/v1/audit/verify', { auth: k.cast.admin });
    expect(verify.body).toMatchObject({ ok: true });

    // The approval was spent: the same command asks again.
    const again = await postExec(k.g, shellBody(RM, cwd), { auth: k.cast.agentA });
    expect(types(again.lines)).toEqual(['decision']);
    expect(decisionOf(again.lines).verdict).toBe('ask');
  });

  it('with wait, the same call runs it once a human approves', async () => {
    const first = await postExec(k.g, shellBody('rm -rf ./build', cwd), { auth: k.cast.agentA });
    const id = decisionOf(first.lines).approval!.id;
    const waiting = postExec(k.g, shellBody('rm -rf ./build', cwd, { wait: 10 }), {
      auth: k.cast.agentA,
    });
    await new Promise((r) => setTimeout(r, 300));
    await approve(id);
    const r = await waiting;
    expect(decisionOf(r.lines).verdict).toBe('allow');
    expect(exitOf(r.lines).code).toBe(0);
    expect(existsSync(join(cwd, 'build'))).toBe(false);
  });

  it('a caller who leaves while waiting spends nothing: the approval waits for the next identical call', async () => {
    const first = await postExec(k.g, shellBody('rm -rf ./build', cwd), { auth: k.cast.agentA });
    const id = decisionOf(first.lines).approval!.id;
    const ac = new AbortController();
    const gone = postExec(k.g, shellBody('rm -rf ./build', cwd, { wait: 20 }), {
      auth: k.cast.agentA,
      signal: ac.signal,
    }).catch(() => 'aborted');
    await new Promise((r) => setTimeout(r, 300));
    ac.abort();
    expect(await gone).toBe('aborted');
    // The gate notices the closed connection within milliseconds; the human approves later.
    await new Promise((r) => setTimeout(r, 300));
    await approve(id);
    await new Promise((r) => setTimeout(r, 1500));
    const view = await k.g.call('GET', `/v1/approvals/${id}`, { auth: k.cast.admin });
    expect((view.body as { approval: { status: string } }).approval.status).toBe('approved');
    expect(existsSync(join(cwd, 'build'))).toBe(true);
    const r = await postExec(k.g, shellBody('rm -rf ./build', cwd), { auth: k.cast.agentA });
    expect(decisionOf(r.lines)).toMatchObject({ verdict: 'allow', rule: 'gate/approved' });
    expect(existsSync(join(cwd, 'build'))).toBe(false);
  });

  it('approving A and exec-ing B does not run B (the approval is bound to the exact command)', async () => {
    const a = await postExec(k.g, shellBody('rm -rf ./build', cwd), { auth: k.cast.agentA });
    const id = decisionOf(a.lines).approval!.id;
    await approve(id);
    const swapped: [string, string, string][] = [
      ['another command', 'rm -rf ./keep', cwd],
      ['the same command with more after it', 'rm -rf ./build; rm -rf ./keep', cwd],
      ['the same command in another directory', 'rm -rf ./build', k.resetScratch()],
    ];
    for (const [what, command, dir] of swapped) {
      const b = await postExec(k.g, shellBody(command, dir), { auth: k.cast.agentA });
      expect(types(b.lines), what).toEqual(['decision']);
      expect(decisionOf(b.lines).verdict, what).toBe('ask');
      expect(decisionOf(b.lines).approval!.id, what).not.toBe(id);
      expect(existsSync(join(dir, 'keep')), what).toBe(true);
      expect(existsSync(join(dir, 'build')), what).toBe(true);
    }
    // Another agent cannot spend it either.
    const other = await postExec(k.g, shellBody('rm -rf ./build', cwd), { auth: k.cast.agentB });
    expect(decisionOf(other.lines).verdict).toBe('ask');
    expect(existsSync(join(cwd, 'build'))).toBe(true);
    // A itself still runs.
    const ok = await postExec(k.g, shellBody('rm -rf ./build', cwd), { auth: k.cast.agentA });
    expect(exitOf(ok.lines).code).toBe(0);
    expect(existsSync(join(cwd, 'build'))).toBe(false);
  });

  it('a denied command never runs', async () => {
    const r = await postExec(k.g, shellBody('rm -rf ./forbidden', cwd), { auth: k.cast.agentA });
    expect(types(r.lines)).toEqual(['decision']);
    expect(decisionOf(r.lines)).toMatchObject({ verdict: 'deny', rule: 'rules/scratch-keep' });
    expect(existsSync(join(cwd, 'forbidden'))).toBe(true);
  });
});

describe('cancel and failures', () => {
  it('closing the connection stops the run and audits exec.cancelled', async () => {
    const ac = new AbortController();
    const res = await fetch(`${k.g.url}/v1/exec`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${k.cast.agentA}` },
      body: JSON.stringify(shellBody('echo started; sleep 5; echo never', cwd)),
      signal: ac.signal,
    });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    let seen = '';
    while (!seen.includes('started')) {
      const chunk = (await reader.read()) as { done: boolean; value?: Uint8Array };
      if (chunk.done || !chunk.value) break;
      seen += Buffer.from(chunk.value).toString('utf8');
    }
    const t0 = Date.now();
    ac.abort();
    let cancelled: Record<string, unknown> | undefined;
    while (!cancelled && Date.now() - t0 < 4000) {
      await new Promise((r) => setTimeout(r, 100));
      cancelled = (await auditOf(k, 'exec.cancelled')).find((e) => e.cwd === cwd);
    }
    expect(cancelled).toMatchObject({ agent: 'agent-a', signal: 'SIGTERM' });
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it('a binding whose secret is missing runs nothing: an error line and exec.failed', async () => {
    const vault = k.g.ctx.vault!;
    await vault.remove('scratch-token');
    try {
      const first = await postExec(k.g, shellBody('rm -rf ./build', cwd), { auth: k.cast.agentA });
      await approve(decisionOf(first.lines).approval!.id);
      const r = await postExec(k.g, shellBody('rm -rf ./build', cwd), { auth: k.cast.agentA });
      expect(types(r.lines)).toEqual(['decision', 'error']);
      expect(r.lines[1]).toMatchObject({
        message: expect.stringContaining('scratch-token') as string,
      });
      expect(existsSync(join(cwd, 'build'))).toBe(true);
      expect((await auditOf(k, 'exec.failed')).at(-1)).toMatchObject({ bindings: ['scratch-rm'] });
    } finally {
      await vault.set('scratch-token', SCRATCH_TOKEN);
    }
  });

  it('a vault that cannot decrypt runs nothing, and the agent learns no key id or path', async () => {
    const saved = k.g.ctx.vault!;
    const other = join(cwd, 'other.key');
    writeKeyFile(other, newKey().key);
    k.g.ctx.vault = new Vault(k.g.ctx.store, other);
    try {
      const first = await postExec(k.g, shellBody('rm -rf ./build', cwd), { auth: k.cast.agentA });
      await approve(decisionOf(first.lines).approval!.id);
      const r = await postExec(k.g, shellBody('rm -rf ./build', cwd), { auth: k.cast.agentA });
      expect(r.lines[1]).toEqual({
        type: 'error',
        message: 'a bound secret cannot be read (an admin must check the vault); nothing was run',
      });
      expect(existsSync(join(cwd, 'build'))).toBe(true);
      expect((await auditOf(k, 'exec.failed')).at(-1)).toMatchObject({
        error: expect.stringContaining('scratch-token') as string,
      });
    } finally {
      k.g.ctx.vault = saved;
    }
  });

  const refusals: [string, unknown, number, string][] = [
    [
      'an env field in the request',
      { request: { kind: 'shell', command: 'env', cwd: '/tmp', env: { LD_PRELOAD: '/x.so' } } },
      400,
      'request/invalid',
    ],
    [
      'an env field beside it',
      { request: { kind: 'shell', command: 'env', cwd: '/tmp' }, env: { BASH_ENV: '/x' } },
      400,
      'request/invalid',
    ],
    [
      'a file request',
      { request: { kind: 'file', tool: 'Write', op: 'write', paths: ['/tmp/x'], cwd: '/tmp' } },
      400,
      'request/invalid',
    ],
    [
      'a relative cwd',
      { request: { kind: 'shell', command: 'echo', cwd: 'tmp' } },
      400,
      'request/invalid',
    ],
    [
      'a cwd that is not there',
      { request: { kind: 'shell', command: 'echo', cwd: '/nonexistent/portcullis' } },
      400,
      'request/invalid',
    ],
    [
      'a timeout over an hour',
      { request: { kind: 'shell', command: 'echo', cwd: '/tmp' }, timeout: 3601 },
      400,
      'request/invalid',
    ],
    [
      'a wait over 300 s',
      { request: { kind: 'shell', command: 'echo', cwd: '/tmp' }, wait: 301 },
      400,
      'request/invalid',
    ],
  ];
  it.each(refusals)('refuses %s', async (_what, body, status, code) => {
    const r = await postExec(k.g, body, { auth: k.cast.agentA });
    expect(r.status).toBe(status);
    expect(r.error?.code).toBe(code);
  });

  it('a human session may not exec; a bad token is 401', async () => {
    expect((await postExec(k.g, shellBody('echo', cwd), { auth: k.cast.admin })).error?.code).toBe(
      'auth/forbidden',
    );
    expect(
      (await postExec(k.g, shellBody('echo', cwd), { auth: 'eyJhbGciOiJub25lIn0.e30.' })).status,
    ).toBe(401);
  });
});
