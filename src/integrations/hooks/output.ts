/** Building the bytes a hook process answers with. The shared adapter suite pins them per agent. */
import type { Decision } from '../../policy/types.js';
import type { HookOutput, RenderContext } from './adapter.js';
import { denyMessage } from './messages.js';

/** A JSON object on stdout, one line, newline-terminated. */
export function jsonOut(value: Record<string, unknown>, exitCode = 0): HookOutput {
  return { stdout: `${JSON.stringify(value)}\n`, stderr: '', exitCode };
}

/** Nothing at all, exit 0: "no objection" for agents where any output would be a (possibly invalid) answer. */
export const SILENT: HookOutput = Object.freeze({ stdout: '', stderr: '', exitCode: 0 });

/** A reason on stderr and an exit code: how exit-code-only agents (Kiro, the OpenCode stdin mode) block. */
export function stderrOut(message: string, exitCode: number): HookOutput {
  return { stdout: '', stderr: `${message}\n`, exitCode };
}

/**
 * The answers of an agent that only reads exit codes (Kiro, OpenCode's stdin mode): allow is a silent exit 0;
 * deny, and an ask it cannot put to its user, are exit 2 with the reason on stderr.
 */
export const exitCodeAnswers = {
  render(d: Decision, _payload: unknown, ctx: RenderContext): HookOutput {
    if (d.verdict === 'allow') return SILENT;
    return stderrOut(d.verdict === 'ask' ? ctx.askInstead : denyMessage(d), 2);
  },
  failClosed: (reason: string): HookOutput => stderrOut(reason, 2),
  passThrough: (): HookOutput => SILENT,
};
