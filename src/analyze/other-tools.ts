/**
 * Agent tools that are neither shell commands, file writes nor MCP calls, as the adapters hand them over
 * (Read, Grep, WebFetch, Task, TodoWrite ...). The agents' own read-only and bookkeeping tools change nothing;
 * a tool that does change things but reached this door anyway (a file edit, a shell command, an MCP call, Kiro's
 * `use_aws`) is judged by the analyzer for that kind. Anything else is unknown: never silently safe.
 */
import type { Action } from './types.js';
import type { ActionRequest } from './request.js';
import { analyze } from './index.js';
import { analyzeFileRequest } from './files.js';
import { analyzeMcpRequest } from './mcp.js';
import { argsObject } from './mcp-args.js';
import { shellQuote } from './shell/text.js';

type OtherRequest = Extract<ActionRequest, { kind: 'other' }>;

const norm = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');
const names = (s: string): ReadonlySet<string> =>
  new Set(
    s
      .split(/\s+/)
      .filter((x) => x !== '')
      .map(norm),
  );

/** Read-only and bookkeeping tools of the seven agents (Claude Code, Codex, Gemini, Cursor, Copilot, Kiro, OpenCode). */
// prettier-ignore
const READS = names(`Read Glob Grep LS WebSearch WebFetch view glob grep fs_read read_file read_many_files
  list_directory list_dir search search_file_content file_search codebase_search google_web_search web_fetch
  web_search fetch TodoWrite TodoRead todowrite todoread update_todo todo_write NotebookRead AskUserQuestion
  ExitPlanMode EnterPlanMode BashOutput KillShell KillBash ListMcpResourcesTool ReadMcpResourceTool
  ListMcpResources ReadMcpResource report_intent think introspect save_memory memory knowledge
  Skill SlashCommand read list find_by_name grep_search view_image image read_lints lints
  task_status thinking`);

/** Tools that start a subagent: its own tool calls go through the gate one by one. */
const AGENTS = names('Task Agent subagent delegate spawn_agent use_subagent dispatch_agent');

/** File-writing tools and their operation, should one arrive here instead of as a file request. */
// prettier-ignore
const FILE_OPS: ReadonlyArray<readonly [ReadonlySet<string>, 'write' | 'edit' | 'delete']> = [
  [names('Write write_file fs_write create create_file write_to_file'), 'write'],
  [names('Edit MultiEdit NotebookEdit edit edit_file replace str_replace str_replace_based_edit_tool apply_patch patch'), 'edit'],
  [names('delete delete_file remove_file'), 'delete'],
];

const SHELLS = names(
  'Bash bash shell run_shell_command execute_bash run_terminal_cmd terminal exec_command local_shell',
);

const PATH_KEYS = ['file_path', 'path', 'filePath', 'notebook_path', 'target_file', 'file'];

function action(
  tool: string,
  init: Pick<Action, 'verb' | 'effect' | 'risk' | 'rule' | 'reasons'>,
): Action {
  return {
    tool,
    targets: [],
    env: 'unknown',
    reversible: init.risk === 'none' || init.risk === 'low',
    via: [],
    ...init,
  };
}

/** Analyse a tool call that is not shell, file or MCP. */
export function analyzeOtherTool(req: OtherRequest): Action[] {
  const tool = req.tool;
  const key = norm(tool);
  const input = argsObject(req.input) ?? {};
  const mcp = /^mcp__(.+?)__(.+)$/.exec(tool) ?? /^@([^/]+)\/(.+)$/.exec(tool);
  if (mcp) {
    return analyzeMcpRequest({
      kind: 'mcp',
      agent: req.agent,
      cwd: req.cwd,
      server: mcp[1] ?? '',
      tool: mcp[2] ?? '',
      args: req.input,
    });
  }
  if (READS.has(key)) {
    return [
      action(tool, {
        verb: tool,
        effect: 'read',
        risk: 'none',
        rule: 'other/read',
        reasons: [`${tool} only reads or keeps the agent's notes`],
      }),
    ];
  }
  if (AGENTS.has(key)) {
    return [
      action(tool, {
        verb: tool,
        effect: 'exec',
        risk: 'none',
        rule: 'other/subagent',
        reasons: [`${tool} starts a subagent, whose tool calls are gated one by one`],
      }),
    ];
  }
  const command = input.command ?? input.cmd;
  if (SHELLS.has(key) && (typeof command === 'string' || Array.isArray(command))) {
    const line =
      typeof command === 'string' ? command : command.map((c) => shellQuote(String(c))).join(' ');
    return analyze({ command: line, cwd: req.cwd });
  }
  const op = FILE_OPS.find(([set]) => set.has(key))?.[1];
  const paths = PATH_KEYS.map((k) => input[k]).filter((p): p is string => typeof p === 'string');
  if (op && paths.length > 0) {
    const content = [input.content, input.new_string, input.new_source, input.file_text].find(
      (c) => typeof c === 'string',
    );
    return analyzeFileRequest({
      kind: 'file',
      agent: req.agent,
      cwd: req.cwd,
      tool,
      op,
      paths,
      ...(typeof content === 'string' ? { content } : {}),
    });
  }
  if (key === 'useaws') return useAws(req, input);
  return [
    action(tool, {
      verb: tool,
      effect: 'unknown',
      risk: 'high',
      rule: 'other/unknown-tool',
      reasons: [`unknown tool named ${tool}: what it does is not known to Portcullis`],
    }),
  ];
}

/** Kiro's `use_aws` tool ({service_name, operation_name, parameters, region, profile_name}) as the aws CLI call it is. */
function useAws(req: OtherRequest, input: Record<string, unknown>): Action[] {
  const service = input.service_name;
  const operation = input.operation_name;
  if (typeof service !== 'string' || typeof operation !== 'string') {
    return [
      action(req.tool, {
        verb: 'use_aws',
        effect: 'unknown',
        risk: 'high',
        rule: 'other/unknown-tool',
        reasons: ['use_aws without a service and operation'],
      }),
    ];
  }
  const kebab = (s: string): string =>
    s
      .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
      .replace(/_/g, '-')
      .toLowerCase();
  const argv = ['aws', service, kebab(operation)];
  const params = argsObject(input.parameters) ?? {};
  for (const [k, v] of Object.entries(params)) {
    argv.push(`--${kebab(k)}`);
    if (v !== true) argv.push(typeof v === 'string' ? v : JSON.stringify(v));
  }
  if (typeof input.region === 'string') argv.push('--region', input.region);
  if (typeof input.profile_name === 'string') argv.push('--profile', input.profile_name);
  return analyze({ command: argv.map(shellQuote).join(' '), cwd: req.cwd }).map((a) => ({
    ...a,
    via: ['use_aws', ...a.via],
  }));
}
