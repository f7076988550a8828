/**
 * Test harness for the MCP side: the fixture server's path, a proxy wired to a real gate on loopback with the
 * SDK's real client in front, and a stand-in broker. The stand-in implements `/v1/exec` exactly as API.md says
 * (decision line first, then start/stdout/exit) by asking the real gate's `/v1/decide` — and never runs anything:
 * it records the command it would have run, so a test can prove a command did *not* get run.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ClientCapabilities } from '@modelcontextprotocol/sdk/types.js';
import type { TestGate } from '../../server/test-http.js';
import { DECISION_META, type RefusalInfo } from './results.js';

/** The fixture MCP server (plain JS, so node runs it without a build). */
export const FIXTURE_SERVER = new URL(
  '../../../test/fixtures/mcp/fixture-server.mjs',
  import.meta.url,
).pathname;

/** A real SDK client connected in memory to `server`. */
export async function clientFor(
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- the proxy is a low-level Server on purpose
  server: Server | McpServer,
  info: { name: string; capabilities?: ClientCapabilities } = { name: 'claude-code' },
): Promise<Client> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client(
    { name: info.name, version: '1.0.0' },
    { capabilities: info.capabilities ?? {} },
  );
  await client.connect(clientSide);
  return client;
}

/** Text of a tool result's first content item. */
export function textOf(result: unknown): string {
  const first = (result as { content?: { type: string; text?: string }[] }).content?.[0];
  return first?.type === 'text' ? (first.text ?? '') : '';
}

/** The `portcullis/decision` of a refusal (empty when the result is not one); tests read `approval!`. */
export function decisionOf(result: unknown): Partial<RefusalInfo> {
  const meta = (result as { _meta?: Record<string, unknown> })._meta;
  const info = meta?.[DECISION_META];
  return info !== null && typeof info === 'object' ? info : {};
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks).toString('utf8');
}

export interface FakeBroker {
  url: string;
  /** Commands the broker would have run (it runs none). */
  runs: string[];
  /** Bodies posted to `/v1/mcp/results`. */
  results: unknown[];
  close(): Promise<void>;
}

/**
 * A loopback server in front of `gate`: `/v1/exec` per API.md (judged by the gate's `/v1/decide` with the caller's
 * token; allowed commands are recorded, not run), `/v1/mcp/results` recorded (or 404 with `resultsMissing`),
 * everything else passed to the gate.
 */
export async function startFakeBroker(
  gate: TestGate,
  opts: { resultsMissing?: boolean } = {},
): Promise<FakeBroker> {
  const runs: string[] = [];
  const results: unknown[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      const auth = req.headers.authorization;
      const text = req.method === 'GET' ? undefined : await body(req);
      const path = req.url ?? '/';
      if (req.method === 'POST' && path === '/v1/exec') {
        const { request, wait } = JSON.parse(text ?? '{}') as {
          request: { command: string };
          wait?: number;
        };
        const r = await gate.call('POST', '/v1/decide', {
          auth: auth?.replace(/^Bearer /, ''),
          body: { request, ...(wait ? { wait } : {}) },
        });
        if (r.status !== 200) {
          res.writeHead(r.status, { 'content-type': 'application/json' }).end(r.text);
          return;
        }
        res.writeHead(200, { 'content-type': 'application/x-ndjson' });
        const decision = r.body as { verdict: string };
        res.write(JSON.stringify({ type: 'decision', decision }) + '\n');
        if (decision.verdict === 'allow') {
          runs.push(request.command);
          res.write(JSON.stringify({ type: 'start', pid: 4242 }) + '\n');
          res.write(
            JSON.stringify({ type: 'stdout', data: `pretend: ${request.command}\n` }) + '\n',
          );
          res.write(
            JSON.stringify({ type: 'exit', code: 0, signal: null, digest: 'sha256:00' }) + '\n',
          );
        }
        res.end();
        return;
      }
      if (req.method === 'POST' && path === '/v1/mcp/results') {
        if (opts.resultsMissing) {
          res.writeHead(404, { 'content-type': 'application/json' });
          res.end('{"error":{"code":"request/not-found","message":"no such route"}}');
          return;
        }
        results.push(JSON.parse(text ?? 'null'));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
        return;
      }
      const r = await gate.call(req.method ?? 'GET', path, {
        auth: auth?.replace(/^Bearer /, ''),
        ...(text ? { raw: text } : {}),
      });
      res.writeHead(r.status, { 'content-type': 'application/json' }).end(r.text);
    })().catch(() => {
      res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    runs,
    results,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
