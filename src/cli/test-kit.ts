/**
 * Test kit for the gate commands: a fake gate (node:http on 127.0.0.1, answers from a route table, records every
 * request) and a runner that drives `registerGateCommands` in-process with piped stdin, a temp home and captured
 * output. The real server is not used: these tests pin the client's side of the API contract.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Command, CommanderError } from 'commander';
import { afterEach } from 'vitest';
import { saveSession } from './session-file.js';
import { registerGateCommands } from './gate-commands.js';
import type { GateIo } from './gate-run.js';

export interface Recorded {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface Reply {
  status?: number;
  body?: unknown;
  text?: string;
  headers?: Record<string, string>;
  /** Never answer (timeout tests). */
  hang?: boolean;
}

export type Route = (req: Recorded) => Reply | Promise<Reply>;

export interface FakeGate {
  url: string;
  requests: Recorded[];
  route(key: string, handler: Route): void;
  close(): Promise<void>;
}

/** Start a fake gate; routes are `"METHOD /path"` (path without query). Unrouted requests get a 404. */
export async function startFakeGate(routes: Record<string, Route> = {}): Promise<FakeGate> {
  const table = new Map(Object.entries(routes));
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://x');
        const raw = Buffer.concat(chunks).toString('utf8');
        const rec: Recorded = {
          method: req.method ?? '',
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          headers: req.headers,
          body: raw === '' ? undefined : (JSON.parse(raw) as unknown),
        };
        requests.push(rec);
        const handler = table.get(`${rec.method} ${req.url?.split('?')[0] ?? ''}`);
        const reply: Reply = handler
          ? await handler(rec)
          : { status: 404, body: { error: { code: 'request/not-found', message: 'no route' } } };
        if (reply.hang === true) return;
        const text = reply.text ?? JSON.stringify(reply.body ?? {});
        res.writeHead(reply.status ?? 200, {
          'content-type': reply.text !== undefined ? 'text/plain' : 'application/json',
          ...reply.headers,
        });
        res.end(text);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${String(port)}`,
    requests,
    route: (key, handler) => {
      table.set(key, handler);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

/** An API error reply. */
export function apiError(
  status: number,
  code: string,
  message = code,
  headers?: Record<string, string>,
): Reply {
  return { status, body: { error: { code, message } }, ...(headers ? { headers } : {}) };
}

/** A temp home directory, removed by the returned function. */
export function tempHome(): { home: string; cleanup: () => void } {
  const home = mkdtempSync(join(tmpdir(), 'portcullis-gate-cli-'));
  return {
    home,
    cleanup: () => {
      rmSync(home, { recursive: true, force: true });
    },
  };
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Run `portcullis <args>` through the gate commands only, in-process: exit codes as `runProgram` gives them
 * (a commander error is a usage error, 2).
 */
export async function runGateCli(
  args: readonly string[],
  opts: {
    home: string;
    gate?: string;
    stdin?: string;
    interactive?: boolean;
    env?: Record<string, string>;
    io?: Partial<GateIo>;
  },
): Promise<CliRun> {
  const r: CliRun = { code: 0, stdout: '', stderr: '' };
  const program = new Command();
  program
    .name('portcullis')
    .exitOverride()
    .configureOutput({ writeOut: (s) => (r.stdout += s), writeErr: (s) => (r.stderr += s) });
  registerGateCommands(program, {
    setExitCode: (c) => (r.code = c),
    io: () => ({
      out: (s) => (r.stdout += s),
      err: (s) => (r.stderr += s),
      stdin: Readable.from(opts.stdin === undefined ? [] : [Buffer.from(opts.stdin)]),
      interactive: opts.interactive ?? false,
      env: { ...(opts.gate !== undefined ? { PORTCULLIS_GATE: opts.gate } : {}), ...opts.env },
      home: opts.home,
      now: () => Date.parse('2025-06-01T12:00:00Z'),
      columns: 120,
      ...opts.io,
    }),
  });
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    r.code = err.code === 'commander.helpDisplayed' ? 0 : 2;
  }
  return r;
}

/** An ApprovalView as the gate sends it, with overrides. */
export function approvalView(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'apr_1',
    status: 'pending',
    agent: 'claude',
    summary: 'terraform destroy -auto-approve',
    risk: 'catastrophic',
    env: 'prod',
    required: 2,
    approvedBy: [],
    deniedBy: [],
    comments: [],
    createdAt: '2025-06-01T11:55:00Z',
    expiresAt: '2025-06-01T12:10:00Z',
    url: 'http://127.0.0.1:7421/approvals/apr_1',
    ...over,
  };
}

/**
 * A fake gate with `routes` and a temp home holding a saved admin session for it (alice), as every gate-command
 * test needs; `useLoggedInGate()` registers the cleanup once per file and returns the setup function.
 */
export function useLoggedInGate(
  human: { name: string; role: 'admin' | 'approver'; groups: string[] } = {
    name: 'alice',
    role: 'admin',
    groups: [],
  },
): {
  setup: (routes: Record<string, Route>) => Promise<{ home: string; gate: string }>;
  /** The running fake gate (its recorded requests). */
  current: () => FakeGate | undefined;
} {
  let gate: FakeGate | undefined;
  let cleanup: (() => void) | undefined;
  afterEach(async () => {
    await gate?.close();
    cleanup?.();
    gate = undefined;
    cleanup = undefined;
  });
  const setup = async (routes: Record<string, Route>) => {
    gate = await startFakeGate(routes);
    const t = tempHome();
    cleanup = t.cleanup;
    await saveSession(t.home, {
      gate: gate.url,
      session: `ses_${human.role}`,
      human,
      expiresAt: '2025-06-01T20:00:00.000Z',
    });
    return { home: t.home, gate: gate.url };
  };
  return { setup, current: () => gate };
}
