/**
 * `run_command` of `portcullis mcp serve`: one command through the broker (`POST /v1/exec`), and what happens
 * while a human has not decided yet. The gate is the only authority: a held command runs only when a later
 * `/v1/exec` of the identical request is allowed by the gate (the approval is spent there). An elicitation is a
 * way to show the human the approval page, never an approval: whatever the client answers to it ("accept"
 * included, which a hook or a careless client can give automatically), only the gate's status counts.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ActionRequest } from '../../analyze/request.js';
import {
  approvalStatus,
  execStream,
  GateCallError,
  type GateLink,
  type Ticket,
} from './gate-link.js';
import { commentsText, heldText, refusal, ticketInfo } from './results.js';

/** Characters of stdout and of stderr kept for the model (the rest is cut, and the cut is said). */
export const MAX_OUTPUT_CHARS = 200_000;

/** Shows the human the approval page where the client can; resolves to true when the user agreed to open it. */
export type ShowApprovalPage = (ticket: Ticket, signal: AbortSignal) => Promise<boolean>;

export interface RunContext {
  link: GateLink;
  showPage: ShowApprovalPage;
  /** Seconds to wait for the human after they agreed to open the approval page. */
  elicitedWaitSeconds: number;
}

type Attempt = { kind: 'done'; result: CallToolResult } | { kind: 'held'; ticket: Ticket };

/** Run `request` through the broker, waiting for a human as the arguments and the client allow. */
export async function runCommand(
  ctx: RunContext,
  request: Extract<ActionRequest, { kind: 'shell' }>,
  opts: { wait: number; timeout?: number | undefined },
  signal: AbortSignal,
): Promise<CallToolResult> {
  try {
    const first = await attempt(ctx.link, request, opts.timeout, signal);
    if (first.kind === 'done') return first.result;
    let ticket = first.ticket;
    const shown = await ctx.showPage(ticket, signal).catch(() => false);
    const wait = shown ? Math.max(opts.wait, ctx.elicitedWaitSeconds) : opts.wait;
    if (wait > 0) {
      ticket = await approvalStatus(ctx.link, ticket.id, wait, signal);
      if (ticket.status === 'approved') {
        const again = await attempt(ctx.link, request, opts.timeout, signal);
        if (again.kind === 'done') return again.result;
        ticket = again.ticket;
      } else if (ticket.status === 'denied') {
        return refusal(`A human denied the command (${ticket.id}).${commentsText(ticket)}`, {
          verdict: 'deny',
          approval: ticketInfo(ticket),
        });
      }
    }
    return pending(ticket);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return refusal(`The command was not run: ${why}`, {
      verdict: 'error',
      ...(err instanceof GateCallError && err.code ? { rule: err.code } : {}),
    });
  }
}

/** The answer for a command still waiting on a human. */
export function pending(ticket: Ticket): CallToolResult {
  return refusal(
    `Not run yet: ${heldText('this command', ticket, 'call run_command again with the identical command and cwd')} ` +
      `Check with approval_status {"id": "${ticket.id}"}.`,
    { verdict: 'pending', approval: ticketInfo(ticket) },
  );
}

/** One `/v1/exec`: the run's result, a refusal, or the ticket of a held command. */
async function attempt(
  link: GateLink,
  request: ActionRequest,
  timeout: number | undefined,
  signal: AbortSignal,
): Promise<Attempt> {
  const lines = execStream(link, { request, ...(timeout ? { timeout } : {}) }, signal);
  const head = await lines.next();
  if (head.done || head.value.type !== 'decision') {
    throw new GateCallError('the broker did not send its decision first', 200, undefined);
  }
  const d = head.value.decision;
  if (d.verdict === 'ask') {
    await lines.return(undefined);
    if (!d.approval)
      throw new GateCallError('the gate held the command without a ticket', 200, undefined);
    return { kind: 'held', ticket: d.approval };
  }
  if (d.verdict === 'deny') {
    await lines.return(undefined);
    return {
      kind: 'done',
      result: refusal(
        `Denied by Portcullis (${d.rule}): ${d.reasons.join('; ')}${commentsText(d.approval)}`,
        {
          verdict: 'deny',
          rule: d.rule,
          risk: d.risk,
          ...(d.approval ? { approval: ticketInfo(d.approval) } : {}),
        },
      ),
    };
  }
  const out = { stdout: '', stderr: '', truncated: false };
  for await (const line of lines) {
    if (line.type === 'stdout' || line.type === 'stderr') {
      const room = MAX_OUTPUT_CHARS - out[line.type].length;
      if (line.data.length > room) out.truncated = true;
      out[line.type] += line.data.slice(0, Math.max(0, room));
    } else if (line.type === 'exit') {
      const status =
        line.code === null ? `signal ${line.signal ?? 'unknown'}` : `exit ${line.code}`;
      const text = [
        status +
          (out.truncated ? ` (output cut at ${MAX_OUTPUT_CHARS} characters per stream)` : ''),
        ...(out.stdout ? ['--- stdout ---', out.stdout] : []),
        ...(out.stderr ? ['--- stderr ---', out.stderr] : []),
      ].join('\n');
      return {
        kind: 'done',
        result: {
          content: [{ type: 'text', text }],
          structuredContent: {
            exitCode: line.code,
            signal: line.signal ?? null,
            stdout: out.stdout,
            stderr: out.stderr,
            truncated: out.truncated,
            ...(line.digest ? { digest: line.digest } : {}),
          },
          isError: line.code !== 0,
        },
      };
    }
  }
  throw new GateCallError('the run ended without an exit status', 200, undefined);
}
