import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURE_SERVER } from '../integrations/mcp/test-kit.js';
import { registerMcpCommands } from './mcp.js';

const home = mkdtempSync(join(tmpdir(), 'portcullis-mcp-cli-'));
afterAll(() => {
  rmSync(home, { recursive: true, force: true });
});

/** The parts of raw JSON-RPC answers these tests read. */
interface Rpc {
  result: {
    serverInfo: { name: string };
    tools: { name: string }[];
    content: { text: string }[];
    isError?: boolean;
  };
}

/** Run `portcullis <argv>` with pipes for stdin/stdout; `session` talks MCP over them while it runs. */
async function run(
  argv: string[],
  session: (send: (m: unknown) => void, next: () => Promise<Rpc>) => Promise<void> = async () => {},
): Promise<{ code: number; err: string }> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const lines: string[] = [];
  let buffered = '';
  const waiting: ((line: string) => void)[] = [];
  stdout.on('data', (c: Buffer) => {
    buffered += c.toString('utf8');
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      const w = waiting.shift();
      if (w) w(line);
      else lines.push(line);
    }
  });
  const next = () =>
    new Promise<Rpc>((resolve) => {
      const line = lines.shift();
      if (line !== undefined) resolve(JSON.parse(line) as Rpc);
      else
        waiting.push((l) => {
          resolve(JSON.parse(l) as Rpc);
        });
    });
  let code = -1;
  const err: string[] = [];
  const program = new Command().exitOverride().configureOutput({ writeErr: (s) => err.push(s) });
  registerMcpCommands(program, {
    setExitCode: (c) => {
      code = c;
    },
    version: 'test',
    io: () => ({
      stdin,
      stdout,
      err: (l) => err.push(l),
      // No gate listens there and there is no token: the proxy decides with the local policy.
      env: { PORTCULLIS_GATE: 'http://127.0.0.1:1' },
      home,
      cwd: home,
      signal: new AbortController().signal,
    }),
  });
  const done = program.parseAsync(argv, { from: 'user' }).catch(() => {
    code = 2;
  });
  await session((m) => stdin.write(JSON.stringify(m) + '\n'), next);
  stdin.end();
  await done;
  return { code, err: err.join('\n') };
}

const init = {
  jsonrpc: '2.0',
  id: 0,
  method: 'initialize',
  params: {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'raw', version: '1' },
  },
};

describe('portcullis mcp', () => {
  it('refuses bad usage with exit 2', async () => {
    const cases: [string[], string][] = [
      [['mcp', 'proxy', '--name', 'bad name', '--', 'node', 'x'], '--name must be'],
      [['mcp', 'proxy', '--name', 'gh'], 'either as --upstream-url URL or as a command'],
      [['mcp', 'proxy', '--name', 'gh', '--upstream-url', 'http://x', '--', 'node'], 'either as'],
      [['mcp', 'proxy', '--name', 'gh', '--timeout', '0', '--', 'node'], '--timeout must be'],
      [['mcp', 'proxy', '--', 'node'], "required option '--name <name>'"],
    ];
    for (const [argv, says] of cases) {
      const r = await run(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err, argv.join(' ')).toContain(says);
    }
  });

  it('proxy: serves the upstream over stdio, judged by the local policy when no gate runs', async () => {
    const r = await run(
      ['mcp', 'proxy', '--name', 'fixture', '--', process.execPath, FIXTURE_SERVER],
      async (send, next) => {
        send(init);
        expect((await next()).result.serverInfo.name).toBe('portcullis-proxy-fixture');
        send({ jsonrpc: '2.0', method: 'notifications/initialized' });
        send({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
        const names = (await next()).result.tools.map((t) => t.name);
        expect(names).toContain('cleanup');
        send({
          jsonrpc: '2.0',
          id: 2,
          method: 'tools/call',
          params: { name: 'read_file', arguments: { path: 'a' } },
        });
        expect((await next()).result.content[0]!.text).toBe('pretend contents of a (call 1)');
        send({
          jsonrpc: '2.0',
          id: 3,
          method: 'tools/call',
          params: { name: 'cleanup', arguments: { dir: 'b' } },
        });
        const held = (await next()).result;
        expect(held.isError).toBe(true);
        expect(held.content[0]!.text).toContain('no Portcullis gate is running');
      },
    );
    expect(r.code).toBe(0);
  });

  it('serve: answers initialize and lists its tools over stdio', async () => {
    const r = await run(['mcp', 'serve'], async (send, next) => {
      send(init);
      await next();
      send({ jsonrpc: '2.0', method: 'notifications/initialized' });
      send({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
      const names = (await next()).result.tools.map((t) => t.name);
      expect(names).toEqual(['run_command', 'request_approval', 'approval_status']);
      send({
        jsonrpc: '2.0',
        id: 2,
        method: 'tools/call',
        params: { name: 'run_command', arguments: { command: 'git status' } },
      });
      const r2 = (await next()).result;
      expect(r2.isError).toBe(true);
      expect(r2.content[0]!.text).toContain(
        'The command was not run: the gate at http://127.0.0.1:1 is unreachable',
      );
    });
    expect(r.code).toBe(0);
  });
});
