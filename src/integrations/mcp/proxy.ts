/**
 * `portcullis mcp proxy` (DESIGN.md §8, issue 6): a downstream MCP server facing the agent in front of an
 * upstream client to the real server. `tools/list` is the upstream's list classified by us (`classify.ts`):
 * tools the policy denies outright are not listed, annotations are ours. `tools/call` is refused unless the tool
 * is listed, its arguments are within size and carry no secret, and the gate (or, with no gate and no token, the
 * local policy) allows it; only then is it forwarded, bounded in time, and its result (within size) returned and
 * audited. Nothing here decides policy: the judge and the evaluator do.
 */
import { createHash } from 'node:crypto';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  CallToolResultSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  ToolListChangedNotificationSchema,
  type CallToolResult,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import type { ActionRequest } from '../../analyze/request.js';
import type { PolicyEvaluator } from '../../policy/index.js';
import type { RemoteDecision } from '../hooks/remote.js';
import { callAnnotations, classifyTool, type ClassifiedTool } from './classify.js';
import { postResult, type GateLink, type Ticket } from './gate-link.js';
import { MAX_MESSAGE_BYTES } from './guarded-stdio.js';
import { commentsText, heldText, refusal, ticketInfo } from './results.js';
import { findSecret } from './secrets.js';

/** How long an upstream call may take before the proxy gives up on it (issue 6: hang → timeout). */
export const DEFAULT_UPSTREAM_TIMEOUT_MS = 60_000;
const MAX_PAGES = 50;
const MAX_TOOLS = 2000;

export interface ProxyOptions {
  /** The server's NAME, as policy rules name it (`tool: mcp:NAME`). */
  name: string;
  upstream: Client;
  /** Decides one call: the gate, or the local policy when no gate runs (`gateOrLocalJudge`). */
  judge: (request: ActionRequest) => Promise<RemoteDecision>;
  /** The policy in force, for the listing (a listing must not open approvals at the gate). */
  evaluatorFor: (cwd: string) => PolicyEvaluator;
  /** Where results are audited; undefined when no gate runs. */
  link?: GateLink | undefined;
  cwd: string;
  version: string;
  timeoutMs?: number;
  maxBytes?: number;
  /** One line per refused or failed call (the CLI prints it on stderr). */
  log?: (line: string) => void;
}

/** A client's name as an agent name the gate accepts (`claude-code`, `cursor-vscode`). */
export function agentName(client: { name?: string } | undefined): string {
  const cleaned = (client?.name ?? '')
    .replace(/[^A-Za-z0-9._:@-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 64);
  return cleaned === '' ? 'mcp-client' : cleaned;
}

function digestOf(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

/** Build the downstream server; connect it to a transport (stdio, in-memory) to serve. */
// The low-level Server, not McpServer: a proxy relays tools it does not define (the SDK's documented pattern).
// eslint-disable-next-line @typescript-eslint/no-deprecated
export function createProxyServer(opts: ProxyOptions): Server {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS;
  const maxBytes = opts.maxBytes ?? MAX_MESSAGE_BYTES;
  const log = opts.log ?? (() => undefined);
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- see createProxyServer
  const server = new Server(
    { name: `portcullis-proxy-${opts.name}`, version: opts.version },
    {
      capabilities: { tools: { listChanged: true } },
      ...(opts.upstream.getInstructions() ? { instructions: opts.upstream.getInstructions() } : {}),
    },
  );
  let catalog = new Map<string, ClassifiedTool>();
  const agent = (): string => agentName(server.getClientVersion());

  async function upstreamTools(): Promise<Tool[]> {
    const tools: Tool[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES && tools.length < MAX_TOOLS; page++) {
      const r = await opts.upstream.listTools(cursor ? { cursor } : undefined, {
        timeout: timeoutMs,
      });
      tools.push(...r.tools);
      if (!r.nextCursor) break;
      cursor = r.nextCursor;
    }
    return tools.slice(0, MAX_TOOLS);
  }

  async function refresh(): Promise<Map<string, ClassifiedTool>> {
    const tools = await upstreamTools();
    const evaluate = opts.evaluatorFor(opts.cwd);
    const ctx = { server: opts.name, cwd: opts.cwd, agent: agent(), evaluate };
    const seen = new Map<string, number>();
    for (const t of tools) seen.set(t.name, (seen.get(t.name) ?? 0) + 1);
    const next = new Map<string, ClassifiedTool>();
    for (const t of tools) {
      const c = classifyTool(t, ctx);
      // Two tools of one name: which one a call reaches is the upstream's choice, so neither is offered.
      const twice = (seen.get(t.name) ?? 0) > 1;
      const tasks = t.execution?.taskSupport === 'required';
      if (twice || tasks) {
        const why = twice
          ? 'the upstream lists two tools of this name'
          : 'it needs task-based execution, which the proxy does not relay';
        next.set(t.name, {
          ...c,
          hidden: true,
          decision: { ...c.decision, verdict: 'deny', reasons: [why] },
        });
      } else next.set(t.name, c);
    }
    catalog = next;
    return next;
  }

  server.setRequestHandler(ListToolsRequestSchema, async () => {
    const tools = [...(await refresh()).values()].filter((c) => !c.hidden).map((c) => c.listed);
    return { tools };
  });

  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const name = request.params.name;
    const args = request.params.arguments ?? {};
    const refuse = (text: string, info: Parameters<typeof refusal>[1]): CallToolResult => {
      log(`mcp proxy ${opts.name}: ${name}: ${text}`);
      return refusal(text, info);
    };
    const c = catalog.get(name) ?? (await refresh()).get(name);
    if (!c)
      return refuse(`${opts.name} has no tool named ${JSON.stringify(name.slice(0, 140))}.`, {
        verdict: 'deny',
      });
    if (c.hidden) {
      return refuse(`Denied by Portcullis (${c.decision.rule}): ${c.decision.reasons.join('; ')}`, {
        verdict: 'deny',
        rule: c.decision.rule,
        risk: c.decision.risk,
      });
    }
    const argBytes = Buffer.byteLength(JSON.stringify(args));
    if (argBytes > maxBytes) {
      return refuse(
        `The arguments are ${argBytes} bytes, over the ${maxBytes}-byte limit: not forwarded.`,
        {
          verdict: 'deny',
          rule: 'mcp/oversized',
        },
      );
    }
    const secret = findSecret(args);
    if (secret) {
      return refuse(
        `The arguments carry a secret (${secret}): the call was not forwarded. Credentials stay with the gate; ` +
          'ask a human to bind them to this action instead of passing them.',
        { verdict: 'deny', rule: 'mcp/secret-in-arguments' },
      );
    }
    const req: ActionRequest = {
      kind: 'mcp',
      server: opts.name,
      tool: name,
      args,
      annotations: callAnnotations(c),
      agent: agent(),
      cwd: opts.cwd,
    };
    let d: RemoteDecision;
    try {
      d = await opts.judge(req);
    } catch (err) {
      return refuse(`Portcullis could not decide (${errorText(err)}), so nothing was forwarded.`, {
        verdict: 'error',
      });
    }
    const info = { rule: d.rule, risk: d.risk };
    if (d.verdict === 'ask') {
      if (!d.approval) {
        return refuse(
          `${opts.name}/${name} needs a human's approval (${d.reasons.join('; ')}), but no Portcullis gate ` +
            'is running to open one: denied. Start the gate (portcullis serve) and retry.',
          { ...info, verdict: 'deny' },
        );
      }
      const t: Ticket = d.approval;
      return refuse(
        `${heldText(`${opts.name}/${name}`, t, 'retry this identical call (same tool, same arguments) once')} ` +
          `Why: ${d.reasons.join('; ')}`,
        { ...info, verdict: 'ask', approval: ticketInfo(t) },
      );
    }
    if (d.verdict === 'deny') {
      return refuse(
        `Denied by Portcullis (${d.rule}): ${d.reasons.join('; ')}${commentsText(d.approval)}`,
        { ...info, verdict: 'deny', ...(d.approval ? { approval: ticketInfo(d.approval) } : {}) },
      );
    }
    if (d.verdict !== 'allow') {
      // Only an explicit allow forwards: a verdict this proxy does not know is a refusal, never a pass.
      return refuse(
        `Portcullis gave no usable verdict for ${opts.name}/${name}, so nothing was forwarded.`,
        {
          verdict: 'error',
        },
      );
    }
    return forward(name, args, extra.signal);
  });

  async function forward(
    name: string,
    args: Record<string, unknown>,
    signal: AbortSignal,
  ): Promise<CallToolResult> {
    const audit = (ok: boolean, text: string): void => {
      if (opts.link) {
        void postResult(opts.link, {
          server: opts.name,
          tool: name,
          ok,
          digest: digestOf(text),
          bytes: Buffer.byteLength(text),
        });
      }
    };
    let result: CallToolResult;
    try {
      result = await opts.upstream.request(
        { method: 'tools/call', params: { name, arguments: args } },
        CallToolResultSchema,
        { timeout: timeoutMs, maxTotalTimeout: timeoutMs, signal },
      );
    } catch (err) {
      const timedOut = err instanceof McpError && err.code === (ErrorCode.RequestTimeout as number);
      audit(false, '');
      const text = timedOut
        ? `${opts.name}/${name} did not answer within ${duration(timeoutMs)}: the call was abandoned.`
        : `${opts.name}/${name} failed: ${errorText(err)}`;
      log(`mcp proxy ${opts.name}: ${text}`);
      return refusal(text, {
        verdict: 'error',
        rule: timedOut ? 'mcp/upstream-timeout' : 'mcp/upstream-error',
      });
    }
    const text = JSON.stringify(result);
    const bytes = Buffer.byteLength(text);
    if (bytes > maxBytes) {
      audit(false, text);
      return refusal(
        `${opts.name}/${name} answered with ${bytes} bytes, over the ${maxBytes}-byte limit: not forwarded.`,
        { verdict: 'error', rule: 'mcp/oversized-result' },
      );
    }
    audit(result.isError !== true, text);
    return result;
  }

  opts.upstream.setNotificationHandler(ToolListChangedNotificationSchema, async () => {
    await refresh().catch(() => undefined);
    await server.sendToolListChanged().catch(() => undefined);
  });
  return server;
}

function duration(ms: number): string {
  return ms < 10_000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}

function errorText(err: unknown): string {
  return (
    (err instanceof Error ? err.message : String(err)).split('\n', 1)[0]?.slice(0, 300) ?? 'error'
  );
}
