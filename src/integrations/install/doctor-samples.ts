/**
 * The payloads `doctor` sends an installed hook: one destructive request and one safe one, in the agent's own
 * hook format for the event the hook is installed on. They are data: the hook only judges them, nothing runs
 * them. Shapes follow the fixtures in test/fixtures/hooks/<agent>/.
 */
import type { AgentName } from '../hooks/adapter.js';

/** One request doctor sends a hook. */
export interface Sample {
  /** What the request is, for the report. */
  label: string;
  /** The stdin payload (OpenCode: the `{tool, args}` the plugin hook receives). */
  payload: string;
}

/** The request the hook must block, and the one it must let through. */
export interface SamplePair {
  destructive: Sample;
  safe: Sample;
}

const DESTRUCTIVE = 'rm -rf ~';
const SAFE = 'git status';
const ids = { session: 'portcullis-doctor', call: 'portcullis-doctor-call' };

/** A shell request in `agent`'s format for `event`. */
function shell(agent: AgentName, event: string, command: string, cwd: string): object {
  switch (agent) {
    case 'claude-code':
    case 'codex':
      return {
        session_id: ids.session,
        transcript_path: null,
        cwd,
        hook_event_name: 'PreToolUse',
        tool_name: 'Bash',
        tool_input: { command },
        tool_use_id: ids.call,
      };
    case 'gemini':
      return {
        session_id: ids.session,
        transcript_path: '',
        cwd,
        hook_event_name: 'BeforeTool',
        timestamp: new Date(0).toISOString(),
        tool_name: 'run_shell_command',
        tool_input: { command },
      };
    case 'cursor': {
      const common = {
        conversation_id: ids.session,
        generation_id: ids.call,
        workspace_roots: [cwd],
        hook_event_name: event,
      };
      return event === 'preToolUse'
        ? { ...common, tool_name: 'Shell', tool_input: { command, working_directory: cwd }, cwd }
        : { ...common, command, cwd };
    }
    case 'copilot':
      return { sessionId: ids.session, timestamp: 0, cwd, toolName: 'bash', toolArgs: { command } };
    case 'kiro':
      return {
        hook_event_name: 'preToolUse',
        cwd,
        tool_name: 'execute_bash',
        tool_input: { command },
      };
    case 'opencode':
      return { tool: 'bash', args: { command } };
  }
}

/** Cursor's beforeMCPExecution only sees MCP calls: a database MCP server's SQL tool. */
function cursorMcp(sql: string, cwd: string): object {
  return {
    conversation_id: ids.session,
    generation_id: ids.call,
    workspace_roots: [cwd],
    hook_event_name: 'beforeMCPExecution',
    tool_name: 'execute_sql',
    tool_input: JSON.stringify({ sql }),
    command: 'postgres-mcp-server',
  };
}

/** The destructive and the safe request for a hook of `agent` on `event`, run from `cwd`. */
export function samplesFor(agent: AgentName, event: string, cwd: string): SamplePair {
  if (agent === 'cursor' && event === 'beforeMCPExecution') {
    return {
      destructive: {
        label: 'MCP execute_sql DROP DATABASE production',
        payload: JSON.stringify(cursorMcp('DROP DATABASE production', cwd)),
      },
      safe: {
        label: 'MCP execute_sql SELECT 1',
        payload: JSON.stringify(cursorMcp('SELECT 1', cwd)),
      },
    };
  }
  return {
    destructive: {
      label: DESTRUCTIVE,
      payload: JSON.stringify(shell(agent, event, DESTRUCTIVE, cwd)),
    },
    safe: { label: SAFE, payload: JSON.stringify(shell(agent, event, SAFE, cwd)) },
  };
}
