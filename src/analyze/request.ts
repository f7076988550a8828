/**
 * ActionRequest (DESIGN.md §1): what any door (hook, MCP, shell wrapper, HTTP API) asks about, in one shape.
 * `analyzeRequest()` routes each kind to its analyzer; every kind ends as Action[], so policy and the gate never
 * depend on which door the agent came through.
 */
import type { Action } from './types.js';
import { analyze, withGrammar } from './index.js';
import { analyzeFileRequest } from './files.js';
import { analyzeMcpRequest } from './mcp.js';
import { analyzeOtherTool } from './other-tools.js';

interface Base {
  /** The agent's name as registered (or the adapter's agent family when unregistered). */
  agent: string;
  /** Working directory of the agent's session. */
  cwd: string;
  session?: string;
}

export type ActionRequest = Base &
  (
    | { kind: 'shell'; command: string }
    | {
        kind: 'file';
        /** The agent's tool name as it called it (Write, Edit, apply_patch, fs_write ...). */
        tool: string;
        op: 'write' | 'edit' | 'delete' | 'read' | 'move';
        /** Every path the request touches (a patch may touch several), as given (absolute or relative to cwd). */
        paths: string[];
        /** New content, when the tool carries it (used to judge e.g. hooks or scripts being written). */
        content?: string;
      }
    | { kind: 'mcp'; server: string; tool: string; args: unknown; annotations?: Record<string, unknown> }
    | { kind: 'other'; tool: string; input: unknown }
  );

/** Analyse any request. Pure; never throws for ordinary input (see `analyze`). */
export function analyzeRequest(req: ActionRequest): Action[] {
  switch (req.kind) {
    case 'shell':
      return analyze({ command: req.command, cwd: req.cwd });
    case 'file':
      return analyzeFileRequest(req);
    case 'mcp':
      return analyzeMcpRequest(req);
    case 'other':
      return analyzeOtherTool(req);
  }
}

/** `analyzeRequest()`, loading the shell grammar first when the request needs it. */
export function analyzeRequestReady(req: ActionRequest): Promise<Action[]> {
  return withGrammar(() => analyzeRequest(req));
}
