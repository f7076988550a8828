/**
 * The proxy's client to the real MCP server: a child process over stdio, or streamable HTTP. The child gets the
 * SDK's minimal default environment (PATH, HOME, USER ...), not ours: the agent's secrets in our environment are
 * no business of a third-party server, and `PORTCULLIS_TOKEN` is the agent's identity at the gate.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  getDefaultEnvironment,
  StdioClientTransport,
} from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';

/** Largest message read from the upstream (results over the proxy's own limit are refused later). */
const UPSTREAM_BUFFER_BYTES = 16 * 1024 * 1024;
const CONNECT_TIMEOUT_MS = 30_000;

/** How to reach the upstream: a command to spawn, or a streamable HTTP URL. */
export type UpstreamSpec =
  | {
      kind: 'stdio';
      command: string;
      args: string[];
      /** Extra variables for the child, on top of the SDK's minimal default environment. */
      env?: Record<string, string>;
      cwd?: string;
      /** Where the child's stderr goes (default: ours, so its logs reach the agent's MCP log). */
      stderr?: 'inherit' | 'ignore';
    }
  | { kind: 'http'; url: string; headers?: Record<string, string> };

/** An upstream connection: the client, and how to end it (closing a stdio upstream kills the child). */
export interface Upstream {
  client: Client;
  close(): Promise<void>;
}

/** The transport for a spec (exported for tests that want to inspect it). */
export function upstreamTransport(spec: UpstreamSpec): Transport {
  if (spec.kind === 'stdio') {
    return new StdioClientTransport({
      command: spec.command,
      args: spec.args,
      env: { ...getDefaultEnvironment(), ...spec.env },
      stderr: spec.stderr ?? 'inherit',
      maxBufferSize: UPSTREAM_BUFFER_BYTES,
      ...(spec.cwd ? { cwd: spec.cwd } : {}),
    });
  }
  const url = new URL(spec.url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`the upstream URL must be http(s): ${spec.url}`);
  }
  return new StreamableHTTPClientTransport(url, {
    ...(spec.headers ? { requestInit: { headers: spec.headers } } : {}),
  });
}

/** Connect to the upstream and complete the MCP handshake (bounded in time). */
export async function connectUpstream(
  spec: UpstreamSpec,
  info: { name: string; version: string },
): Promise<Upstream> {
  const client = new Client(
    { name: `portcullis-proxy/${info.name}`, version: info.version },
    { capabilities: {} },
  );
  const transport = upstreamTransport(spec);
  try {
    await client.connect(transport, { timeout: CONNECT_TIMEOUT_MS });
  } catch (err) {
    await client.close().catch(() => undefined);
    throw err;
  }
  return { client, close: () => client.close() };
}
