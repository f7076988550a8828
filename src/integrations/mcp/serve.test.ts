import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ElicitRequestSchema, type ClientCapabilities } from '@modelcontextprotocol/sdk/types.js';
import { startTestGate, seedCast, type Cast, type TestGate } from '../../server/test-http.js';
import { createPortcullisMcpServer } from './serve.js';
import { clientFor, decisionOf, startFakeBroker, textOf, type FakeBroker } from './test-kit.js';

// Commands are data: the stand-in broker records what it would run and runs nothing.
const HIGH = 'helm uninstall shop -n staging';
const CWD = '/home/dev/repo';

let gate: TestGate;
let cast: Cast;
let broker: FakeBroker;
const open: Client[] = [];

beforeAll(async () => {
  gate = await startTestGate();
  cast = await seedCast(gate);
  broker = await startFakeBroker(gate);
});
afterAll(async () => {
  await broker.close();
  await gate.close();
});
afterEach(async () => {
  for (const c of open.splice(0)) await c.close();
  broker.runs.length = 0;
});

async function connect(capabilities?: ClientCapabilities): Promise<Client> {
  const server = createPortcullisMcpServer({
    link: { target: { url: broker.url, token: cast.agentB, timeoutMs: 5000 } },
    cwd: CWD,
    version: 'test',
    elicitedWaitSeconds: 1,
  });
  const client = await clientFor(server, {
    name: 'claude-code',
    ...(capabilities ? { capabilities } : {}),
  });
  open.push(client);
  return client;
}

const call = (c: Client, name: string, args: Record<string, unknown>) =>
  c.callTool({ name, arguments: args });

const approve = (id: string) =>
  gate.call('POST', `/v1/approvals/${id}/approve`, { auth: cast.bob, body: {} });

describe('portcullis mcp serve', () => {
  it('lists its three tools with their annotations', async () => {
    const c = await connect();
    const { tools } = await c.listTools();
    expect(Object.fromEntries(tools.map((t) => [t.name, t.annotations]))).toEqual({
      run_command: {
        readOnlyHint: false,
        destructiveHint: true,
        idempotentHint: false,
        openWorldHint: true,
      },
      request_approval: {
        readOnlyHint: false,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: false,
      },
      approval_status: {
        readOnlyHint: true,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: false,
      },
    });
  });

  it('runs an allowed command through the broker', async () => {
    const c = await connect();
    const r = await call(c, 'run_command', { command: 'git status' });
    expect(r.isError).toBe(false);
    expect(textOf(r)).toBe('exit 0\n--- stdout ---\npretend: git status\n');
    expect(r.structuredContent).toMatchObject({ exitCode: 0, stdout: 'pretend: git status\n' });
    expect(broker.runs).toEqual(['git status']);
  });

  it('refuses a denied command', async () => {
    const c = await connect();
    const r = await call(c, 'run_command', { command: 'rm -rf .claude' });
    expect(r.isError).toBe(true);
    expect(decisionOf(r)).toMatchObject({ verdict: 'deny', rule: 'protect/agent-hooks' });
    expect(broker.runs).toEqual([]);
  });

  it('request_approval and approval_status round trip; the approved command then runs once', async () => {
    const c = await connect();
    const asked = await call(c, 'request_approval', { command: HIGH });
    expect(asked.structuredContent).toMatchObject({
      verdict: 'ask',
      status: 'pending',
      risk: 'high',
    });
    const id = (asked.structuredContent as { approval: { id: string } }).approval.id;
    expect(textOf(asked)).toContain(`Ticket ${id} (pending)`);

    const before = await call(c, 'approval_status', { id });
    expect(before.structuredContent).toMatchObject({ id, status: 'pending', approvedBy: [] });
    expect((await approve(id)).status).toBe(200);
    const after = await call(c, 'approval_status', { id });
    expect(after.structuredContent).toMatchObject({ id, status: 'approved', approvedBy: ['bob'] });

    const ran = await call(c, 'run_command', { command: HIGH });
    expect(ran.isError).toBe(false);
    const again = await call(c, 'run_command', { command: HIGH });
    expect(decisionOf(again)).toMatchObject({ verdict: 'pending' });
    expect(broker.runs).toEqual([HIGH]);
  });

  it('returns a pending result with the ticket, and waits a bounded time when asked to', async () => {
    const c = await connect();
    const first = await call(c, 'run_command', { command: 'helm uninstall web -n staging' });
    expect(first.isError).toBe(true);
    const d = decisionOf(first);
    expect(d).toMatchObject({ verdict: 'pending', approval: { status: 'pending' } });
    expect(textOf(first)).toContain(`approval_status {"id": "${d.approval!.id}"}`);

    const waiting = call(c, 'run_command', { command: 'helm uninstall web -n staging', wait: 20 });
    await new Promise((r) => setTimeout(r, 200));
    expect((await approve(d.approval!.id)).status).toBe(200);
    const ran = await waiting;
    expect(ran.isError).toBe(false);
    expect(broker.runs).toEqual(['helm uninstall web -n staging']);
  });

  it('refuses an approval id that is not one', async () => {
    const c = await connect();
    const r = await call(c, 'approval_status', { id: '../v1/audit' });
    expect(r.isError).toBe(true);
    expect(broker.runs).toEqual([]);
  });
});

describe('elicitation is never an approval', () => {
  /** A client that accepts every elicitation it is sent, with whatever content a form could want. */
  async function autoAccepting(capabilities: ClientCapabilities) {
    const c = await connect(capabilities);
    const seen: Record<string, unknown>[] = [];
    c.setRequestHandler(ElicitRequestSchema, (req) => {
      seen.push(req.params);
      return { action: 'accept', content: { approve: true, approved: 'yes', confirm: true } };
    });
    return { c, seen };
  }

  it('sends URL-mode clients to the approval page, and an "accept" runs nothing', async () => {
    const { c, seen } = await autoAccepting({ elicitation: { form: {}, url: {} } });
    const r = await call(c, 'run_command', { command: 'helm uninstall api -n staging' });
    const d = decisionOf(r);
    expect(d).toMatchObject({ verdict: 'pending', approval: { status: 'pending' } });
    expect(seen).toEqual([
      expect.objectContaining({ mode: 'url', url: d.approval!.url, elicitationId: d.approval!.id }),
    ]);
    const asked = await call(c, 'request_approval', { command: 'helm uninstall api -n staging' });
    expect(asked.structuredContent).toMatchObject({ verdict: 'ask', status: 'pending' });
    const status = await gate.call('GET', `/v1/approvals/${d.approval!.id}`, { auth: cast.admin });
    expect((status.body as { approval: unknown }).approval).toMatchObject({
      status: 'pending',
      approvedBy: [],
    });
    expect(broker.runs).toEqual([]);
  });

  it('sends form-only clients nothing, and returns the ticket', async () => {
    const { c, seen } = await autoAccepting({ elicitation: { form: {} } });
    const r = await call(c, 'run_command', { command: 'helm uninstall db -n staging' });
    expect(decisionOf(r)).toMatchObject({ verdict: 'pending' });
    expect(seen).toEqual([]);
    expect(broker.runs).toEqual([]);
  });
});
