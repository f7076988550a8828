/**
 * `portcullis mcp serve` (DESIGN.md §8, issue 6): Portcullis' own MCP server, the guarded door for agents that
 * speak MCP. Three tools: `run_command` (the broker runs it once the gate allows), `request_approval` (ask the gate,
 * get a ticket) and `approval_status` (read it). Where the client declares URL-mode elicitation, a held command
 * sends it to the approval page; the elicitation's answer is never taken as a decision (see `serve-run.ts`).
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { MAX_COMMAND_BYTES } from '../../server/schemas.js';
import { approvalStatus, decide, GateCallError, type GateLink, type Ticket } from './gate-link.js';
import { agentName } from './proxy.js';
import { heldText, refusal, ticketInfo } from './results.js';
import { runCommand, type ShowApprovalPage } from './serve-run.js';

export interface McpServeOptions {
  link: GateLink;
  /** Working directory of commands that name none. */
  cwd: string;
  version: string;
  /** Seconds to wait for the human once they agreed to open the approval page (default 60). */
  elicitedWaitSeconds?: number;
  /** How long the client may take to answer an elicitation (default 120 s). */
  elicitTimeoutMs?: number;
}

const command = z
  .string()
  .min(1)
  .max(MAX_COMMAND_BYTES)
  .describe('the shell command line (bash -c)');
const cwd = z
  .string()
  .min(1)
  .max(4096)
  .optional()
  .describe("working directory (default: the server's)");
const wait = z
  .number()
  .int()
  .min(0)
  .max(300)
  .optional()
  .describe(
    'seconds to wait for a human when approval is needed (default 0: answer at once with the ticket)',
  );
const approvalId = z.string().regex(/^apr_[a-z2-7]{20}$/, 'an approval id (apr_…)');

/** Build the server; connect it to a transport (stdio, streamable HTTP, in-memory) to serve. */
export function createPortcullisMcpServer(opts: McpServeOptions): McpServer {
  const server = new McpServer(
    { name: 'portcullis', version: opts.version },
    {
      instructions:
        'Run shell commands through Portcullis with run_command: the gate judges each one, and a human ' +
        'approves risky ones in the Portcullis console. A held command returns a ticket; retry the identical ' +
        'command once approval_status says approved. You cannot approve anything yourself.',
    },
  );
  const agent = (): string => agentName(server.server.getClientVersion());

  const showPage: ShowApprovalPage = async (ticket, signal) => {
    if (!server.server.getClientCapabilities()?.elicitation?.url) return false;
    const r = await server.server.elicitInput(
      {
        mode: 'url',
        elicitationId: ticket.id,
        url: ticket.url,
        message:
          `Portcullis holds "${(ticket.summary ?? 'a command').slice(0, 200)}" for a human's approval. ` +
          'Open the approval page to approve or deny it there; answering here approves nothing.',
      },
      { timeout: opts.elicitTimeoutMs ?? 120_000, signal },
    );
    return r.action === 'accept';
  };

  server.registerTool(
    'run_command',
    {
      title: 'Run a command through the Portcullis gate',
      description:
        'Runs a shell command through the Portcullis gate and broker: the gate judges it, and if it is allowed ' +
        'the broker runs it with the credentials bound to it and returns stdout, stderr and the exit code. A ' +
        'command that needs a human is not run: the answer carries an approval ticket.',
      inputSchema: {
        command,
        cwd,
        wait,
        timeout: z
          .number()
          .int()
          .min(1)
          .max(3600)
          .optional()
          .describe('seconds the command may run'),
      },
      annotations: {
        readOnlyHint: false,
        destructiveHint: true,
        idempotentHint: false,
        openWorldHint: true,
      },
    },
    (args, extra) =>
      runCommand(
        { link: opts.link, showPage, elicitedWaitSeconds: opts.elicitedWaitSeconds ?? 60 },
        { kind: 'shell', command: args.command, cwd: args.cwd ?? opts.cwd, agent: agent() },
        { wait: args.wait ?? 0, timeout: args.timeout },
        extra.signal,
      ),
  );

  server.registerTool(
    'request_approval',
    {
      title: 'Ask Portcullis whether a command may run',
      description:
        'Asks the gate about a shell command without running it: allow, deny, or ask (a human must approve; ' +
        'the answer carries the ticket). Approval happens in the Portcullis console, never here.',
      inputSchema: { command, cwd, wait },
      annotations: {
        readOnlyHint: false,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: false,
      },
    },
    async (args, extra) => {
      const request = {
        kind: 'shell' as const,
        command: args.command,
        cwd: args.cwd ?? opts.cwd,
        agent: agent(),
      };
      try {
        const d = await decide(opts.link, request);
        let ticket: Ticket | undefined = d.approval;
        if (d.verdict === 'ask' && ticket) {
          const shown = await showPage(ticket, extra.signal).catch(() => false);
          const w = shown
            ? Math.max(args.wait ?? 0, opts.elicitedWaitSeconds ?? 60)
            : (args.wait ?? 0);
          if (w > 0) ticket = await approvalStatus(opts.link, ticket.id, w, extra.signal);
        }
        const status = d.verdict === 'ask' ? (ticket?.status ?? 'pending') : d.verdict;
        const lines = [
          `verdict: ${d.verdict} (${d.rule}, risk ${d.risk})`,
          ...d.reasons.map((r) => `- ${r}`),
          ...(d.verdict === 'ask' && ticket
            ? [
                heldText(
                  'This command',
                  ticket,
                  'run it with run_command (identical command and cwd)',
                ),
              ]
            : []),
        ];
        return {
          content: [{ type: 'text', text: lines.join('\n') }],
          structuredContent: {
            verdict: d.verdict,
            status,
            rule: d.rule,
            risk: d.risk,
            reasons: d.reasons,
            ...(ticket ? { approval: ticketInfo(ticket) } : {}),
          },
        } satisfies CallToolResult;
      } catch (err) {
        return gateFailure(err);
      }
    },
  );

  server.registerTool(
    'approval_status',
    {
      title: 'Check a Portcullis approval',
      description:
        'Reads one of your approval tickets: pending, approved, denied, expired or used.',
      inputSchema: {
        id: approvalId,
        wait: wait.describe('seconds to wait for the ticket to be decided (default 0)'),
      },
      annotations: {
        readOnlyHint: true,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: false,
      },
    },
    async (args, extra) => {
      try {
        const t = await approvalStatus(opts.link, args.id, args.wait ?? 0, extra.signal);
        const said = (t.comments ?? []).map((c) => `- ${c.approver}: "${c.comment}"`);
        return {
          content: [
            {
              type: 'text',
              text: [`${t.id}: ${t.status} (${t.url})`, ...said].join('\n'),
            },
          ],
          structuredContent: {
            ...ticketInfo(t),
            approvedBy: t.approvedBy ?? [],
            deniedBy: t.deniedBy ?? [],
            comments: t.comments ?? [],
          },
        } satisfies CallToolResult;
      } catch (err) {
        return gateFailure(err);
      }
    },
  );
  return server;
}

function gateFailure(err: unknown): CallToolResult {
  const why = err instanceof Error ? err.message : String(err);
  return refusal(`Portcullis could not answer: ${why}`, {
    verdict: 'error',
    ...(err instanceof GateCallError && err.code ? { rule: err.code } : {}),
  });
}
