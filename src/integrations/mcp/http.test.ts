import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { compilePolicy, policyEvaluator } from '../../policy/index.js';
import { startTestGate, seedCast, type Cast, type TestGate } from '../../server/test-http.js';
import { buildFixtureServer } from '../../../test/fixtures/mcp/fixture-server.mjs';
import { createProxyServer } from './proxy.js';
import { startMcpHttp, type McpHttpServer } from './serve-http.js';
import { createPortcullisMcpServer } from './serve.js';
import { clientFor, textOf } from './test-kit.js';
import { connectUpstream } from './upstream.js';

let gate: TestGate;
let cast: Cast;
let http: McpHttpServer;

beforeAll(async () => {
  gate = await startTestGate();
  cast = await seedCast(gate);
  http = await startMcpHttp({
    port: 0,
    build: (token) =>
      createPortcullisMcpServer({
        link: { target: { url: gate.url, ...(token ? { token } : {}), timeoutMs: 5000 } },
        cwd: '/home/dev/repo',
        version: 'test',
      }),
  });
});
afterAll(async () => {
  await http.close();
  await gate.close();
});

async function httpClient(
  url: string,
  token?: string,
): Promise<{ client: Client; sessionId: string }> {
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    ...(token ? { requestInit: { headers: { authorization: `Bearer ${token}` } } } : {}),
  });
  const client = new Client({ name: 'codex', version: '1' });
  await client.connect(transport);
  return { client, sessionId: transport.sessionId ?? '' };
}

/** A raw POST, to send what a well-behaved client would not. */
function post(headers: Record<string, string>, body: string): Promise<number> {
  const url = new URL(http.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...headers,
        },
        timeout: 5000,
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('mcp serve --http', () => {
  it('serves the tools with the session token, which the gate checks', async () => {
    const { client } = await httpClient(http.url, cast.agentB);
    const asked = await client.callTool({
      name: 'request_approval',
      arguments: { command: 'helm uninstall shop -n staging' },
    });
    expect(asked.structuredContent).toMatchObject({ verdict: 'ask', status: 'pending' });
    const id = (asked.structuredContent as { approval: { id: string } }).approval.id;
    const status = await client.callTool({ name: 'approval_status', arguments: { id } });
    expect(status.structuredContent).toMatchObject({ id, status: 'pending' });
    await client.close();
  });

  it('refuses a session used with another token, a foreign Host and an oversized body', async () => {
    const { client, sessionId } = await httpClient(http.url, cast.agentB);
    const ping = JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'ping' });
    const cases: [Record<string, string>, string, number][] = [
      [{ 'mcp-session-id': sessionId, authorization: `Bearer ${cast.agentA}` }, ping, 403],
      [{ 'mcp-session-id': sessionId }, ping, 403],
      [{ 'mcp-session-id': 'no-such-session' }, ping, 404],
      [
        {
          'mcp-session-id': sessionId,
          authorization: `Bearer ${cast.agentB}`,
          host: 'evil.example:80',
        },
        ping,
        403,
      ],
      [
        { 'mcp-session-id': sessionId, authorization: `Bearer ${cast.agentB}` },
        ping.padEnd(1_100_000, ' '),
        400,
      ],
      [{}, ping, 400],
    ];
    for (const [headers, body, status] of cases) {
      expect(await post(headers, body), JSON.stringify(headers)).toBe(status);
    }
    expect(
      await post({ 'mcp-session-id': sessionId, authorization: `Bearer ${cast.agentB}` }, ping),
    ).toBe(200);
    await client.close();
  });

  it('a session without a token is anonymous at the gate: request_approval cannot be tied to it', async () => {
    const { client } = await httpClient(http.url);
    const r = await client.callTool({
      name: 'approval_status',
      arguments: { id: 'apr_aaaaaaaaaaaaaaaaaaaa' },
    });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toContain('auth/required');
    await client.close();
  });
});

describe('mcp proxy with a streamable HTTP upstream', () => {
  it('classifies and forwards as with stdio', async () => {
    const upstreamHttp = await startMcpHttp({ port: 0, build: () => buildFixtureServer() });
    const upstream = await connectUpstream(
      { kind: 'http', url: upstreamHttp.url },
      { name: 'fx', version: 't' },
    );
    const server = createProxyServer({
      name: 'fx',
      upstream: upstream.client,
      judge: () =>
        Promise.resolve({ verdict: 'allow', risk: 'none', rule: 'test', reasons: [], actions: [] }),
      evaluatorFor: () => policyEvaluator(compilePolicy([])),
      cwd: '/home/dev/repo',
      version: 'test',
    });
    const client = await clientFor(server);
    const { tools } = await client.listTools();
    expect(tools.find((t) => t.name === 'delete_branch')?.annotations?.destructiveHint).toBe(true);
    const r = await client.callTool({ name: 'read_file', arguments: { path: 'a.txt' } });
    expect(textOf(r)).toBe('pretend contents of a.txt (call 1)');
    await client.close();
    await upstream.close();
    await upstreamHttp.close();
  });
});
