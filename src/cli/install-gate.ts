/**
 * The gate and token flags of `portcullis install`: `--http` (Claude Code's http hook to the daemon), `--gate URL`
 * and `--token-stdin` (the command hooks' ~/.config/portcullis/hook.json). Validated here, before anything is
 * written; a mistake is a FlagError, which the command reports as a usage error (exit 2).
 */
import type { InstallContext, Scope } from '../integrations/install/context.js';
import type { InstallOptions } from '../integrations/install/install.js';
import type { AgentOrAll } from '../integrations/install/run.js';
import type { PromptInput } from './prompt.js';

/** The install flags beyond scope and dry run. */
export interface InstallFlags {
  scope: string;
  dryRun?: boolean;
  http?: boolean;
  gate?: string;
  tokenStdin?: boolean;
}

/** What the gate and token flags resolve to, once validated. */
export interface GateSetup {
  options: InstallOptions;
  /** What to merge into hook.json (command hooks), or undefined to leave it alone. */
  hookConfig?: { gate?: string; token?: string; defaultGate?: string };
}

/** A mistake in the flags: exit 2 with this message. */
export class FlagError extends Error {}

/**
 * Validate `--http`, `--gate` and `--token-stdin` against the agent and scope, and read the token. The token is
 * never taken from argv (other users see a process's arguments, shells keep history): only one line of stdin.
 */
export async function gateSetup(
  target: AgentOrAll,
  scope: Scope,
  flags: InstallFlags,
  ctx: InstallContext,
  stdin: PromptInput,
  err: (s: string) => void,
): Promise<GateSetup> {
  const { gateUrl } = await import('../integrations/install/gate.js');
  const { DEFAULT_GATE_URL } = await import('../integrations/hooks/remote.js');
  const { parseToken } = await import('../integrations/install/hook-config.js');
  const envGate = ctx.env.PORTCULLIS_GATE !== '' ? ctx.env.PORTCULLIS_GATE : undefined;
  const checked = (raw: string): string => {
    try {
      return gateUrl(raw);
    } catch (e) {
      throw new FlagError((e as Error).message);
    }
  };
  if (flags.http === true) {
    if (target !== 'claude-code')
      throw new FlagError(
        "--http: only Claude Code has http hooks Portcullis can install (Copilot's http hooks must be https, and the gate listens on plain http on loopback); install the other agents without --http",
      );
    if (flags.tokenStdin === true)
      throw new FlagError(
        '--token-stdin: an http hook does not read hook.json; Claude Code sends $PORTCULLIS_TOKEN from its own environment: export PORTCULLIS_TOKEN=… where Claude Code starts',
      );
    return { options: { http: { gate: checked(flags.gate ?? envGate ?? DEFAULT_GATE_URL) } } };
  }
  if (flags.gate === undefined && flags.tokenStdin !== true) return { options: {} };
  if (scope === 'system')
    throw new FlagError(
      "--gate/--token-stdin write the hook's ~/.config/portcullis/hook.json, which is per user: run them without sudo, as each user whose agent uses the gate (or set PORTCULLIS_GATE/PORTCULLIS_TOKEN in the agent's environment)",
    );
  const gate = flags.gate !== undefined ? checked(flags.gate) : undefined;
  let token: string | undefined;
  if (flags.tokenStdin === true) {
    const { createPrompter } = await import('./prompt.js');
    const prompt = createPrompter(stdin, err);
    try {
      token = parseToken(
        await prompt.ask('Portcullis agent token (input hidden): ', { secret: true }),
      );
    } catch (e) {
      throw new FlagError(`--token-stdin: ${(e as Error).message}`);
    } finally {
      prompt.close();
    }
  }
  const defaultGate =
    token !== undefined && gate === undefined ? checked(envGate ?? DEFAULT_GATE_URL) : undefined;
  return {
    options: {},
    hookConfig: {
      ...(gate !== undefined ? { gate } : {}),
      ...(token !== undefined ? { token } : {}),
      ...(defaultGate !== undefined ? { defaultGate } : {}),
    },
  };
}
