/**
 * Turning one agent tool call into an ActionRequest: the builders every adapter uses, and the few input
 * shapes agents share (a shell command, a file path, an MCP tool name). Adapters hold their own tool tables;
 * what is common lives here so every agent maps the same way.
 *
 * Paths are passed on as the agent gave them (absolute, `~/...` or relative to the request's cwd): the file
 * analyzer resolves them against `cwd`, the one place that decides what a path means.
 */
import { shellQuote } from '../../analyze/shell/text.js';
import { posix } from 'node:path';
import * as z from 'zod/mini';
import type { ActionRequest } from '../../analyze/request.js';

export type FileOp = Extract<ActionRequest, { kind: 'file' }>['op'];

/** Who asks and from where: the fields every request carries. */
export interface RequestBase {
  agent: string;
  cwd: string;
  session?: string;
}

/** A tool input that is a JSON object (most agents send one; MCP arguments are one). */
export const ObjectInput = z.record(z.string(), z.unknown());
export type ObjectInput = z.infer<typeof ObjectInput>;

/** `{command}`: a command line, or (older Codex `shell`) an argv array. */
export const ShellInput = z.looseObject({
  command: z.union([z.string(), z.array(z.string())]),
});

/** The base of a request, from what the payload says, falling back to the hook process' own cwd. */
export function requestBase(
  agent: string,
  cwd: string | undefined,
  fallbackCwd: string,
  session?: string,
): RequestBase {
  const base: RequestBase = { agent, cwd: cwd !== undefined && cwd !== '' ? cwd : fallbackCwd };
  if (session !== undefined && session !== '') base.session = session;
  return base;
}

/**
 * `base` with the working directory a tool names for itself (Gemini's `dir_path`, OpenCode's `workdir`),
 * resolved against the session's cwd; `base` unchanged when it names none.
 */
export function inDir(base: RequestBase, dir: string | undefined): RequestBase {
  if (dir === undefined || dir.trim() === '') return base;
  const absolute = dir.startsWith('/') || dir === '~' || dir.startsWith('~/');
  return { ...base, cwd: posix.normalize(absolute ? dir : posix.join(base.cwd, dir)) };
}

export function shellRequest(base: RequestBase, command: string): ActionRequest {
  return { ...base, kind: 'shell', command };
}

/** A shell request from a `{command}` input; throws (so the hook fails closed) when there is none. */
export function shellFromInput(base: RequestBase, input: unknown): ActionRequest {
  const { command } = ShellInput.parse(input);
  return shellRequest(base, typeof command === 'string' ? command : joinArgv(command));
}

export function fileRequest(
  base: RequestBase,
  tool: string,
  op: FileOp,
  paths: readonly string[],
  content?: string,
): ActionRequest {
  if (paths.length === 0) throw new Error(`${tool}: no file path in the tool input`);
  return {
    ...base,
    kind: 'file',
    tool,
    op,
    paths: [...paths],
    ...(content !== undefined ? { content } : {}),
  };
}

export function mcpRequest(
  base: RequestBase,
  server: string,
  tool: string,
  args: unknown,
): ActionRequest {
  return { ...base, kind: 'mcp', server, tool, args };
}

export function otherRequest(base: RequestBase, tool: string, input: unknown): ActionRequest {
  return { ...base, kind: 'other', tool, input };
}

/** The keys under which agents put the path a file tool touches. */
export const PATH_KEYS = [
  'file_path',
  'path',
  'filePath',
  'notebook_path',
  'absolute_path',
  'target_file',
  'targetFile',
] as const;

/**
 * Every path an input names under `keys` (all of them, not the first: an input naming two paths is judged on
 * both). Blank values are skipped; the result may be empty.
 */
export function pathsOf(input: unknown, keys: readonly string[] = PATH_KEYS): string[] {
  const paths: string[] = [];
  if (typeof input !== 'object' || input === null) return paths;
  const record = input as Record<string, unknown>;
  for (const key of keys) {
    const value = record[key];
    if (typeof value === 'string' && value.trim() !== '' && !paths.includes(value))
      paths.push(value);
  }
  return paths;
}

/** The first string found under `keys`. */
export function textOf(input: unknown, keys: readonly string[]): string | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const record = input as Record<string, unknown>;
  for (const key of keys) {
    const value = record[key];
    if (typeof value === 'string') return value;
  }
  return undefined;
}

/** The new text of a multi-edit (`edits: [{new_string}]` / `[{newString}]`), joined; undefined if none. */
export function editsText(input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const edits = (input as Record<string, unknown>).edits;
  if (!Array.isArray(edits)) return undefined;
  const parts = edits.map((e) => textOf(e, ['new_string', 'newString', 'new_str']) ?? '');
  return parts.join('\n');
}

/** `mcp__<server>__<tool>` (Claude Code, Codex, Gemini) → its server and tool; undefined for other names. */
export function splitMcpName(name: string): { server: string; tool: string } | undefined {
  if (!name.startsWith('mcp__')) return undefined;
  const rest = name.slice('mcp__'.length);
  const sep = rest.indexOf('__');
  if (sep <= 0 || sep + 2 >= rest.length) return undefined;
  return { server: rest.slice(0, sep), tool: rest.slice(sep + 2) };
}


/** An argv array as one shell command line, each word quoted as a POSIX shell would need. */
export function joinArgv(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}

/**
 * Tool arguments some agents send as a JSON string (Copilot's `toolArgs` in older builds, Cursor's MCP
 * `tool_input`): parsed when the string holds JSON, returned unchanged otherwise.
 */
export function decodeJsonString(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (!text.startsWith('{') && !text.startsWith('[')) return value;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return value;
  }
}
