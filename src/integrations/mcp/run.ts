/**
 * The two MCP commands as functions of their options and streams (`src/cli/mcp.ts` registers them): composition
 * only — where the gate is, which judge decides, which transport — and an exit code. 0 when the agent closed the
 * session, 2 for a usage error, 3 when the upstream or the policy cannot be reached or loaded.
 */
import type { Readable, Writable } from 'node:stream';
import { policyEvaluator } from '../../policy/index.js';
import { loadPolicy } from '../../policy/load.js';
import { policyJudge } from '../hooks/judge.js';
import { gateOrLocalJudge, gateTarget, type GateTarget } from '../hooks/remote.js';
import { GuardedStdioServerTransport } from './guarded-stdio.js';
import { createProxyServer, DEFAULT_UPSTREAM_TIMEOUT_MS } from './proxy.js';
import { startMcpHttp } from './serve-http.js';
import { createPortcullisMcpServer } from './serve.js';
import { connectUpstream, type UpstreamSpec } from './upstream.js';

export const MCP_EXIT = { ok: 0, usage: 2, failed: 3 } as const;

/** Where an MCP command reads, writes and finds its configuration; tests pass their own. */
export interface McpIo {
  stdin: Readable;
  stdout: Writable;
  /** Diagnostics (stderr): stdout belongs to the MCP protocol. */
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
  home: string;
  cwd: string;
  /** Ends `serve --http` (Ctrl-C). */
  signal?: AbortSignal;
}

/** A proxy's NAME: what policy rules call it (`tool: mcp:NAME`). */
const SERVER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function target(io: McpIo): GateTarget | undefined {
  try {
    return gateTarget(io.env, io.home);
  } catch (err) {
    io.err(`portcullis: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}

/** `portcullis mcp serve [--http [--port P]]`. */
export async function runMcpServe(
  opts: { http?: boolean; port?: number; cwd?: string },
  io: McpIo,
  version: string,
): Promise<number> {
  const t = target(io);
  if (!t) return MCP_EXIT.failed;
  const cwd = opts.cwd ?? io.cwd;
  if (opts.http) {
    // Over HTTP every session brings its own agent token: the configured one is never lent to a loopback caller.
    const http = await startMcpHttp({
      port: opts.port ?? 7422,
      build: (token) =>
        createPortcullisMcpServer({
          link: { target: { url: t.url, timeoutMs: t.timeoutMs, ...(token ? { token } : {}) } },
          cwd,
          version,
        }),
    });
    io.err(`portcullis: MCP server at ${http.url} (gate ${t.url}); Ctrl-C stops it`);
    await new Promise<void>((resolve) => {
      if (io.signal?.aborted) resolve();
      io.signal?.addEventListener(
        'abort',
        () => {
          resolve();
        },
        { once: true },
      );
    });
    await http.close();
    return MCP_EXIT.ok;
  }
  const server = createPortcullisMcpServer({ link: { target: t }, cwd, version });
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = resolve;
  });
  await server.connect(new GuardedStdioServerTransport(io.stdin, io.stdout));
  await closed;
  return MCP_EXIT.ok;
}

/** `portcullis mcp proxy --name NAME [--upstream-url URL] [-- command ...]`. */
export async function runMcpProxy(
  opts: {
    name: string;
    upstreamUrl?: string;
    command: string[];
    timeoutSeconds?: number;
    cwd?: string;
  },
  io: McpIo,
  version: string,
): Promise<number> {
  if (!SERVER_NAME.test(opts.name)) {
    io.err(
      `portcullis: --name must be letters, digits, ".", "_" or "-" (at most 64): ${JSON.stringify(opts.name)}`,
    );
    return MCP_EXIT.usage;
  }
  const [command, ...args] = opts.command;
  if ((opts.upstreamUrl === undefined) === (command === undefined)) {
    io.err(
      'portcullis: give the upstream server either as --upstream-url URL or as a command after --',
    );
    return MCP_EXIT.usage;
  }
  const t = target(io);
  if (!t) return MCP_EXIT.failed;
  const cwd = opts.cwd ?? io.cwd;
  const spec: UpstreamSpec =
    command !== undefined
      ? { kind: 'stdio', command, args, cwd }
      : { kind: 'http', url: opts.upstreamUrl ?? '' };
  let upstream;
  try {
    upstream = await connectUpstream(spec, { name: opts.name, version });
  } catch (err) {
    io.err(
      `portcullis: cannot start the upstream MCP server: ${err instanceof Error ? err.message : String(err)}`,
    );
    return MCP_EXIT.failed;
  }
  const evaluatorFor = (dir: string) =>
    policyEvaluator(loadPolicy({ cwd: dir, home: io.home }), { agent: 'mcp' });
  const server = createProxyServer({
    name: opts.name,
    upstream: upstream.client,
    judge: async (r) => gateOrLocalJudge(policyJudge(evaluatorFor), t)(r),
    evaluatorFor,
    link: { target: t },
    cwd,
    version,
    timeoutMs: (opts.timeoutSeconds ?? DEFAULT_UPSTREAM_TIMEOUT_MS / 1000) * 1000,
    log: io.err,
  });
  let upstreamGone = false;
  const closed = new Promise<void>((resolve) => {
    server.onclose = resolve;
    upstream.client.onclose = () => {
      upstreamGone = true;
      void server.close();
    };
  });
  await server.connect(new GuardedStdioServerTransport(io.stdin, io.stdout));
  await closed;
  if (upstreamGone) {
    io.err(`portcullis: the upstream MCP server ${opts.name} exited`);
    return MCP_EXIT.failed;
  }
  await upstream.close();
  return MCP_EXIT.ok;
}
