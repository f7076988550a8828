/**
 * The daemon's hook route and the hook process's gate client, against a real gate on loopback. Commands are data:
 * they are judged, never run.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionRequest } from '../analyze/request.js';
import { decideRemote, gateOrLocalJudge } from '../integrations/hooks/remote.js';
import type { Decision } from '../policy/types.js';
import { seedCast, startTestGate, type Cast, type TestGate } from './test-http.js';

const claude = (command: string, cwd = '/home/dev/project'): Record<string, unknown> => ({
  session_id: 's-1',
  cwd,
  hook_event_name: 'PreToolUse',
  tool_name: 'Bash',
  tool_input: { command },
  tool_use_id: 'toolu_1',
});

interface HookReply {
  status: number;
  exit: string | null;
  body: { hookSpecificOutput?: { permissionDecision?: string; permissionDecisionReason?: string } };
}

let g: TestGate;
let cast: Cast;

async function hook(agent: string, payload: unknown, token?: string): Promise<HookReply> {
  const res = await fetch(`${g.url}/v1/hooks/${agent}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
  const text = await res.text();
  return {
    status: res.status,
    exit: res.headers.get('x-portcullis-exit'),
    body: text.startsWith('{') ? (JSON.parse(text) as HookReply['body']) : {},
  };
}

const decisionOf = (r: HookReply): string | undefined =>
  r.body.hookSpecificOutput?.permissionDecision;
const reasonOf = (r: HookReply): string =>
  r.body.hookSpecificOutput?.permissionDecisionReason ?? '';

beforeAll(async () => {
  g = await startTestGate();
  cast = await seedCast(g);
});
afterAll(async () => {
  await g.close();
});

describe('POST /v1/hooks/:agent (Claude Code http hook)', () => {
  it('allows a safe command in the agent format', async () => {
    const r = await hook('claude-code', claude('git status'), cast.agentB);
    expect(r.status).toBe(200);
    expect(decisionOf(r)).toBe('allow');
  });

  it('holds a risky command with a ticket, and the identical retry goes through once approved', async () => {
    const first = await hook('claude-code', claude('git push --force origin hook1'), cast.agentB);
    expect(decisionOf(first)).toBe('deny');
    const id = /Approval (apr_[a-z2-7]+)/.exec(reasonOf(first))?.[1];
    expect(id).toBeDefined();
    expect(reasonOf(first)).toContain(`/approvals/${id}`);
    const vote = await g.call('POST', `/v1/approvals/${id}/approve`, {
      auth: cast.alice,
      body: {},
    });
    expect(vote.status).toBe(200);
    expect(
      decisionOf(await hook('claude-code', claude('git push --force origin hook1'), cast.agentB)),
    ).toBe('allow');
    expect(
      decisionOf(await hook('claude-code', claude('git push --force origin hook1'), cast.agentB)),
    ).toBe('deny');
  });

  // Every refusal is a 200 with the agent's deny: Claude Code lets a call through on a non-2xx answer.
  const refusals: [string, () => Promise<HookReply>][] = [
    [
      'a forged token',
      () => hook('claude-code', claude('git status'), `${cast.agentB.slice(0, -4)}AAAA`),
    ],
    ['a garbage body', () => hook('claude-code', 'not json at all')],
    ['an empty body', () => hook('claude-code', '')],
    [
      'a payload over the limit',
      () => hook('claude-code', claude(`echo ${'x'.repeat(5 * 1024 * 1024)}`)),
    ],
    [
      'a human session instead of an agent',
      () => hook('claude-code', claude('git status'), cast.alice),
    ],
  ];
  for (const [name, call] of refusals) {
    it(`denies ${name} in the agent's own format`, async () => {
      const r = await call();
      expect(r.status).toBe(200);
      expect(decisionOf(r)).toBe('deny');
    });
  }

  it('an unknown agent name is a 404 (nothing to render)', async () => {
    expect((await hook('notanagent', claude('git status'))).status).toBe(404);
  });

  it('answers exit-code agents with the exit code in a header', async () => {
    const r = await hook('kiro', {
      hook_event_name: 'preToolUse',
      cwd: '/tmp',
      tool_name: 'execute_bash',
      tool_input: { command: 'rm -rf /' },
    });
    expect(r.status).toBe(200);
    expect(r.exit).toBe('2');
  });
});

describe('the hook process talking to the gate (remote.ts)', () => {
  const req = (command: string): ActionRequest => ({
    kind: 'shell',
    agent: 'claude-code',
    cwd: '/srv/app',
    command,
  });
  const local = (): Decision => ({
    verdict: 'allow',
    risk: 'none',
    rule: 'local',
    reasons: [],
    actions: [],
  });

  it('asks the gate when it runs', async () => {
    const d = await decideRemote(req('git push --force origin remote1'), {
      url: g.url,
      token: cast.agentB,
      timeoutMs: 2000,
    });
    expect(d.verdict).toBe('ask');
    expect(d.approval?.id).toMatch(/^apr_/);
  });

  it('a gate that refuses the token is a deny, not a local fallback', async () => {
    const judge = gateOrLocalJudge(local, {
      url: g.url,
      token: 'eyJhbGciOiJub25lIn0.e30.',
      timeoutMs: 2000,
    });
    await expect(judge(req('git status'))).rejects.toThrow(/auth\/invalid-token/);
  });

  it('no gate and no token: decides locally, marking asks offline', async () => {
    const closed = await closedPort();
    const judge = gateOrLocalJudge(
      () => ({ verdict: 'ask', risk: 'high', rule: 'defaults/high', reasons: [], actions: [] }),
      { url: closed, timeoutMs: 500 },
    );
    expect(await judge(req('git push --force'))).toMatchObject({ verdict: 'ask', offline: true });
  });

  it('no gate but a token: denies (a scoped agent needs its gate)', async () => {
    const judge = gateOrLocalJudge(local, {
      url: await closedPort(),
      token: cast.agentB,
      timeoutMs: 500,
    });
    await expect(judge(req('git status'))).rejects.toThrow(/must go through the gate/);
  });

  it('a gate that hangs is a deny after the timeout', async () => {
    const hung = createServer(() => undefined);
    await new Promise<void>((r) => hung.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(hung.address() as AddressInfo).port}`;
    try {
      await expect(decideRemote(req('git status'), { url, timeoutMs: 200 })).rejects.toThrow(
        /within 200 ms/,
      );
    } finally {
      hung.closeAllConnections();
      hung.close();
    }
  });
});

/** A loopback URL where nothing listens. */
async function closedPort(): Promise<string> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => { r(); }));
  return `http://127.0.0.1:${port}`;
}
