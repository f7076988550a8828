/** Building the bytes a hook process answers with. The shared adapter suite pins them per agent. */
import type { HookOutput } from './adapter.js';

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
