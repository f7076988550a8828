/**
 * `portcullis doctor`: prove every installed hook end to end. For each Portcullis hook an agent would run, it
 * checks the agent's fail-closed switch and timeout, then runs the configured command exactly as the agent would
 * — once with a destructive request (`rm -rf ~`; data on stdin, the hook only judges it) and once with a safe one
 * (`git status`) — and reads the answer the way that agent does. A hook passes when the agent would block the
 * first and let the second through.
 */
import { statSync } from 'node:fs';
import { AGENTS, type AgentName } from '../hooks/adapter.js';
import { adapterFor, agentInfo } from '../hooks/index.js';
import { SETUPS } from './agents.js';
import type { InstallContext } from './context.js';
import { discoverHooks, type InstalledHook } from './doctor-discover.js';
import { agentReads, type HookRun, type Reading } from './doctor-reading.js';
import { samplesFor, type Sample } from './doctor-samples.js';
import { runHookCommand, runOpenCodePlugin, type SpawnOptions } from './doctor-spawn.js';
import { shellQuote } from './hook-command.js';

/** fail: the hook would not protect (exit 1); warn: weaker than it should be; info: how the agent behaves. */
export type Status = 'ok' | 'warn' | 'fail' | 'info';

/** One line of the report. */
export interface Check {
  name: 'installed' | 'fail-closed' | 'timeout' | 'matcher' | 'file' | 'deny' | 'allow';
  status: Status;
  detail: string;
  /** What to do about a warn or fail. */
  fix?: string;
}

/** One installed hook (one event of one config file) and its checks. */
export interface HookReport {
  agent: AgentName;
  title: string;
  scope: string;
  path: string;
  event: string;
  command: string;
  checks: Check[];
  /** Wall time of the destructive and the safe run, in ms. */
  latencyMs: { destructive?: number; safe?: number };
  ok: boolean;
}

/** What `doctor --json` prints. */
export interface DoctorReport {
  /** Every installed hook passed, and at least one is installed. */
  ok: boolean;
  hooks: HookReport[];
  /** Agents with no Portcullis hook in any scope. */
  notInstalled: AgentName[];
}

/** Knobs for tests and the CLI. */
export interface DoctorOptions {
  /** Environment the hooks run in (default: the context's). */
  env?: NodeJS.ProcessEnv;
  /** Upper bound on one hook run, whatever the agent's timeout (default 60 s). */
  maxRunMs?: number;
}

/** The agent's own timeout when a hook sets none (reference/agent-hooks.md). */
const DEFAULT_TIMEOUT_MS: Record<AgentName, number> = {
  'claude-code': 600_000,
  codex: 600_000,
  gemini: 60_000,
  cursor: 30_000,
  copilot: 30_000,
  kiro: 30_000,
  opencode: 30_000,
};

const NO_SWITCH: Partial<Record<AgentName, string>> = {
  codex: 'Codex has no fail-closed switch: a hook that cannot run lets the call through',
  gemini: 'Gemini CLI has no fail-closed switch: a hook that cannot run lets the call through',
  kiro: 'Kiro has no fail-closed switch: a hook that cannot run lets the call through',
  copilot: 'Copilot denies when the hook errors; a timed-out hook lets the call through',
  opencode: 'a plugin that throws blocks the call; a plugin file that fails to load is skipped',
};

function reinstall(h: InstalledHook): string {
  return `portcullis install ${h.agent} --scope ${h.scope}`;
}

function configuredTimeoutMs(h: InstalledHook): number | undefined {
  const field = SETUPS[h.agent].timeout;
  const v = field ? h.handler[field.key] : undefined;
  if (typeof v !== 'number' || !field) return undefined;
  return field.unit === 's' ? v * 1000 : v;
}

async function staticChecks(h: InstalledHook): Promise<{ checks: Check[]; switchOn: boolean }> {
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
            detail: `${sw.key} is not ${JSON.stringify(sw.value)}: a hook that crashes or times out lets the call through`,
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

function run(
  h: InstalledHook,
  ctx: InstallContext,
  sample: Sample,
  opts: SpawnOptions,
): Promise<HookRun> {
  return h.kind === 'text'
    ? runOpenCodePlugin(ctx.nodePath, h.path, sample.payload, opts)
    : runHookCommand(h.command, sample.payload, opts);
}

function tryIt(h: InstalledHook, sample: Sample): string {
  return h.kind === 'text'
    ? `restart OpenCode after ${reinstall(h)}`
    : `try it: echo ${shellQuote(sample.payload)} | ${h.command}`;
}

function verdictCheck(
  h: InstalledHook,
  which: 'deny' | 'allow',
  sample: Sample,
  r: Reading,
  ms: number,
): Check {
  const took = `${String(Math.round(ms))} ms`;
  if (which === 'deny') {
    if (r.effect !== 'proceed')
      return {
        name: 'deny',
        status: 'ok',
        detail: `${sample.label} → ${r.effect === 'ask' ? 'the agent asks its user' : 'blocked'} (${r.why}, ${took})`,
      };
    const fix = r.clean
      ? 'your policy lets it through: check `portcullis policy show`'
      : `${reinstall(h)}; ${tryIt(h, sample)}`;
    return { name: 'deny', status: 'fail', detail: `${sample.label} would run: ${r.why}`, fix };
  }
  if (r.effect === 'proceed' && r.clean)
    return { name: 'allow', status: 'ok', detail: `${sample.label} → passes (${r.why}, ${took})` };
  const fix = r.clean
    ? 'your policy blocks it: check `portcullis policy show`'
    : `${reinstall(h)}; ${tryIt(h, sample)}`;
  return {
    name: 'allow',
    status: 'fail',
    detail: `${sample.label} does not pass cleanly: ${r.why}`,
    fix,
  };
}

async function checkHook(
  h: InstalledHook,
  ctx: InstallContext,
  options: DoctorOptions,
): Promise<HookReport> {
  const { checks, switchOn } = await staticChecks(h);
  const opts: SpawnOptions = {
    cwd: ctx.projectDir,
    env: options.env ?? { ...ctx.env },
    timeoutMs: Math.min(
      configuredTimeoutMs(h) ?? DEFAULT_TIMEOUT_MS[h.agent],
      options.maxRunMs ?? 60_000,
    ),
  };
  const samples = samplesFor(h.agent, h.event, ctx.projectDir);
  const latencyMs: HookReport['latencyMs'] = {};
  for (const which of ['deny', 'allow'] as const) {
    const sample = which === 'deny' ? samples.destructive : samples.safe;
    const result = await run(h, ctx, sample, opts);
    latencyMs[which === 'deny' ? 'destructive' : 'safe'] = Math.round(result.ms);
    checks.push(
      verdictCheck(h, which, sample, agentReads(h.agent, h.event, result, switchOn), result.ms),
    );
  }
  return {
    agent: h.agent,
    title: agentInfo(h.agent).title,
    scope: h.scope,
    path: h.path,
    event: h.event,
    command: h.command,
    checks,
    latencyMs,
    ok: checks.every((c) => c.status !== 'fail'),
  };
}

/** Check every installed hook, one at a time (so latencies are not skewed by each other). */
export async function runDoctor(
  ctx: InstallContext,
  options: DoctorOptions = {},
): Promise<DoctorReport> {
  const { hooks, lost } = discoverHooks(ctx);
  const reports: HookReport[] = [];
  for (const h of hooks) reports.push(await checkHook(h, ctx, options));
  for (const { record, why } of lost) {
    reports.push({
      agent: record.agent,
      title: agentInfo(record.agent).title,
      scope: record.scope,
      path: record.path,
      event: '',
      command: '',
      checks: [
        {
          name: 'installed',
          status: 'fail',
          detail: why,
          fix: `portcullis install ${record.agent} --scope ${record.scope}`,
        },
      ],
      latencyMs: {},
      ok: false,
    });
  }
  const notInstalled = AGENTS.filter((a) => !hooks.some((h) => h.agent === a));
  return { ok: hooks.length > 0 && reports.every((r) => r.ok), hooks: reports, notInstalled };
}
