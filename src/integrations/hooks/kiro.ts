/**
 * Kiro CLI (formerly Amazon Q Developer CLI) `preToolUse` hook (reference/agent-hooks.md §2.6;
 * `aws/amazon-q-developer-cli:docs/hooks.md`, `docs/built-in-tools.md`, `crates/chat-cli/src/cli/chat/tools/
 * use_aws.rs`; kiro.dev/docs/cli/reference/built-in-tools). IN: `{hook_event_name: "preToolUse", cwd,
 * tool_name, tool_input}`; tools `execute_bash`, `fs_read`, `fs_write`, `use_aws`, ... (Kiro CLI 2+ names them
 * `shell`, `read`, `write`, `aws`, ...); MCP tools are `@server/tool`.
 *
 * OUT: exit codes only. 0 allows; **2 blocks and stderr goes to the model**; anything else is a warning and
 * the call proceeds. No JSON, no ask: an ask is a deny-with-ticket.
 */
import * as z from 'zod/mini';
import type { ActionRequest } from '../../analyze/request.js';
import type { HookAdapter } from './adapter.js';
import { exitCodeAnswers } from './output.js';
import {
  fileRequest,
  inDir,
  joinArgv,
  mcpRequest,
  ObjectInput,
  otherRequest,
  pathsOf,
  requestBase,
  shellFromInput,
  shellRequest,
  textOf,
  type RequestBase,
} from './requests.js';

const Payload = z.looseObject({
  hook_event_name: z.literal('preToolUse'),
  tool_name: z.string().check(z.minLength(1)),
  tool_input: ObjectInput,
  cwd: z.optional(z.string()),
  session_id: z.optional(z.string()),
});
export type KiroPayload = z.infer<typeof Payload>;

/** `use_aws` input (the struct `UseAws` in use_aws.rs). */
const UseAws = z.looseObject({
  service_name: z.string().check(z.minLength(1)),
  operation_name: z.string().check(z.minLength(1)),
  parameters: z.optional(z.nullable(z.record(z.string(), z.unknown()))),
  region: z.optional(z.string()),
  profile_name: z.optional(z.nullable(z.string())),
});

/** `StackName` / `stack_name` → `stack-name`, as use_aws.rs's `to_case(Case::Kebab)` does. */
function kebab(name: string): string {
  return name
    .replace(/^-+/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .replace(/[_\s]+/g, '-')
    .toLowerCase();
}

/**
 * The AWS CLI command a `use_aws` call runs (`aws <service> <operation> --<param> <value> ... --region r
 * --profile p`), so the aws model judges it exactly as it would the same command typed in a shell.
 */
export function useAwsCommand(input: unknown): string {
  const call = UseAws.parse(input);
  const argv = ['aws', call.service_name, call.operation_name];
  for (const [name, value] of Object.entries(call.parameters ?? {})) {
    argv.push(`--${kebab(name)}`);
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    if (text !== '') argv.push(text);
  }
  if (call.region !== undefined && call.region !== '') argv.push('--region', call.region);
  if (typeof call.profile_name === 'string' && call.profile_name !== '')
    argv.push('--profile', call.profile_name);
  return joinArgv(argv);
}

/** fs_write / write: `command` create → write; str_replace, insert, append → edit. */
function fsWrite(base: RequestBase, tool: string, input: unknown): ActionRequest {
  const op = textOf(input, ['command']) === 'create' ? 'write' : 'edit';
  return fileRequest(
    base,
    tool,
    op,
    pathsOf(input),
    textOf(input, ['file_text', 'new_str', 'text']),
  );
}

/**
 * execute_bash / shell (and the IDE's executeBash, executePwsh) → shell; fs_write / write → write or edit;
 * the IDE's fsWrite → write, fsAppend, strReplace → edit, deleteFile → delete; use_aws / aws → the equivalent
 * `aws` command; `@server/tool` → MCP; anything else (fs_read, read, glob, grep, web_fetch, knowledge, ...) →
 * other.
 */
export function kiroToolRequest(base: RequestBase, tool: string, input: unknown): ActionRequest {
  switch (tool) {
    case 'execute_bash':
    case 'execute_cmd':
    case 'shell':
    case 'executeBash':
    case 'executePwsh':
      return shellFromInput(inDir(base, textOf(input, ['working_dir', 'path'])), input);
    case 'fs_write':
    case 'write':
      return fsWrite(base, tool, input);
    case 'fsWrite':
      return fileRequest(base, tool, 'write', pathsOf(input), textOf(input, ['text']));
    case 'fsAppend':
    case 'strReplace':
      return fileRequest(base, tool, 'edit', pathsOf(input), textOf(input, ['text', 'newStr']));
    case 'deleteFile':
      return fileRequest(base, tool, 'delete', pathsOf(input));
    case 'use_aws':
    case 'aws':
      return shellRequest(base, useAwsCommand(input));
  }
  if (tool.startsWith('@')) {
    const sep = tool.indexOf('/');
    if (sep > 1 && sep < tool.length - 1)
      return mcpRequest(base, tool.slice(1, sep), tool.slice(sep + 1), input);
  }
  return otherRequest(base, tool, input);
}

export const kiroAdapter: HookAdapter<KiroPayload> = {
  agent: 'kiro',
  nativeAsk: false,
  // Hook timeout 30 s by default (timeouts let the call through); we never wait longer than 10 s.
  budgetMs: 10_000,
  parse: (input) => Payload.parse(input),
  toRequest(p, fallbackCwd) {
    const base = requestBase('kiro', p.cwd, fallbackCwd, p.session_id);
    return kiroToolRequest(base, p.tool_name, p.tool_input);
  },
  ...exitCodeAnswers,
};
