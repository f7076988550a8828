/**
 * Test harness for the API over real HTTP on 127.0.0.1: a gate from `makeTestContext`, a server on a free port,
 * a small client, and the cast every suite uses (an admin, two approvers, two agents).
 */
import { addHuman } from '../gate/accounts.js';
import { addAgent } from '../gate/agent-tokens.js';
import type { GateContext } from '../gate/context.js';
import type { AppOptions } from './app.js';
import { startServer } from './serve.js';
import { makeTestContext, type TestContextOptions } from './test-context.js';

export interface Reply {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the text when the body is not JSON. */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests poke at arbitrary JSON
  text: string;
}

export interface CallOptions {
  /** `Authorization: Bearer <auth>`. */
  auth?: string | undefined;
  body?: unknown;
  /** A raw body (sent as is, with `content-type: application/json` unless headers say otherwise). */
  raw?: string;
  headers?: Record<string, string>;
  /** Return once the headers arrive and cancel the body (SSE). */
  headOnly?: boolean;
}

export interface TestGate {
  ctx: GateContext;
  url: string;
  call(method: string, path: string, opts?: CallOptions): Promise<Reply>;
  close(): Promise<void>;
}

/** A gate listening on 127.0.0.1 (port 0); every request is bounded to 10 s. */
export async function startTestGate(
  opts: TestContextOptions = {},
  app: AppOptions = {},
): Promise<TestGate> {
  const ctx = await makeTestContext(opts);
  const server = await startServer(ctx, { host: '127.0.0.1', port: 0 }, app);
  const call = async (method: string, path: string, o: CallOptions = {}): Promise<Reply> => {
    const headers: Record<string, string> = { ...o.headers };
    if (o.auth !== undefined) headers.authorization = `Bearer ${o.auth}`;
    let body: string | undefined;
    if (o.raw !== undefined || o.body !== undefined) {
      body = o.raw ?? JSON.stringify(o.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(server.url + path, {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
      signal: AbortSignal.timeout(10_000),
    });
    if (o.headOnly) {
      await res.body?.cancel();
      return { status: res.status, headers: res.headers, body: undefined, text: '' };
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, headers: res.headers, body: parsed, text };
  };
  return {
    ctx,
    url: server.url,
    call,
    async close() {
      await server.close();
      await ctx.close();
    },
  };
}

export interface Cast {
  /** Session secrets (`ses_…`). */
  admin: string;
  alice: string;
  bob: string;
  /** Agent JWTs: `agentA` (operator alice) and `agentB`. */
  agentA: string;
  agentB: string;
  agentAJti: string;
}

/** Log a human in over the API and return the session secret. */
export async function loginAs(g: TestGate, name: string, password: string): Promise<string> {
  const r = await g.call('POST', '/v1/login', { body: { name, password } });
  if (r.status !== 200) throw new Error(`login ${name}: ${r.status} ${r.text}`);
  return (r.body as { session: string }).session;
}

/**
 * root (admin), alice and bob (approvers, group sre), agent-a (operator alice) and agent-b, all logged in. The
 * one-time passwords are changed directly in the store: the must-change flow has its own test.
 */
export async function seedCast(g: TestGate): Promise<Cast> {
  const { ctx } = g;
  const secrets: Record<string, string> = {};
  for (const [name, role] of [
    ['root', 'admin'],
    ['alice', 'approver'],
    ['bob', 'approver'],
  ] as const) {
    const { password } = await addHuman(ctx, 'gate', { name, role, groups: ['sre'] });
    await ctx.store.updateHuman(name, { mustChangePassword: false });
    secrets[name] = await loginAs(g, name, password);
  }
  const a = await addAgent(ctx, 'gate', { name: 'agent-a', scope: {}, operator: 'alice' });
  const b = await addAgent(ctx, 'gate', { name: 'agent-b', scope: {} });
  return {
    admin: secrets.root ?? '',
    alice: secrets.alice ?? '',
    bob: secrets.bob ?? '',
    agentA: a.token,
    agentB: b.token,
    agentAJti: a.claims.jti,
  };
}

/** A high-risk shell request, as data: it is judged, never run. */
export function shell(
  command: string,
  cwd = '/home/dev/repo',
): { request: Record<string, unknown> } {
  return { request: { kind: 'shell', command, cwd, agent: 'claude-code' } };
}
