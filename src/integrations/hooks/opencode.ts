/**
 * OpenCode (reference/agent-hooks.md §2.7; the plugin `Hooks` type in `packages/plugin/src/index.ts`).
 * OpenCode has no command hooks: plugins run in-process, and `"tool.execute.before"(input: {tool, sessionID,
 * callID}, output: {args})` blocks a call by throwing. It cannot ask (`permission.ask` is never fired), so an
 * ask is a deny-with-ticket.
 *
 * `createPortcullisPlugin()` builds that plugin. The same mapping also runs as `portcullis hook opencode`
 * (for tests and `doctor`) on a Portcullis-defined payload — the plugin hook's two arguments merged,
 * `{tool, sessionID, callID, args, cwd}` — answering exit 0 to allow and exit 2 with the reason on stderr to
 * deny, like the exit-code agents.
 *
 * Tools: bash `{command, workdir?}`, write `{filePath, content}`, edit `{filePath, oldString, newString}`,
 * multiedit `{filePath, edits}`, patch / apply_patch `{patchText}`, read, grep, glob, list, webfetch, task,
 * todowrite, ...; MCP tools are named `<server>_<tool>`.
 */
import * as z from 'zod/mini';
import type { ActionRequest } from '../../analyze/request.js';
import type { HookAdapter } from './adapter.js';
import { errorLine, failClosedMessage } from './messages.js';
import { exitCodeAnswers } from './output.js';
import { patchTouches } from './patch.js';
import {
  editsText,
  fileRequest,
  inDir,
  mcpRequest,
  ObjectInput,
  otherRequest,
  pathsOf,
  requestBase,
  shellFromInput,
  textOf,
  type RequestBase,
} from './requests.js';
import { runHook, type Judge } from './run.js';

const Payload = z.looseObject({
  tool: z.string().check(z.minLength(1)),
  args: ObjectInput,
  sessionID: z.optional(z.string()),
  callID: z.optional(z.string()),
  cwd: z.optional(z.string()),
});
export type OpenCodePayload = z.infer<typeof Payload>;

/** OpenCode's own tools that are neither shell nor file writes: never taken for an MCP tool. */
const BUILTIN_OTHER: ReadonlySet<string> = new Set([
  'read',
  'grep',
  'glob',
  'list',
  'ls',
  'webfetch',
  'websearch',
  'codesearch',
  'task',
  'todowrite',
  'todoread',
  'skill',
  'question',
  'lsp',
  'lsp_diagnostics',
  'lsp_hover',
  'plan_enter',
  'plan_exit',
  'invalid',
]);

/**
 * bash → shell; write → write; edit, multiedit → edit; patch, apply_patch → what the patch does;
 * `<server>_<tool>` (OpenCode's MCP naming, for a name that is no built-in tool) → MCP; anything else → other.
 */
export function openCodeToolRequest(
  base: RequestBase,
  tool: string,
  input: unknown,
): ActionRequest {
  switch (tool) {
    case 'bash':
      return shellFromInput(inDir(base, textOf(input, ['workdir'])), input);
    case 'write':
      return fileRequest(base, tool, 'write', pathsOf(input), textOf(input, ['content']));
    case 'edit':
      return fileRequest(base, tool, 'edit', pathsOf(input), textOf(input, ['newString']));
    case 'multiedit':
      return fileRequest(base, tool, 'edit', pathsOf(input), editsText(input));
    case 'patch':
    case 'apply_patch': {
      const patch = textOf(input, ['patchText', 'patch']);
      if (patch === undefined) throw new Error(`${tool}: no patchText`);
      const { op, paths } = patchTouches(patch);
      return fileRequest(base, tool, op, paths, patch);
    }
  }
  const sep = tool.indexOf('_');
  if (!BUILTIN_OTHER.has(tool) && sep > 0 && sep < tool.length - 1) {
    return mcpRequest(base, tool.slice(0, sep), tool.slice(sep + 1), input);
  }
  return otherRequest(base, tool, input);
}

export const openCodeAdapter: HookAdapter<OpenCodePayload> = {
  agent: 'opencode',
  nativeAsk: false,
  // No hook timeout (the plugin runs in-process), but a hung judge must not stall the agent forever.
  budgetMs: 10_000,
  parse: (input) => Payload.parse(input),
  toRequest(p, fallbackCwd) {
    const base = requestBase('opencode', p.cwd, fallbackCwd, p.sessionID);
    return openCodeToolRequest(base, p.tool, p.args);
  },
  ...exitCodeAnswers,
};

/** The part of OpenCode's plugin input we use. */
export interface OpenCodePluginInput {
  directory?: string;
  worktree?: string;
}
/** The `tool.execute.before` hook, typed as OpenCode's `Hooks` declares it. */
export type ToolExecuteBefore = (
  input: { tool: string; sessionID?: string; callID?: string },
  output: { args: unknown },
) => Promise<void>;
export type OpenCodePlugin = (
  input: OpenCodePluginInput,
) => Promise<{ 'tool.execute.before': ToolExecuteBefore }>;

export interface OpenCodePluginOptions {
  /** Loads the judge, once, on the first tool call (default: the policy in force, as every other hook). */
  loadJudge?: () => Promise<Judge>;
}

/**
 * An OpenCode plugin that puts Portcullis in front of every tool call: it throws (OpenCode's only way to
 * block) on deny, on ask, and on anything it cannot judge. The module OpenCode loads must export plugin
 * functions only (OpenCode calls every export), so install a one-line shim that re-exports the plugin.
 */
export function createPortcullisPlugin(options: OpenCodePluginOptions = {}): OpenCodePlugin {
  let judge: Promise<Judge> | undefined;
  const loadJudge =
    options.loadJudge ?? (() => import('./judge.js').then((m): Judge => m.policyInForceJudge));
  return (ctx) => {
    const cwd = ctx.directory ?? ctx.worktree ?? process.cwd();
    const before: ToolExecuteBefore = async (input, output) => {
      let raw: string;
      let j: Judge;
      try {
        raw = JSON.stringify({
          tool: input.tool,
          sessionID: input.sessionID,
          callID: input.callID,
          args: output.args,
          cwd,
        });
        judge ??= loadJudge();
        j = await judge;
      } catch (err) {
        judge = undefined;
        throw new Error(failClosedMessage(errorLine(err)));
      }
      const result = await runHook(openCodeAdapter, raw, j, { cwd });
      if (result.exitCode !== 0) throw new Error(result.stderr.trim());
    };
    return Promise.resolve({ 'tool.execute.before': before });
  };
}

/** The plugin judging with the policy in force: what the installed shim re-exports. */
export const PortcullisPlugin: OpenCodePlugin = createPortcullisPlugin();
