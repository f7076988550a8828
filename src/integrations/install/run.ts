/**
 * `install` and `uninstall` for one agent or all of them. Everything is planned before anything is written, so
 * a config file that cannot be parsed stops the whole run with nothing changed.
 */
import { AGENTS, type AgentName } from '../hooks/adapter.js';
import { SETUPS } from './agents.js';
import { InstallError, type InstallContext, type Scope } from './context.js';
import {
  applyInstall,
  planInstall,
  type FileChange,
  type InstallOptions,
  type InstallPlan,
} from './install.js';
import { applyUninstall, planUninstall, type UninstallStep } from './uninstall.js';

/** What `install`/`uninstall` take: one agent, or every agent that has the scope. */
export type AgentOrAll = AgentName | 'all';

/** The outcome of `install`. */
export interface InstallRun {
  plans: InstallPlan[];
  /** The changes made (or, on a dry run, that would be made), per plan. */
  changes: FileChange[];
  /** Agents skipped by `all` because they have no such scope. */
  skipped: { agent: AgentName; reason: string }[];
}

/** The outcome of `uninstall`. */
export interface UninstallRun {
  steps: UninstallStep[];
  skipped: { agent: AgentName; reason: string }[];
}

function agentsFor(target: AgentOrAll, scope: Scope, ctx: InstallContext) {
  if (target !== 'all') return { agents: [target], skipped: [] };
  const agents: AgentName[] = [];
  const skipped: { agent: AgentName; reason: string }[] = [];
  for (const agent of AGENTS) {
    if (SETUPS[agent].candidates(scope, ctx) === undefined)
      skipped.push({ agent, reason: `no ${scope} scope for ${agent}` });
    else agents.push(agent);
  }
  return { agents, skipped };
}

/**
 * Install for `target` at `scope`; with `dryRun`, plan only. `options.http` needs a single agent that has http
 * hooks (`all` with it is an error, not a silent mix of forms).
 */
export function runInstall(
  target: AgentOrAll,
  scope: Scope,
  ctx: InstallContext,
  dryRun: boolean,
  options: InstallOptions = {},
): InstallRun {
  if (options.http && target === 'all')
    throw new InstallError(
      'install/no-http',
      'http hooks exist for Claude Code only: install claude-code --http, and the others without it',
    );
  const { agents, skipped } = agentsFor(target, scope, ctx);
  const plans = agents.map((agent) => planInstall(agent, scope, ctx, options));
  const changes = plans.flatMap((plan) => (dryRun ? plan.changes : applyInstall(plan, ctx)));
  return { plans, changes, skipped };
}

/** Uninstall for `target` at `scope`; with `dryRun`, plan only. */
export function runUninstall(
  target: AgentOrAll,
  scope: Scope,
  ctx: InstallContext,
  dryRun: boolean,
): UninstallRun {
  const { agents, skipped } = agentsFor(target, scope, ctx);
  const plans = agents.map((agent) => planUninstall(agent, scope, ctx));
  const steps = plans.flatMap((steps) => (dryRun ? steps : applyUninstall(steps, scope, ctx)));
  return { steps, skipped };
}
