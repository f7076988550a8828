/**
 * The broker's one path (DESIGN.md §9, API.md "Broker"): the gate decides the request exactly as a hook's would
 * be decided (same policy, scope, approvals; an approval is spent only by the identical command, through its
 * fingerprint), and only an `allow` runs — the very command that was decided, never a text supplied afterwards.
 * Then the bindings that match the decided actions give their credentials, `exec.start` is audited (nothing runs
 * if it cannot be), the command runs, and `exec.end` (or `exec.cancelled`) records how it ended. Every line the
 * caller sees goes through `emit`; secrets never do.
 */
import type { ActionRequest } from '../analyze/request.js';
import { redactKnown } from '../gate/audit/redact.js';
import type { GateContext } from '../gate/context.js';
import type { AgentPrincipal, GateDecision } from '../gate/types.js';
import { matchBindings, secretNames, type MatchedCredentials } from './bindings.js';
import { prepareCredentials, type PreparedRun } from './credentials.js';
import { BrokerError } from './errors.js';
import { runBrokered, type RunResult } from './run.js';

/** One line of the `/v1/exec` stream. */
export type ExecLine =
  | { type: 'decision'; decision: GateDecision }
  | { type: 'start'; pid: number }
  | { type: 'stdout' | 'stderr'; data: string }
  | {
      type: 'exit';
      code: number | null;
      signal: string | null;
      digest: string;
      timedOut?: true;
    }
  /** The gate allowed the command but could not run it (a missing secret, a binding conflict, no audit). */
  | { type: 'error'; message: string };

export interface ExecOptions {
  /** A shell request, as validated by the route. */
  request: ActionRequest & { kind: 'shell' };
  who: AgentPrincipal;
  /** How long `decide` may hold an ask open for a human. */
  waitMs: number;
  timeoutMs: number;
  /** Aborted when the caller goes away: a wait ends unused, a run is stopped. */
  signal: AbortSignal;
  emit: (line: ExecLine) => Promise<void>;
  /** Faults that do not change what the caller is told (a failed `exec.end` write). */
  onError?: (err: unknown, where: string) => void;
  /** Called with each decision (metrics). */
  onDecision?: (decision: GateDecision) => void;
}

function message(err: unknown): string {
  return err instanceof BrokerError ? err.message : 'the broker failed; nothing was run';
}

/** What the agent is told: a vault fault names no key ids or paths (the audit trail and the gate's log do). */
function agentMessage(err: unknown): string {
  return err instanceof BrokerError && err.code.startsWith('vault/')
    ? 'a bound secret cannot be read (an admin must check the vault); nothing was run'
    : message(err);
}

/**
 * The gate's decision, holding an ask open for up to `waitMs` while a human decides. The wait is done here rather
 * than inside `decide` so that a caller who leaves (Ctrl-C) stops it: an approval given after that stays unspent
 * for the identical command's next attempt instead of being spent on a run nobody will see. Undefined when the
 * caller left.
 */
async function decideWaiting(
  ctx: GateContext,
  opts: ExecOptions,
): Promise<GateDecision | undefined> {
  const first = await ctx.gate.decide(opts.request, opts.who);
  const approval = first.approval;
  if (first.verdict !== 'ask' || approval?.status !== 'pending' || opts.waitMs <= 0) return first;
  const left = new Promise<'left'>((resolve) => {
    if (opts.signal.aborted) resolve('left');
    opts.signal.addEventListener('abort', () => {
      resolve('left');
    });
  });
  const settled = await Promise.race([ctx.gate.waitFor(approval.id, opts.who, opts.waitMs), left]);
  if (settled === 'left') return undefined;
  // Approved: this spends it (fingerprint-bound); denied or still pending: the gate says so.
  return ctx.gate.decide(opts.request, opts.who);
}

/** Decide, and when allowed, run. Never throws for a refusal or a failed run: each is a line. */
export async function brokerExec(ctx: GateContext, opts: ExecOptions): Promise<void> {
  const { request, who } = opts;
  const actor = `agent:${who.name}` as const;
  const decision = await decideWaiting(ctx, opts);
  if (decision === undefined) return;
  opts.onDecision?.(decision);
  await opts.emit({ type: 'decision', decision });
  if (decision.verdict !== 'allow') return;
  const base = {
    agent: who.name,
    ...(decision.approval ? { approval: decision.approval.id } : {}),
    cwd: request.cwd,
  };
  if (opts.signal.aborted) {
    // The caller left just as the decision was made: an approval may be spent, but nothing runs.
    await ctx.audit
      .record('exec.cancelled', actor, { ...base, command: request.command, started: false })
      .catch((err: unknown) => opts.onError?.(err, 'audit exec.cancelled'));
    return;
  }

  const matched = matchBindings(ctx.bindings ?? [], decision.actions);
  let prepared: PreparedRun;
  try {
    const names = secretNames(matched);
    const vault = ctx.vault;
    if (names.length > 0 && vault === undefined) {
      throw new BrokerError('broker/no-vault', 'bindings need secrets, but this gate has no vault');
    }
    prepared = await prepareCredentials(matched, (name) =>
      vault ? vault.get(name) : Promise.resolve(undefined),
    );
  } catch (err) {
    if (!(err instanceof BrokerError) || err.code.startsWith('vault/')) {
      opts.onError?.(err, 'broker credentials');
    }
    await ctx.audit
      .record('exec.failed', actor, {
        ...base,
        command: request.command,
        bindings: matched.bindings,
        error: message(err),
      })
      .catch((e: unknown) => opts.onError?.(e, 'audit exec.failed'));
    await opts.emit({ type: 'error', message: agentMessage(err) });
    return;
  }

  let last: ExecLine;
  try {
    last = await runPrepared(ctx, opts, prepared, matched, base);
  } finally {
    // Before the last line: a caller who has seen the end may rely on the credentials being gone.
    await prepared.cleanup().catch((err: unknown) => opts.onError?.(err, 'broker cleanup'));
  }
  await opts.emit(last);
}

/** Audit the start, run, audit the end; returns the line that ends the stream (`exit` or `error`). */
async function runPrepared(
  ctx: GateContext,
  opts: ExecOptions,
  prepared: PreparedRun,
  matched: MatchedCredentials,
  base: Record<string, unknown>,
): Promise<ExecLine> {
  const { request, who } = opts;
  const actor = `agent:${who.name}` as const;
  const command = redactKnown(request.command, prepared.redact);
  try {
    await ctx.audit.record('exec.start', actor, {
      ...base,
      command,
      bindings: matched.bindings,
      credentials: secretNames(matched),
    });
  } catch (err) {
    opts.onError?.(err, 'audit exec.start');
    return { type: 'error', message: 'the audit trail could not be written, so nothing was run' };
  }
  let result: RunResult;
  try {
    result = await runBrokered({
      command: request.command,
      cwd: request.cwd,
      env: prepared.env,
      redact: prepared.redact,
      timeoutMs: opts.timeoutMs,
      signal: opts.signal,
      onStart: (pid) => opts.emit({ type: 'start', pid }),
      onOutput: (stream, data) => opts.emit({ type: stream, data }),
    });
  } catch (err) {
    await ctx.audit
      .record('exec.failed', actor, { ...base, command, error: message(err) })
      .catch((e: unknown) => opts.onError?.(e, 'audit exec.failed'));
    return { type: 'error', message: message(err) };
  }
  await ctx.audit
    .record(result.cancelled ? 'exec.cancelled' : 'exec.end', actor, {
      ...base,
      exitCode: result.code,
      signal: result.signal,
      digest: result.digest,
      bytes: result.bytes,
      durationMs: result.durationMs,
      ...(result.timedOut ? { timedOut: true } : {}),
    })
    .catch((err: unknown) => opts.onError?.(err, 'audit exec.end'));
  return {
    type: 'exit',
    code: result.code,
    signal: result.signal,
    digest: result.digest,
    ...(result.timedOut ? { timedOut: true as const } : {}),
  };
}
