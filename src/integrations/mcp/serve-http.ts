/**
 * `portcullis mcp serve --http`: the MCP server over streamable HTTP, on 127.0.0.1 only. Each client session gets
 * its own server, bound to the agent token the client sent at `initialize` (`Authorization: Bearer <JWT>`, passed
 * to the gate, which checks it). Any local process can reach a loopback port, so the server never lends out a
 * token of its own: a session without one is anonymous at the gate, which then runs nothing for it. Later
 * requests of a session must carry the same token (compared in constant time); Host headers are checked against
 * the loopback names (DNS rebinding); bodies over 1 MB are refused.
 */
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { MAX_MESSAGE_BYTES } from './guarded-stdio.js';

const MAX_SESSIONS = 64;

export interface McpHttpOptions {
  /** Port on 127.0.0.1 (0 picks a free one). */
  port: number;
  /** A server for one session, acting at the gate with `token` (undefined: anonymous). */
  build: (token: string | undefined) => McpServer;
}

export interface McpHttpServer {
  /** `http://127.0.0.1:PORT/mcp` */
  url: string;
  close(): Promise<void>;
}

interface Session {
  transport: StreamableHTTPServerTransport;
  server: McpServer;
  tokenHash: Buffer;
}

const hashToken = (t: string | undefined): Buffer =>
  createHash('sha256')
    .update(`t:${t ?? ''}`)
    .digest();

function bearer(req: IncomingMessage): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return m?.[1];
}

function fail(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32000, message } }));
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > MAX_MESSAGE_BYTES) throw new Error('too large');
    chunks.push(c);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
}

/** Serve MCP over streamable HTTP at `http://127.0.0.1:PORT/mcp`. */
export async function startMcpHttp(opts: McpHttpOptions): Promise<McpHttpServer> {
  const sessions = new Map<string, Session>();
  let hosts: string[] = [];

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (new URL(req.url ?? '/', 'http://127.0.0.1').pathname !== '/mcp') {
      fail(res, 404, 'not found: the MCP endpoint is /mcp');
      return;
    }
    const token = bearer(req);
    const id = req.headers['mcp-session-id'];
    if (typeof id === 'string') {
      const s = sessions.get(id);
      if (!s) {
        fail(res, 404, 'unknown or ended session');
        return;
      }
      if (!timingSafeEqual(s.tokenHash, hashToken(token))) {
        fail(res, 403, 'this session belongs to another token');
        return;
      }
      let body: unknown;
      if (req.method === 'POST') {
        try {
          body = await readBody(req);
        } catch {
          fail(res, 400, `the body is not JSON, or over ${MAX_MESSAGE_BYTES} bytes`);
          return;
        }
      }
      await s.transport.handleRequest(req, res, body);
      return;
    }
    if (req.method !== 'POST') {
      fail(res, 400, 'no session: start with an initialize request');
      return;
    }
    let body: unknown;
    try {
      body = await readBody(req);
    } catch {
      fail(res, 400, `the body is not JSON, or over ${MAX_MESSAGE_BYTES} bytes`);
      return;
    }
    if (!isInitializeRequest(body)) {
      fail(res, 400, 'no session: start with an initialize request');
      return;
    }
    if (sessions.size >= MAX_SESSIONS) {
      fail(res, 503, 'too many open sessions');
      return;
    }
    const server = opts.build(token);
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      enableDnsRebindingProtection: true,
      allowedHosts: hosts,
      maxRequestBodySize: MAX_MESSAGE_BYTES,
      onsessioninitialized: (sid) => {
        sessions.set(sid, { transport, server, tokenHash: hashToken(token) });
      },
      onsessionclosed: (sid) => {
        sessions.delete(sid);
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  };

  const http = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) fail(res, 500, 'internal error');
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(opts.port, '127.0.0.1', () => {
      resolve();
    });
  });
  const port = (http.address() as AddressInfo).port;
  hosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    async close() {
      for (const s of sessions.values()) await s.server.close().catch(() => undefined);
      sessions.clear();
      http.closeAllConnections();
      await new Promise<void>((resolve) => {
        http.close(() => {
          resolve();
        });
      });
    },
  };
}
