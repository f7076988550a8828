/**
 * The gate (DESIGN.md §1, §5): after `analyze` and `evaluate`, it applies the agent's scope, the approvals the
 * policy asks for and the blast-radius limits, and records every step in the audit chain. It is the only place
 * that holds state between requests; every door (hooks via the daemon, the HTTP API, MCP, the broker) goes through
 * `decide`. Anything unexpected becomes a deny with a `gate/*` rule: never an allow.
 */
import { RISK_ORDER, type Action } from '../analyze/types.js';
import { analyzeRequestReady, type ActionRequest } from '../analyze/request.js';
import { checkScope } from '../identity/scope.js';
import { newId } from '../identity/ids.js';
import { limitFor, policyEvaluator, type Policy } from '../policy/index.js';
import type { Decision } from '../policy/types.js';
import type { ApprovalRecord, Store, Vote } from '../store/store.js';
import type { AuditActor, AuditLog } from './audit-log.js';
import { fingerprint, requestSummary } from './fingerprint.js';
import { spendTotpCode } from './totp-use.js';
import { approvalView, effectiveStatus, settlement, voteRefusal } from './rules.js';
import {
  GateError,
  type AgentPrincipal,
  type ApprovalView,
  type GateApi,
  type GateDecision,
  type GateSettings,
  type HumanPrincipal,
  type Principal,
  type VoteInput,
} from './types.js';

/** Sends notifications for a request (first to the desk, then, if still pending, to phones). */
export type Notify = (approval: ApprovalRecord, stage: 'request' | 'escalation') => Promise<void>;

export interface GateDeps {
  store: Store;
  audit: AuditLog;
  /** The policy in force for a working directory; throws when it cannot load (the gate then denies). */
  policyFor: (cwd: string) => Policy;
  settings: GateSettings;
  now?: () => number;
  notify?: Notify;
  /** Reports faults that do not change a verdict (a notification that failed); the CLI logs them. */
  onError?: (err: unknown, context: string) => void;
}

/** Longest a caller may hold `decide` or `waitFor` open. */
export const MAX_WAIT_MS = 300_000;
const POLL_MS = 1000;

function topAction(actions: readonly Action[]): Action | undefined {
  let top: Action | undefined;
  for (const a of actions) {
    if (!top || RISK_ORDER[a.risk] > RISK_ORDER[top.risk]) top = a;
  }
  return top;
}

/** A deny decided by the gate itself, keeping the risk and actions of what it refused when there are any. */
function deny(
  rule: string,
  reasons: string[],
  base?: Pick<Decision, 'risk' | 'actions'>,
): GateDecision {
  return {
    verdict: 'deny',
    risk: base?.risk ?? 'none',
    rule,
    reasons,
    actions: base?.actions ?? [],
  };
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export class Gate implements GateApi {
  private readonly now: () => number;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly deps: GateDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Judge one request for `who`; with `waitMs`, hold an ask open until a human settles it (or time runs out). */
  async decide(
    request: ActionRequest,
    who: AgentPrincipal,
    opts: { waitMs?: number } = {},
  ): Promise<GateDecision> {
    const req: ActionRequest = { ...request, agent: who.name };
    let decision: GateDecision;
    let policy: Policy | undefined;
    try {
      const actions = await analyzeRequestReady(req);
      const outside = who.scope ? checkScope(who.scope, req, actions) : undefined;
      if (outside !== undefined) {
        decision = deny('identity/out-of-scope', [`outside this agent's token scope: ${outside}`], {
          risk: topAction(actions)?.risk ?? 'none',
          actions,
        });
      } else {
        policy = this.deps.policyFor(req.cwd);
        const at = this.now();
        decision = policyEvaluator(policy, { now: () => new Date(at) })(actions, req);
      }
    } catch (err) {
      decision = deny('gate/error', [`the gate could not judge this request: ${errorText(err)}`]);
    }
    if (decision.verdict === 'ask' && policy) {
      try {
        decision = await this.ask(req, who, decision, policy, opts.waitMs ?? 0);
      } catch (err) {
        decision = deny('gate/error', [`approval bookkeeping failed: ${errorText(err)}`], decision);
      }
    }
    return this.recordDecision(req, who, decision);
  }

  /** Audit the decision; if the chain cannot be written, the answer is not allow. */
  private async recordDecision(
    req: ActionRequest,
    who: AgentPrincipal,
    decision: GateDecision,
  ): Promise<GateDecision> {
    try {
      const ev = await this.deps.audit.record('decision', `agent:${who.name}`, {
        agent: who.name,
        ...(who.jti ? { jti: who.jti } : {}),
        ...(req.session ? { session: req.session } : {}),
        cwd: req.cwd,
        request: requestSummary(req),
        verdict: decision.verdict,
        risk: decision.risk,
        rule: decision.rule,
        reasons: decision.reasons,
        actions: decision.actions.map((a) => ({
          tool: a.tool,
          verb: a.verb,
          risk: a.risk,
          env: a.env,
          rule: a.rule,
          targets: a.targets.slice(0, 20),
          via: a.via,
        })),
        ...(decision.approval ? { approval: decision.approval.id } : {}),
        ...(decision.shadowVerdict ? { shadowVerdict: decision.shadowVerdict } : {}),
      });
      return { ...decision, auditSeq: ev.seq };
    } catch (err) {
      this.deps.onError?.(err, 'audit write');
      if (decision.verdict === 'deny') return decision;
      return deny(
        'gate/audit-failed',
        [`the audit trail could not be written (${errorText(err)}), so nothing is allowed`],
        decision,
      );
    }
  }

  private async ask(
    req: ActionRequest,
    who: AgentPrincipal,
    decision: Decision,
    policy: Policy,
    waitMs: number,
  ): Promise<GateDecision> {
    const { store } = this.deps;
    const fp = fingerprint(who.name, req, policy.version);
    const now = this.now();
    const limit = limitFor(policy, who.name);
    const used = await this.consume(fp, who, limit);
    if (used) return used;
    if (used === null) {
      return deny(
        'gate/limit',
        [
          `agent ${who.name} reached its limit of ${limit ?? 0} approved destructive actions per hour`,
        ],
        decision,
      );
    }
    let open = await store.findOpenApproval(fp, now);
    if (!open) {
      const [latest] = await store.listApprovals({ fingerprint: fp, limit: 1 });
      const ttl = (decision.approvals?.ttlSeconds ?? 900) * 1000;
      if (latest?.status === 'denied' && (latest.decidedAt ?? latest.createdAt) + ttl > now) {
        const view = this.view(latest);
        const said = view.comments.filter((c) => c.vote === 'deny');
        return {
          ...deny(
            'gate/denied',
            [
              `a human denied this exact action (${latest.id})` +
                (said.length > 0
                  ? `: ${said.map((c) => `${c.approver}: "${c.comment}"`).join('; ')}`
                  : ''),
            ],
            decision,
          ),
          approval: view,
        };
      }
      open = await this.open(req, who, decision, policy, fp);
    }
    if (waitMs > 0 && effectiveStatus(open, this.now()) === 'pending') {
      const settled = await this.waitFor(open.id, who, waitMs);
      if (settled.status === 'approved') {
        const again = await this.consume(fp, who, limit);
        if (again) return again;
      }
      const latest = (await store.getApproval(open.id)) ?? open;
      if (effectiveStatus(latest, this.now()) === 'denied') {
        return this.ask(req, who, decision, policy, 0);
      }
      open = latest;
    }
    return { ...decision, approval: this.view(open) };
  }

  /** Spend an approval for this fingerprint: the decision it allows, undefined if none, null if over the limit. */
  private async consume(
    fp: string,
    who: AgentPrincipal,
    limit: number | undefined,
  ): Promise<GateDecision | undefined | null> {
    const { store } = this.deps;
    const now = this.now();
    if (limit !== undefined) {
      const spent = await store.countConsumed(who.name, now - 3_600_000);
      if (spent >= limit) {
        const waiting = await store.findOpenApproval(fp, now);
        return waiting?.status === 'approved' ? null : undefined;
      }
    }
    const used = await store.consumeApproval(fp, now);
    if (!used) return undefined;
    const view = this.view(used);
    await this.deps.audit.record('approval.consumed', `agent:${who.name}`, {
      approval: used.id,
      agent: who.name,
      approvedBy: view.approvedBy,
    });
    void this.publish(used.id);
    const notes = view.comments.map((c) => `${c.approver}: "${c.comment}"`);
    return {
      ...used.decision,
      verdict: 'allow',
      rule: 'gate/approved',
      reasons: [
        ...used.decision.reasons,
        `approved by ${view.approvedBy.join(', ')} (${used.id})${notes.length ? `: ${notes.join('; ')}` : ''}`,
      ],
      approval: view,
    };
  }

  private async open(
    req: ActionRequest,
    who: AgentPrincipal,
    decision: Decision,
    policy: Policy,
    fp: string,
  ): Promise<ApprovalRecord> {
    const { store, settings } = this.deps;
    const now = this.now();
    const top = topAction(decision.actions);
    const required = decision.approvals?.required ?? 1;
    const record = await store.createApproval({
      id: newId('apr'),
      fingerprint: fp,
      agent: who.name,
      ...(who.record?.operator ? { operator: who.record.operator } : {}),
      ...(req.session ? { session: req.session } : {}),
      request: req,
      summary: requestSummary(req).slice(0, 2000),
      cwd: req.cwd,
      policyVersion: policy.version,
      decision,
      risk: decision.risk,
      env: top?.env ?? 'unknown',
      required,
      ...(decision.approvals?.approverGroups
        ? { approverGroups: decision.approvals.approverGroups }
        : {}),
      denyOnFirst: settings.denyOnFirst,
      totpRequired: settings.totpFor.includes(decision.risk),
      createdAt: now,
      expiresAt: now + (decision.approvals?.ttlSeconds ?? 900) * 1000,
    });
    await this.deps.audit.record('approval.requested', `agent:${who.name}`, {
      approval: record.id,
      agent: who.name,
      request: record.summary,
      risk: record.risk,
      env: record.env,
      required,
      ...(record.operator ? { operator: record.operator } : {}),
      expiresAt: new Date(record.expiresAt).toISOString(),
    });
    void this.publish(record.id);
    this.schedule(record);
    return record;
  }

  /** Notify now, and again (escalation) after the configured delay if nobody has settled it. */
  private schedule(record: ApprovalRecord): void {
    const { notify, settings } = this.deps;
    if (!notify) return;
    notify(record, 'request').catch((err: unknown) => this.deps.onError?.(err, 'notify'));
    if (settings.escalateAfterSeconds <= 0) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void (async () => {
        const now = await this.deps.store.getApproval(record.id);
        if (now && effectiveStatus(now, this.now()) === 'pending') await notify(now, 'escalation');
      })().catch((err: unknown) => this.deps.onError?.(err, 'escalation'));
    }, settings.escalateAfterSeconds * 1000);
    timer.unref();
    this.timers.add(timer);
  }

  private view(record: ApprovalRecord): ApprovalView {
    return approvalView(record, this.now(), this.deps.settings.publicUrl);
  }

  private async publish(id: string): Promise<void> {
    try {
      await this.deps.store.publish({ kind: 'approval', id });
    } catch (err) {
      this.deps.onError?.(err, 'publish');
    }
  }

  /** The record and its view; agents only see their own requests. */
  async getApproval(
    id: string,
    who: Principal,
  ): Promise<{ view: ApprovalView; record: ApprovalRecord }> {
    const record = await this.deps.store.getApproval(id);
    if (!record || (who.kind === 'agent' && record.agent !== who.name)) {
      throw new GateError('not-found', `no approval ${id}`);
    }
    return { view: this.view(record), record };
  }

  /** Wait (bounded) until the approval leaves pending; store notices wake it, a slow poll backs them up. */
  async waitFor(id: string, who: Principal, ms: number): Promise<ApprovalView> {
    const deadline = this.now() + Math.min(Math.max(ms, 0), MAX_WAIT_MS);
    let { view } = await this.getApproval(id, who);
    while (view.status === 'pending' && this.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.min(POLL_MS, Math.max(deadline - this.now(), 1)));
        const off = this.deps.store.subscribe((n) => {
          if (n.kind === 'approval' && n.id === id) done();
        });
        function done(): void {
          clearTimeout(timer);
          off();
          resolve();
        }
      });
      ({ view } = await this.getApproval(id, who));
    }
    return view;
  }

  /**
   * A human's vote, with every peer-review rule checked here (never in a UI). `opts.totpPassed` is for a caller
   * that already checked (and spent) this human's TOTP code once for a batch of votes: bulk approve.
   */
  async vote(
    id: string,
    who: HumanPrincipal,
    input: VoteInput,
    opts: { totpPassed?: boolean } = {},
  ): Promise<ApprovalView> {
    const { store, audit } = this.deps;
    const record = await store.getApproval(id);
    if (!record) throw new GateError('not-found', `no approval ${id}`);
    const comment = input.comment?.trim();
    if (input.vote === 'deny' && !comment) {
      throw new GateError('comment-required', 'a deny needs a comment: the agent is told why');
    }
    const now = this.now();
    const refusal = voteRefusal(record, who.human, input.vote, now);
    if (refusal) throw new GateError(refusal.code, refusal.message);
    const totp = opts.totpPassed === true || (await this.checkTotp(record, who, input));
    const vote: Vote = {
      approver: who.human.name,
      vote: input.vote,
      ...(comment ? { comment: comment.slice(0, 2000) } : {}),
      at: now,
      totp,
    };
    const added = await store.addVote(id, vote, now);
    if (!added.ok) {
      const code = added.why === 'duplicate' ? 'duplicate-vote' : added.why;
      throw new GateError(code, `cannot vote on ${id}: ${added.why}`);
    }
    const actor: AuditActor = `human:${who.human.name}`;
    await audit.record('approval.vote', actor, {
      approval: id,
      vote: input.vote,
      ...(comment ? { comment } : {}),
      totp,
    });
    let after = added.approval;
    const outcome = settlement(after);
    if (outcome !== 'pending' && (await store.settleApproval(id, outcome, now))) {
      after = (await store.getApproval(id)) ?? after;
      await audit.record(`approval.${outcome}`, actor, {
        approval: id,
        agent: after.agent,
        approvedBy: this.view(after).approvedBy,
      });
    }
    void this.publish(id);
    return this.view(after);
  }

  /** Check and spend a human's TOTP code once (bulk votes); throws `totp-invalid` / `totp-required`. */
  async spendTotp(who: HumanPrincipal, code: string): Promise<void> {
    const secret = who.human.totpSecret;
    if (!secret) throw new GateError('totp-required', 'you have not enrolled TOTP');
    const spent = await spendTotpCode(
      this.deps.store,
      'totp',
      who.human.name,
      secret,
      code,
      this.now(),
    );
    if (spent === 'invalid')
      throw new GateError('totp-invalid', 'that TOTP code is wrong or too old');
    if (spent === 'reused') throw new GateError('totp-invalid', 'that TOTP code was already used');
  }

  /** TOTP: required of every approval vote on requests that demand it; a code is single-use per step. */
  private async checkTotp(
    record: ApprovalRecord,
    who: HumanPrincipal,
    input: VoteInput,
  ): Promise<boolean> {
    const secret = who.human.totpSecret;
    const needed = record.totpRequired && input.vote === 'approve';
    if (input.totp === undefined || input.totp === '') {
      if (needed) {
        throw new GateError(
          'totp-required',
          secret
            ? `approving ${record.id} (${record.risk}) needs your TOTP code`
            : `approving ${record.id} (${record.risk}) needs TOTP: enrol it first (portcullis totp enrol)`,
        );
      }
      return false;
    }
    await this.spendTotp(who, input.totp);
    return true;
  }

  /** Moves requests past their TTL to expired and records each; run by `startSweeper`. */
  async sweep(): Promise<number> {
    const expired = await this.deps.store.expireDue(this.now());
    for (const a of expired) {
      await this.deps.audit.record('approval.expired', 'gate', { approval: a.id, agent: a.agent });
      void this.publish(a.id);
    }
    return expired.length;
  }

  /** Sweep expired requests every `ms` until `stop()`. */
  startSweeper(ms = 5000): void {
    const timer = setInterval(() => {
      this.sweep().catch((err: unknown) => this.deps.onError?.(err, 'sweep'));
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
