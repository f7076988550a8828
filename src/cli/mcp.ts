/**
 * Registration of `portcullis mcp serve` and `portcullis mcp proxy` (issue 6, "MCP"). The MCP SDK and the
 * implementation (`integrations/mcp/run.ts`) load only when one of them runs. stdout carries the MCP protocol,
 * so everything said to a human goes to stderr.
 *
 * Exit codes: 0 the agent closed the session, 2 usage, 3 the upstream or the gate configuration failed.
 */
import { homedir } from 'node:os';
import { InvalidArgumentError, type Command } from 'commander';
import type { McpIo } from '../integrations/mcp/run.js';

export interface McpCommandsContext {
  setExitCode(code: number): void;
  version?: string;
  /** Tests replace the process streams and environment. */
  io?: () => Partial<McpIo>;
}

function processIo(ctx: McpCommandsContext): McpIo {
  const given = ctx.io?.();
  const stop = new AbortController();
  if (!given?.signal) {
    const onSignal = (): void => {
      stop.abort();
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    err: (line) => void process.stderr.write(`${line}\n`),
    env: process.env,
    home: homedir(),
    cwd: process.cwd(),
    signal: stop.signal,
    ...given,
  };
}

function seconds(flag: string, max: number): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > max) {
      throw new InvalidArgumentError(`${flag} must be a whole number from 1 to ${max}`);
    }
    return n;
  };
}

/**
 * Register `mcp serve` and `mcp proxy` on `program`. Wire it with the other commands:
 * `registerMcpCommands(program, { setExitCode: (c) => (code = c), version: VERSION })`.
 */
export function registerMcpCommands(program: Command, ctx: McpCommandsContext): void {
  const version = ctx.version ?? '0.0.0';
  const mcp = program
    .command('mcp')
    .description('MCP: serve Portcullis as an MCP server, or guard another MCP server as a proxy');

  mcp
    .command('serve')
    .description(
      'an MCP server with run_command (through the gate and broker), request_approval, approval_status',
    )
    .option('--http', 'serve streamable HTTP on 127.0.0.1 instead of stdio')
    .option('--port <port>', 'port for --http (default 7422; 0 picks a free one)', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 65535) {
        throw new InvalidArgumentError('--port must be 0 to 65535');
      }
      return n;
    })
    .option(
      '--cwd <dir>',
      'working directory of commands that name none (default: the current one)',
    )
    .addHelpText(
      'after',
      `
Examples:
  claude mcp add portcullis -- portcullis mcp serve      # stdio, for one agent
  portcullis mcp serve --http --port 7422                # http://127.0.0.1:7422/mcp

Over stdio the server acts with the agent's token (PORTCULLIS_TOKEN or hook.json). Over HTTP each
client sends its own: Authorization: Bearer <agent token>. Approvals happen in the Portcullis
console; an answer to an MCP elicitation is never an approval.`,
    )
    .action(async (opts: { http?: boolean; port?: number; cwd?: string }) => {
      const { runMcpServe } = await import('../integrations/mcp/run.js');
      ctx.setExitCode(await runMcpServe(opts, processIo(ctx), version));
    });

  mcp
    .command('proxy')
    .description(
      'guard another MCP server: classify and filter its tools, gate every call, audit results',
    )
    .requiredOption('--name <name>', 'the server\'s name in policy rules (tool: "mcp:NAME")')
    .option(
      '--upstream-url <url>',
      'the upstream server over streamable HTTP (instead of a command)',
    )
    .option(
      '--timeout <seconds>',
      'how long an upstream call may take (default 60)',
      seconds('--timeout', 3600),
    )
    .option('--cwd <dir>', 'working directory the calls are judged in (default: the current one)')
    .argument('[command...]', 'the upstream server command, after --')
    .addHelpText(
      'after',
      `
Examples:
  portcullis mcp proxy --name github -- npx -y @modelcontextprotocol/server-github
  portcullis mcp proxy --name tools --upstream-url http://127.0.0.1:9000/mcp
  claude mcp add github -- portcullis mcp proxy --name github -- npx -y @modelcontextprotocol/server-github

Tools the policy denies are not listed; calls needing approval answer with a ticket (approve it in
the console, then retry the identical call); arguments carrying secrets are refused. Policy rules
name the tools as  match: { tool: "mcp:github", verb: delete_repository }.`,
    )
    .action(
      async (
        command: string[],
        opts: { name: string; upstreamUrl?: string; timeout?: number; cwd?: string },
      ) => {
        const { runMcpProxy } = await import('../integrations/mcp/run.js');
        ctx.setExitCode(
          await runMcpProxy(
            {
              name: opts.name,
              command,
              ...(opts.upstreamUrl !== undefined ? { upstreamUrl: opts.upstreamUrl } : {}),
              ...(opts.timeout !== undefined ? { timeoutSeconds: opts.timeout } : {}),
              ...(opts.cwd !== undefined ? { cwd: opts.cwd } : {}),
            },
            processIo(ctx),
            version,
          ),
        );
      },
    );
}
