/**
 * The checks `doctor` makes without running a hook: the agent's fail-closed switch, the timeout, the matcher, and
 * the file itself where the agent is picky about it (Copilot's policy.d). Also how to reinstall a hook in the form
 * it was found in, for the `fix` lines.
 */
import { statSync } from 'node:fs';
import type { AgentName } from '../hooks/adapter.js';
import { adapterFor } from '../hooks/index.js';
import { DEFAULT_GATE_URL } from '../hooks/remote.js';
import { SETUPS } from './agents.js';
import type { InstalledHook } from './doctor-discover.js';
import { gateOfHookUrl } from './gate.js';
import { shellQuote } from './hook-command.js';

/** fail: the hook would not protect (exit 1); warn: weaker than it should be; info: how the agent behaves. */
export type Status = 'ok' | 'warn' | 'fail' | 'info';

/** One line of the report. */
export interface Check {
  name:
    | 'installed'
    | 'fail-closed'
    | 'timeout'
    | 'matcher'
    | 'file'
    | 'token'
    | 'gate'
    | 'deny'
    | 'allow';
  status: Status;
  detail: string;
  /** What to do about a warn or fail. */
  fix?: string;
}

const NO_SWITCH: Partial<Record<AgentName, string>> = {
  codex: 'Codex has no fail-closed switch: a hook that cannot run lets the call through',
  gemini: 'Gemini CLI has no fail-closed switch: a hook that cannot run lets the call through',
  kiro: 'Kiro has no fail-closed switch: a hook that cannot run lets the call through',
  copilot: 'Copilot denies when the hook errors; a timed-out hook lets the call through',
  opencode: 'a plugin that throws blocks the call; a plugin file that fails to load is skipped',
};

/** Whether the hook is a Claude Code `type: "http"` hook (posts to the daemon; no process). */
export function isHttpHook(h: InstalledHook): boolean {
  return h.handler.type === 'http' && typeof h.handler.url === 'string';
}

/** The install command that writes this hook again, in the same form (http hooks keep their gate). */
export function reinstall(h: InstalledHook): string {
  const base = `portcullis install ${h.agent} --scope ${h.scope}`;
  if (!isHttpHook(h)) return base;
  const gate = gateOfHookUrl(h.command, h.agent);
  return gate === undefined || gate === DEFAULT_GATE_URL
    ? `${base} --http`
    : `${base} --http --gate ${shellQuote(gate)}`;
}

/** The hook's own timeout in ms, when it sets one. */
export function configuredTimeoutMs(h: InstalledHook): number | undefined {
  const field = SETUPS[h.agent].timeout;
  const v = field ? h.handler[field.key] : undefined;
  if (typeof v !== 'number' || !field) return undefined;
  return field.unit === 's' ? v * 1000 : v;
}

/** The checks made by reading the config alone; `switchOn`: the agent's fail-closed switch is set. */
export async function staticChecks(
  h: InstalledHook,
): Promise<{ checks: Check[]; switchOn: boolean }> {
  const setup = SETUPS[h.agent];
  const checks: Check[] = [];
  const sw = setup.failSwitch;
  const switchOn = sw !== undefined && h.handler[sw.key] === sw.value;
  if (sw) {
    checks.push(
      switchOn
        ? { name: 'fail-closed', status: 'ok', detail: `${sw.key}: ${JSON.stringify(sw.value)}` }
        : {
            name: 'fail-closed',
            status: 'fail',
            detail: `${sw.key} is not ${JSON.stringify(sw.value)}: a hook that ${isHttpHook(h) ? 'gets no answer from the gate' : 'crashes'} or times out lets the call through`,
            fix: reinstall(h),
          },
    );
  } else {
    checks.push({ name: 'fail-closed', status: 'info', detail: NO_SWITCH[h.agent] ?? 'no switch' });
  }
  if (setup.timeout) {
    const ms = configuredTimeoutMs(h);
    const budget = (await adapterFor(h.agent))?.budgetMs ?? 10_000;
    if (ms === undefined)
      checks.push({
        name: 'timeout',
        status: 'warn',
        detail: `no explicit ${setup.timeout.key}: the agent's default applies`,
        fix: reinstall(h),
      });
    else if (ms <= budget)
      checks.push({
        name: 'timeout',
        status: 'fail',
        detail: `${setup.timeout.key} ${JSON.stringify(h.handler[setup.timeout.key])} is not above Portcullis' answer budget (${String(budget)} ms): the agent may give up first`,
        fix: reinstall(h),
      });
    else
      checks.push({
        name: 'timeout',
        status: 'ok',
        detail: `${setup.timeout.key}: ${JSON.stringify(h.handler[setup.timeout.key])}`,
      });
  }
  const m = h.matcher;
  if (m !== undefined && m !== '' && m !== '*' && m !== '.*')
    checks.push({
      name: 'matcher',
      status: 'warn',
      detail: `matcher ${JSON.stringify(m)}: only matching tool calls go through Portcullis`,
      fix: reinstall(h),
    });
  if (h.agent === 'copilot' && h.scope === 'system') checks.push(...policyFileChecks(h.path));
  return { checks, switchOn };
}

/** Copilot ignores policy.d files that are group/world-writable or not root-owned. */
function policyFileChecks(path: string): Check[] {
  const st = statSync(path);
  const out: Check[] = [];
  if ((st.mode & 0o022) !== 0)
    out.push({
      name: 'file',
      status: 'fail',
      detail: 'group/world-writable: Copilot ignores it',
      fix: `chmod 644 ${shellQuote(path)}`,
    });
  if (st.uid !== 0)
    out.push({
      name: 'file',
      status: 'warn',
      detail: 'not owned by root: Copilot ignores policy files it does not trust',
      fix: `sudo chown root:root ${shellQuote(path)}`,
    });
  return out;
}
