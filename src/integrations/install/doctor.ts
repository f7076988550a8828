/**
 * `portcullis doctor`: prove every installed hook end to end. For each Portcullis hook an agent would run, it
 * checks the agent's fail-closed switch and timeout, then runs the configured command exactly as the agent would
 * — once with a destructive request (`rm -rf ~`; data on stdin, the hook only judges it) and once with a safe one
 * (`git status`) — and reads the answer the way that agent does. A Claude Code http hook gets the same two
 * requests POSTed to its URL (doctor-http.ts); a gate that does not answer is reported as such. A hook passes
 * when the agent would block the first and let the second through.
 */
import { AGENTS, type AgentName } from '../hooks/adapter.js';
import { agentInfo } from '../hooks/index.js';
import type { InstallContext } from './context.js';
import {
  configuredTimeoutMs,
  isHttpHook,
  reinstall,
  staticChecks,
  type Check,
} from './doctor-checks.js';
import { discoverHooks, type InstalledHook } from './doctor-discover.js';
import {
  claudeHeaders,
  claudeReadsHttp,
  curlCommand,
  gateDownCheck,
  HTTP_PROBE_MS,
  postHook,
  tokenChecks,
} from './doctor-http.js';
import { agentReads, type HookRun, type Reading } from './doctor-reading.js';
import { samplesFor, type Sample } from './doctor-samples.js';
import { runHookCommand, runOpenCodePlugin, type SpawnOptions } from './doctor-spawn.js';
import { shellQuote } from './hook-command.js';

export type { Check, Status } from './doctor-checks.js';

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

/** What the agent made of one sample sent through the hook; `down`: the gate of an http hook did not answer. */
interface Probe {
  reading: Reading;
  ms: number;
  down?: Check;
}

/** Send samples through `h` as its agent would: spawn the command or plugin, or POST to the http hook. */
function prober(
  h: InstalledHook,
  ctx: InstallContext,
  options: DoctorOptions,
  switchOn: boolean,
): (sample: Sample) => Promise<Probe> {
  const env = options.env ?? { ...ctx.env };
  const limit = options.maxRunMs ?? 60_000;
  if (isHttpHook(h)) {
    const { headers } = claudeHeaders(h.handler, env);
    return async (sample) => {
      const a = await postHook(h.command, headers, sample.payload, Math.min(HTTP_PROBE_MS, limit));
      const down = gateDownCheck(a, h.command, switchOn);
      const reading = claudeReadsHttp(a, h.command, switchOn);
      return { reading, ms: a.ms, ...(down ? { down } : {}) };
    };
  }
  const opts: SpawnOptions = {
    cwd: ctx.projectDir,
    env,
    timeoutMs: Math.min(configuredTimeoutMs(h) ?? DEFAULT_TIMEOUT_MS[h.agent], limit),
  };
  return async (sample) => {
    const r: HookRun =
      h.kind === 'text'
        ? await runOpenCodePlugin(ctx.nodePath, h.path, sample.payload, opts)
        : await runHookCommand(h.command, sample.payload, opts);
    return { reading: agentReads(h.agent, h.event, r, switchOn), ms: r.ms };
  };
}

function tryIt(h: InstalledHook, sample: Sample): string {
  if (h.kind === 'text') return `restart OpenCode after ${reinstall(h)}`;
  if (isHttpHook(h)) return `try it: ${curlCommand(h.command, sample.payload)}`;
  return `try it: echo ${shellQuote(sample.payload)} | ${h.command}`;
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
    ? isHttpHook(h)
      ? 'the gate refuses it: check the agent token ($PORTCULLIS_TOKEN) and `portcullis policy show`'
      : 'your policy blocks it: check `portcullis policy show`'
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
  const http = isHttpHook(h);
  if (http) checks.push(...tokenChecks(h.handler, options.env ?? { ...ctx.env }));
  const probe = prober(h, ctx, options, switchOn);
  const samples = samplesFor(h.agent, h.event, ctx.projectDir);
  const latencyMs: HookReport['latencyMs'] = {};
  for (const which of ['deny', 'allow'] as const) {
    const sample = which === 'deny' ? samples.destructive : samples.safe;
    const p = await probe(sample);
    if (p.down) {
      // No gate, no verdict to prove: the one line that matters is what the agent does meanwhile.
      checks.push(p.down);
      break;
    }
    latencyMs[which === 'deny' ? 'destructive' : 'safe'] = Math.round(p.ms);
    checks.push(verdictCheck(h, which, sample, p.reading, p.ms));
  }
  return {
    agent: h.agent,
    title: agentInfo(h.agent).title,
    scope: h.scope,
    path: h.path,
    event: h.event,
    command: http ? `POST ${h.command}` : h.command,
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
