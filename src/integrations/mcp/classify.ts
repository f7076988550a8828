/**
 * The proxy's own judgement of each upstream tool (issue 6, "MCP"): the analyzer reads its name
 * (`analyzeMcpRequest`), `describe.ts` reads its description and schema, and the policy in force decides what a
 * call with no arguments would get. From that: whether the tool is listed at all (an outright deny hides it), and
 * the annotations the agent sees. The upstream's own annotations are hints that can only make a tool look worse:
 * `readOnlyHint: true` from a server is never believed, `destructiveHint: true` always is.
 */
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { analyzeMcpRequest } from '../../analyze/mcp.js';
import type { ActionRequest } from '../../analyze/request.js';
import type { Action } from '../../analyze/types.js';
import type { PolicyEvaluator } from '../../policy/index.js';
import type { Decision } from '../../policy/types.js';
import { describedActions, destructiveSwitches, takesPayload } from './describe.js';

/** `_meta` key Claude Code honours: the tool always prompts the user, in every permission mode. */
export const REQUIRES_INTERACTION = 'anthropic/requiresUserInteraction';
/** `_meta` key carrying the proxy's classification, so a client (and a human reading the list) sees why. */
export const CLASSIFICATION = 'portcullis/classification';

/** MCP tool names (spec 2025-11-25: 1–128 of A–Z a–z 0–9 _ - .); anything else is not listed. */
const TOOL_NAME = /^[A-Za-z0-9_.-]{1,128}$/;

/** What decides how a tool is listed: the server's name as policy sees it, and the policy in force. */
export interface ClassifyContext {
  /** The proxied server's NAME: policy rules name its tools `tool: mcp:NAME`, `verb: <tool>`. */
  server: string;
  cwd: string;
  agent: string;
  evaluate: PolicyEvaluator;
}

/** One upstream tool, judged. */
export interface ClassifiedTool {
  /** The entry as the agent sees it: annotations and `_meta` rewritten. */
  listed: Tool;
  /** The upstream's entry, unchanged (its annotations are only hints). */
  upstream: Tool;
  /** The policy denies the tool outright: not listed, and every call refused. */
  hidden: boolean;
  /** A call with no arguments would need a human's approval. */
  needsApproval: boolean;
  destructive: boolean;
  readOnly: boolean;
  /** The description reveals a severe effect the name hides. */
  described: boolean;
  /** What a call with no arguments would get. */
  decision: Decision;
  reasons: string[];
}

/** Classify one upstream tool and rewrite its listing entry. Pure apart from the evaluator's clock. */
export function classifyTool(tool: Tool, ctx: ClassifyContext): ClassifiedTool {
  const upstreamAnn = (tool.annotations ?? {}) as Record<string, unknown>;
  const request: ActionRequest = {
    kind: 'mcp',
    server: ctx.server,
    tool: tool.name,
    args: {},
    annotations: upstreamAnn,
    agent: ctx.agent,
    cwd: ctx.cwd,
  };
  const named = TOOL_NAME.test(tool.name) ? analyzeMcpRequest(request) : [];
  const payload = takesPayload(tool.inputSchema);
  const executes = named.some((a) => a.rule === 'mcp/exec');
  // An executor that takes its payload as an argument (`run {command}`) is judged per call by what it runs.
  const judged = payload ? named.filter((a) => a.rule !== 'mcp/exec') : named;
  const described = describedActions(ctx.server, tool);
  const actions: Action[] = [...judged, ...described];
  const decision: Decision = TOOL_NAME.test(tool.name)
    ? ctx.evaluate(actions, request)
    : {
        verdict: 'deny',
        risk: 'high',
        rule: 'mcp/bad-tool-name',
        reasons: [
          `the upstream tool name ${JSON.stringify(tool.name.slice(0, 140))} is not a valid MCP name`,
        ],
        actions: [],
      };
  const switches = destructiveSwitches(tool.inputSchema);
  const destructive =
    upstreamAnn.destructiveHint === true ||
    executes ||
    switches.length > 0 ||
    actions.some(
      (a) =>
        a.effect === 'delete' ||
        a.effect === 'destroy' ||
        a.effect === 'unknown' ||
        a.effect === 'exec' ||
        a.risk === 'high' ||
        a.risk === 'catastrophic',
    );
  const readOnly = !destructive && actions.length > 0 && actions.every((a) => a.effect === 'read');
  const needsApproval = decision.verdict === 'ask';
  const reasons = [
    ...decision.reasons,
    ...(switches.length > 0
      ? [`its arguments include destructive switches (${switches.slice(0, 5).join(', ')})`]
      : []),
  ];
  const meta: Record<string, unknown> = {
    ...(tool._meta ?? {}),
    [CLASSIFICATION]: {
      verdict: decision.verdict,
      risk: decision.risk,
      rule: decision.rule,
      reasons: reasons.slice(0, 8),
    },
  };
  if (needsApproval) meta[REQUIRES_INTERACTION] = true;
  const listed: Tool = {
    ...tool,
    annotations: { ...tool.annotations, readOnlyHint: readOnly, destructiveHint: destructive },
    _meta: meta,
  };
  return {
    listed,
    upstream: tool,
    hidden: decision.verdict === 'deny',
    needsApproval,
    destructive,
    readOnly,
    described: described.length > 0,
    decision,
    reasons,
  };
}

/**
 * The annotations a call carries to the gate: the upstream's, with `destructiveHint` set where the description
 * revealed a severe effect (the analyzer raises a tool declared destructive) and `readOnlyHint` then cleared.
 * Schema switches are left out: they say what a call *may* do, and the call's own arguments show whether it does.
 */
export function callAnnotations(c: ClassifiedTool): Record<string, unknown> {
  const ann = { ...(c.upstream.annotations ?? {}) } as Record<string, unknown>;
  if (c.described) {
    ann.destructiveHint = true;
    ann.readOnlyHint = false;
  }
  return ann;
}
