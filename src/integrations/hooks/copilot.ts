/**
 * GitHub Copilot CLI (and cloud agent) `preToolUse` hook (reference/agent-hooks.md §2.5;
 * `github/docs:content/copilot/reference/hooks-reference.md`).
 * IN, camelCase config: `{sessionId, timestamp, cwd, toolName, toolArgs}`, `toolArgs` an object or (older
 * builds) a JSON string; tools `bash`, `powershell`, `create`, `edit`, `str_replace_editor`, `apply_patch`,
 * `view`, `glob`, `grep`, `web_fetch`, `task`, ... IN, PascalCase `PreToolUse` config (VS Code/Claude format):
 * `{hook_event_name, session_id, timestamp, cwd, tool_name, tool_input}` with Claude tool names.
 *
 * OUT: `{"permissionDecision":"allow"|"ask"|"deny","permissionDecisionReason":...}`. A deny also exits 2,
 * which Copilot documents as a deny whatever stdout says (stdout JSON is merged into it), so a deny holds even
 * where the JSON is read differently (the VS Code extension). The cloud agent treats "ask" as deny. Crashes
 * fail closed in Copilot; timeouts fail open, hence the budget.
 */
import * as z from 'zod/mini';
import type { ActionRequest } from '../../analyze/request.js';
import type { Decision, Verdict } from '../../policy/types.js';
import type { HookAdapter, HookOutput, RenderContext } from './adapter.js';
import { claudeToolRequest } from './claude-code.js';
import { askLocalMessage, denyMessage } from './messages.js';
import { jsonOut } from './output.js';
import { patchTouches } from './patch.js';
import {
  decodeJsonString,
  fileRequest,
  mcpRequest,
  otherRequest,
  pathsOf,
  requestBase,
  shellFromInput,
  shellRequest,
  splitMcpName,
  textOf,
  type RequestBase,
} from './requests.js';

const Camel = z.looseObject({
  toolName: z.string().check(z.minLength(1)),
  toolArgs: z.unknown(),
  cwd: z.optional(z.string()),
  sessionId: z.optional(z.string()),
});
const Pascal = z.looseObject({
  hook_event_name: z.literal('PreToolUse'),
  tool_name: z.string().check(z.minLength(1)),
  tool_input: z.unknown(),
  cwd: z.optional(z.string()),
  session_id: z.optional(z.string()),
});

export interface CopilotPayload {
  /** Which config format the hook was installed with; the answer mirrors it. */
  format: 'camel' | 'pascal';
  tool: string;
  args: unknown;
  cwd?: string;
  session?: string;
}

function parse(input: unknown): CopilotPayload {
  if (typeof input === 'object' && input !== null && 'toolName' in input) {
    const c = Camel.parse(input);
    return {
      format: 'camel',
      tool: c.toolName,
      args: decodeJsonString(c.toolArgs),
      cwd: c.cwd,
      session: c.sessionId,
    };
  }
  const p = Pascal.parse(input);
  return {
    format: 'pascal',
    tool: p.tool_name,
    args: decodeJsonString(p.tool_input),
    cwd: p.cwd,
    session: p.session_id,
  };
}

/** An edit-family call (`edit`, `str_replace_editor`, `apply_patch`; all "Edit" in the Claude format). */
function editRequest(base: RequestBase, tool: string, args: unknown): ActionRequest {
  const patch = typeof args === 'string' ? args : textOf(args, ['patch', 'patchText', 'input']);
  if (patch !== undefined && pathsOf(args).length === 0) {
    const { op, paths } = patchTouches(patch);
    return fileRequest(base, tool, op, paths, patch);
  }
  const command = textOf(args, ['command']);
  if (command === 'view') return otherRequest(base, tool, args);
  const op = command === 'create' ? 'write' : 'edit';
  return fileRequest(
    base,
    tool,
    op,
    pathsOf(args),
    textOf(args, ['file_text', 'new_str', 'new_string']),
  );
}

/**
 * Copilot's runtime tools: bash, powershell → shell; write_bash (typing into a running shell) → shell of the
 * typed text; create → write; edit, str_replace_editor, apply_patch → edit (or what the patch does);
 * `mcp__server__tool` → MCP; anything else (view, glob, grep, web_fetch, task, ...) → other.
 */
export function copilotToolRequest(base: RequestBase, tool: string, args: unknown): ActionRequest {
  switch (tool) {
    case 'bash':
    case 'powershell':
      return shellFromInput(base, args);
    case 'write_bash': {
      const typed = textOf(args, ['input']);
      if (typed === undefined) throw new Error('write_bash: no input');
      return shellRequest(base, typed.replaceAll('{enter}', '\n'));
    }
    case 'create':
      return fileRequest(
        base,
        tool,
        'write',
        pathsOf(args),
        textOf(args, ['file_text', 'content']),
      );
    case 'edit':
    case 'str_replace_editor':
    case 'apply_patch':
      return editRequest(base, tool, args);
  }
  const mcp = splitMcpName(tool);
  if (mcp) return mcpRequest(base, mcp.server, mcp.tool, args);
  return otherRequest(base, tool, args);
}

function answer(format: CopilotPayload['format'], decision: Verdict, reason?: string): HookOutput {
  const fields = {
    permissionDecision: decision,
    ...(reason !== undefined ? { permissionDecisionReason: reason } : {}),
  };
  const body =
    format === 'camel'
      ? fields
      : { ...fields, hookSpecificOutput: { hookEventName: 'PreToolUse', ...fields } };
  if (decision !== 'deny') return jsonOut(body);
  return { ...jsonOut(body, 2), stderr: `${reason ?? 'Portcullis denied this action.'}\n` };
}

export const copilotAdapter: HookAdapter<CopilotPayload> = {
  agent: 'copilot',
  nativeAsk: true,
  // Hook timeout 30 s by default, and a timeout always lets the call through: answer within 10 s.
  budgetMs: 10_000,
  parse,
  toRequest(p, fallbackCwd) {
    const base = requestBase('copilot', p.cwd, fallbackCwd, p.session);
    if (p.format === 'pascal' && p.tool === 'Edit') return editRequest(base, p.tool, p.args);
    return p.format === 'camel'
      ? copilotToolRequest(base, p.tool, p.args)
      : claudeToolRequest(base, p.tool, p.args);
  },
  render(d: Decision, p, ctx: RenderContext) {
    if (d.verdict === 'allow') return answer(p.format, 'allow');
    if (d.verdict === 'ask') {
      return ctx.askLocally
        ? answer(p.format, 'ask', askLocalMessage(d))
        : answer(p.format, 'deny', ctx.askInstead);
    }
    return answer(p.format, 'deny', denyMessage(d));
  },
  failClosed: (reason) => answer('camel', 'deny', reason),
  passThrough: () => jsonOut({}),
};
