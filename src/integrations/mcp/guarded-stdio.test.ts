import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { compilePolicy, policyEvaluator } from '../../policy/index.js';
import { GuardedStdioServerTransport } from './guarded-stdio.js';
import { createProxyServer } from './proxy.js';
import { connectUpstream, type Upstream } from './upstream.js';
import { FIXTURE_SERVER, textOf } from './test-kit.js';

/** A transport on in-memory pipes: what it delivers, and the lines it writes back. */
function wired(maxBytes?: number) {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const t = new GuardedStdioServerTransport(stdin, stdout, maxBytes);
  const got: JSONRPCMessage[] = [];
  const out: unknown[] = [];
  let pending = '';
  stdout.on('data', (c: Buffer) => {
    pending += c.toString('utf8');
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      out.push(JSON.parse(pending.slice(0, nl)));
      pending = pending.slice(nl + 1);
    }
  });
  t.onmessage = (m) => got.push(m);
  return { t, stdin, got, out };
}

const tick = () => new Promise((r) => setTimeout(r, 20));

describe('GuardedStdioServerTransport', () => {
  it('answers hostile lines and keeps serving', async () => {
    const { t, stdin, got, out } = wired(200);
    await t.start();
    const cases: [string, unknown][] = [
      [
        'not json at all',
        {
          jsonrpc: '2.0',
          id: null,
          error: { code: -32700, message: 'parse error: the message is not JSON' },
        },
      ],
      [
        '{"id": 7, "method": 3}',
        {
          jsonrpc: '2.0',
          id: 7,
          error: { code: -32600, message: 'invalid request: not a JSON-RPC 2.0 message' },
        },
      ],
      [
        '[1,2]',
        {
          jsonrpc: '2.0',
          id: null,
          error: { code: -32600, message: 'invalid request: not a JSON-RPC 2.0 message' },
        },
      ],
      [
        `{"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":"${'a'.repeat(300)}"}}`,
        {
          jsonrpc: '2.0',
          id: null,
          error: { code: -32600, message: 'message over the 200-byte limit: refused' },
        },
      ],
    ];
    for (const [line, reply] of cases) {
      stdin.write(line + '\n');
      await tick();
      expect(out.pop(), line.slice(0, 40)).toEqual(reply);
    }
    stdin.write('{"jsonrpc":"2.0","id":2,"method":"ping"}\n');
    await tick();
    expect(got).toEqual([{ jsonrpc: '2.0', id: 2, method: 'ping' }]);
  });

  it('refuses an oversized line while it streams in, without buffering it', async () => {
    const { t, stdin, got, out } = wired(100);
    await t.start();
    // One line in many chunks: refused once, the rest dropped up to its newline.
    for (let i = 0; i < 50; i++) stdin.write('x'.repeat(40));
    stdin.write('\n{"jsonrpc":"2.0","id":"a","method":"ping"}\n');
    await tick();
    expect(out).toEqual([
      {
        jsonrpc: '2.0',
        id: null,
        error: { code: -32600, message: 'message over the 100-byte limit: refused' },
      },
    ]);
    expect(got).toEqual([{ jsonrpc: '2.0', id: 'a', method: 'ping' }]);
  });
});

describe('the proxy on the guarded transport', () => {
  let upstream: Upstream | undefined;
  afterEach(async () => {
    await upstream?.close();
  });

  it('never forwards a malformed or oversized tools/call', async () => {
    upstream = await connectUpstream(
      { kind: 'stdio', command: process.execPath, args: [FIXTURE_SERVER], stderr: 'ignore' },
      { name: 'fixture', version: 'test' },
    );
    const server = createProxyServer({
      name: 'fixture',
      upstream: upstream.client,
      judge: () =>
        Promise.resolve({ verdict: 'allow', risk: 'none', rule: 'test', reasons: [], actions: [] }),
      evaluatorFor: () => policyEvaluator(compilePolicy([])),
      cwd: '/home/dev/repo',
      version: 'test',
    });
    const { t, stdin, out } = wired();
    await server.connect(t);
    const send = async (m: unknown) => {
      stdin.write((typeof m === 'string' ? m : JSON.stringify(m)) + '\n');
      await tick();
    };
    await send({
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: 'raw', version: '1' },
      },
    });
    await send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    const call = (id: number, args: unknown) => ({
      jsonrpc: '2.0',
      id,
      method: 'tools/call',
      params: { name: 'read_file', arguments: args },
    });
    await send(JSON.stringify(call(1, { path: 'a'.repeat(1_100_000) })));
    await send(JSON.stringify(call(2, { path: 'x' })).slice(0, -2));
    await send(call(3, 'not an object'));
    await send(call(4, { path: 'ok' }));
    await new Promise((r) => setTimeout(r, 300));
    const answers = out.slice(1) as { id: unknown; error?: { code: number }; result?: unknown }[];
    expect(answers.map((a) => [a.id, a.error?.code ?? 'result'])).toEqual([
      [null, -32600],
      [null, -32700],
      // The SDK answers params that fail its schema with -32603; what matters is that nothing was forwarded.
      [3, -32603],
      [4, 'result'],
    ]);
    expect(textOf(answers[3]!.result)).toBe('pretend contents of ok (call 1)');
    await server.close();
  });
});
