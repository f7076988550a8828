/**
 * The seam every agent hook adapter implements (DESIGN.md §8). An adapter only translates: it parses the
 * agent's own payload (zod, lenient where the agent adds fields), turns it into an ActionRequest, and renders a
 * Decision in the agent's own format. Policy never lives here; failing closed is in `runHook`.
 */
import type { ActionRequest } from '../../analyze/request.js';
import type { Decision } from '../../policy/types.js';

export const AGENTS = [
  'claude-code',
  'codex',
  'gemini',
  'cursor',
  'copilot',
  'kiro',
  'opencode',
] as const;
export type AgentName = (typeof AGENTS)[number];

/** What the hook process prints and how it exits. The exact bytes are pinned by the shared adapter suite. */
export interface HookOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** How an adapter should treat an ask when the agent cannot ask natively, or the ask needs peer review. */
export interface RenderContext {
  /** The agent supports asking its own user and the policy allows local confirmation for this decision. */
  askLocally: boolean;
  /** Text for a deny that stands in for an ask (deny-with-ticket): what the agent should do next. */
  askInstead: string;
}

/**
 * One agent's hook dialect. Adapters are data plus pure functions: no I/O, no policy. `runHook` (run.ts)
 * drives them and owns failing closed; `index.ts` registers them; `adapter-suite.ts` is the suite they all pass.
 */
export interface HookAdapter<Payload = unknown> {
  readonly agent: AgentName;
  /** The agent has a native "ask the user" answer for this hook. */
  readonly nativeAsk: boolean;
  /** Milliseconds we may take before answering: the agent's hook timeout minus a margin (timeouts fail open). */
  readonly budgetMs: number;
  /** Validate the agent's payload (zod; lenient where the agent adds fields); throws on anything else. */
  parse(input: unknown): Payload;
  /**
   * The request to judge, or `undefined` when the event is not one we gate (the adapter then passes it).
   * Throws when the tool call lacks what its tool needs (a command, a path): the hook then fails closed.
   */
  toRequest(payload: Payload, fallbackCwd: string): ActionRequest | undefined;
  /**
   * Render a decision. Only the verdict "allow" may come out as the agent's proceed; deny, and ask without
   * `ctx.askLocally`, must be a block the agent honours; reasons tell the agent what happened and what to do.
   */
  render(decision: Decision, payload: Payload, ctx: RenderContext): HookOutput;
  /** The agent's deny, with no payload to go on (garbage input, internal error, timeout). */
  failClosed(reason: string): HookOutput;
  /** The agent's "proceed" for events we do not gate; only used when `toRequest` returns undefined. */
  passThrough(payload: Payload): HookOutput;
}
