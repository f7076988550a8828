/**
 * Cursor hooks (reference/agent-hooks.md §2.4; cursor.com/docs/agent/hooks, cupcake.eqtylab.io's Cursor
 * reference). One command serves every gated event, told apart by `hook_event_name`:
 * - `beforeShellExecution` `{command, cwd}`;
 * - `beforeMCPExecution` `{tool_name, tool_input, url | command}` (`tool_input` is a JSON string in some builds);
 * - `beforeReadFile` `{file_path, content}` (answers with `permission` only);
 * - `preToolUse` `{tool_name, tool_input}` (tools `Shell`, `Write`, `StrReplace`, `Edit`, `Delete`, `Read`, ...).
 * Every event also carries `conversation_id`, `generation_id`, `workspace_roots`.
 *
 * OUT (exit 0): `{"permission":"allow"|"ask"|"deny","user_message":...,"agent_message":...}`. Cursor asks its
 * user natively. Install with `failClosed: true`: without it a crash or timeout lets the call through.
 */
import * as z from 'zod/mini';
import type { ActionRequest } from '../../analyze/request.js';
import type { Decision } from '../../policy/types.js';
import type { HookAdapter, HookOutput, RenderContext } from './adapter.js';
import { askLocalMessage, denyMessage, summary } from './messages.js';
import { jsonOut } from './output.js';
import {
  decodeJsonString,
  editsText,
  fileRequest,
  inDir,
  mcpRequest,
  otherRequest,
  pathsOf,
  requestBase,
  shellFromInput,
  splitMcpName,
  textOf,
  type RequestBase,
} from './requests.js';

const Common = {
  conversation_id: z.optional(z.string()),
  workspace_roots: z.optional(z.array(z.string())),
  cwd: z.optional(z.string()),
};
const Envelope = z.looseObject({ hook_event_name: z.string(), ...Common });
const ShellEvent = z.looseObject({ command: z.string() });
const McpEvent = z.looseObject({
  tool_name: z.string().check(z.minLength(1)),
  tool_input: z.unknown(),
  url: z.optional(z.string()),
  command: z.optional(z.string()),
});
const ReadFileEvent = z.looseObject({ file_path: z.string().check(z.minLength(1)) });
const ToolEvent = z.looseObject({
  tool_name: z.string().check(z.minLength(1)),
  tool_input: z.unknown(),
});

/** Events we do not gate: a hook installed on one of them answers `{}` (no objection). */
const UNGATED: ReadonlySet<string> = new Set([
  'afterShellExecution',
  'afterMCPExecution',
  'afterFileEdit',
  'beforeSubmitPrompt',
  'stop',
  'sessionStart',
  'sessionEnd',
  'postToolUse',
  'postToolUseFailure',
  'subagentStart',
  'subagentStop',
  'preCompact',
  'afterAgentResponse',
  'afterAgentThought',
  'beforeTabFileRead',
  'afterTabFileEdit',
]);

interface Context {
  cwd?: string;
  session?: string;
}
export type CursorPayload =
  | { event: 'beforeShellExecution'; ctx: Context; command: string }
  | { event: 'beforeMCPExecution'; ctx: Context; tool: string; input: unknown; server: string }
  | { event: 'beforeReadFile'; ctx: Context; path: string }
  | { event: 'preToolUse'; ctx: Context; tool: string; input: unknown }
  | { event: 'ungated'; ctx: Context; name: string };

function parse(input: unknown): CursorPayload {
  const env = Envelope.parse(input);
  const ctx: Context = {};
  const cwd = env.cwd ?? env.workspace_roots?.[0];
  if (cwd !== undefined) ctx.cwd = cwd;
  if (env.conversation_id !== undefined) ctx.session = env.conversation_id;
  switch (env.hook_event_name) {
    case 'beforeShellExecution':
      return { event: 'beforeShellExecution', ctx, command: ShellEvent.parse(input).command };
    case 'beforeMCPExecution': {
      const e = McpEvent.parse(input);
      // No server name in the payload: the server's URL or launch command identifies it.
      const server = e.url ?? e.command ?? 'unknown';
      return {
        event: 'beforeMCPExecution',
        ctx,
        tool: e.tool_name,
        input: decodeJsonString(e.tool_input),
        server,
      };
    }
    case 'beforeReadFile':
      return { event: 'beforeReadFile', ctx, path: ReadFileEvent.parse(input).file_path };
    case 'preToolUse': {
      const e = ToolEvent.parse(input);
      return { event: 'preToolUse', ctx, tool: e.tool_name, input: decodeJsonString(e.tool_input) };
    }
  }
  if (UNGATED.has(env.hook_event_name)) return { event: 'ungated', ctx, name: env.hook_event_name };
  throw new Error(`hook_event_name: unknown Cursor event "${env.hook_event_name}"`);
}

/**
 * A `preToolUse` tool call: Shell (and Bash) → shell; Write → write; StrReplace, Edit, MultiEdit → edit;
 * Delete → delete; `MCP:<tool>` and `mcp__server__tool` → MCP; anything else (Read, Grep, Glob, LS,
 * WebFetch, Task, ...) → other.
 */
export function cursorToolRequest(base: RequestBase, tool: string, input: unknown): ActionRequest {
  switch (tool) {
    case 'Shell':
    case 'Bash':
      return shellFromInput(inDir(base, textOf(input, ['working_directory', 'cwd'])), input);
    case 'Write':
      return fileRequest(
        base,
        tool,
        'write',
        pathsOf(input),
        textOf(input, ['contents', 'content']),
      );
    case 'StrReplace':
    case 'Edit':
    case 'MultiEdit':
      return fileRequest(
        base,
        tool,
        'edit',
        pathsOf(input),
        textOf(input, ['new_string', 'newString', 'new_str']) ?? editsText(input),
      );
    case 'Delete':
      return fileRequest(base, tool, 'delete', pathsOf(input));
  }
  if (tool.startsWith('MCP:')) return mcpRequest(base, 'unknown', tool.slice('MCP:'.length), input);
  const mcp = splitMcpName(tool);
  if (mcp) return mcpRequest(base, mcp.server, mcp.tool, input);
  return otherRequest(base, tool, input);
}

function answer(permission: 'allow' | 'ask' | 'deny', user?: string, agent?: string): HookOutput {
  return jsonOut({
    permission,
    ...(user !== undefined ? { user_message: user } : {}),
    ...(agent !== undefined ? { agent_message: agent } : {}),
  });
}

export const cursorAdapter: HookAdapter<CursorPayload> = {
  agent: 'cursor',
  nativeAsk: true,
  // Cursor's default hook timeout is not documented (install writes an explicit one); stay well inside 5 s.
  budgetMs: 4_000,
  parse,
  toRequest(p, fallbackCwd) {
    const base = requestBase('cursor', p.ctx.cwd, fallbackCwd, p.ctx.session);
    switch (p.event) {
      case 'beforeShellExecution':
        return shellFromInput(base, { command: p.command });
      case 'beforeMCPExecution':
        return mcpRequest(base, p.server, p.tool, p.input);
      case 'beforeReadFile':
        return otherRequest(base, 'Read', { file_path: p.path });
      case 'preToolUse':
        return cursorToolRequest(base, p.tool, p.input);
      case 'ungated':
        return undefined;
    }
  },
  render(d: Decision, p, ctx: RenderContext) {
    // beforeReadFile honours `permission` only, and cannot ask.
    if (p.event === 'beforeReadFile') return answer(d.verdict === 'allow' ? 'allow' : 'deny');
    if (d.verdict === 'allow') return answer('allow');
    if (d.verdict === 'ask') {
      if (ctx.askLocally) return answer('ask', askLocalMessage(d), askLocalMessage(d));
      return answer('deny', `Portcullis held this for approval: ${summary(d)}`, ctx.askInstead);
    }
    return answer('deny', `Portcullis denied this: ${summary(d)}`, denyMessage(d));
  },
  failClosed: (reason) => answer('deny', reason, reason),
  passThrough: () => jsonOut({}),
};
