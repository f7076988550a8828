/**
 * From an approval request to notifications: which channels hear of it (by risk and stage), and what each one
 * carries. One-tap approve/deny links are signed, single-use and expiring, name the human the channel belongs to,
 * and exist only for risks the gate config allows inline (never catastrophic: that always goes to the
 * authenticated page). Every send is audited, failures included.
 */
import type { GateParts } from '../gate/context.js';
import { redactString } from '../gate/audit/redact.js';
import type { Notify } from '../gate/service.js';
import type { Env } from '../analyze/types.js';
import type { ApprovalNotice } from '../notify/message.js';
import type { Notifier } from '../notify/channel.js';
import { channelsFor } from '../notify/index.js';
import type { ApprovalRecord } from '../store/store.js';
import { inlineAllowed, signLink } from './links.js';
import { rememberButtons } from './telegram.js';

/** The part of a channel's config the dispatcher reads: who approves through its buttons. */
interface ChannelOwner {
  name: string;
  approver?: string;
}

/** The notice for one channel (links signed for that channel's approver, if any). */
export function noticeFor(
  ctx: GateParts,
  a: ApprovalRecord,
  kind: ApprovalNotice['kind'],
  approver: string | undefined,
): ApprovalNotice {
  const base = ctx.settings.publicUrl.replace(/\/+$/, '');
  const links: ApprovalNotice['links'] = { view: `${base}/approvals/${a.id}` };
  // A request that needs TOTP cannot be approved by a link either, so it gets none.
  const inline = approver !== undefined && !a.totpRequired && inlineAllowed(ctx.settings, a.risk);
  if (inline) {
    const ttlMs = Math.max(a.expiresAt - ctx.now(), 0);
    links.approve = `${base}/v1/links/${signLink(ctx, { approvalId: a.id, vote: 'approve', approver, ttlMs })}`;
    links.deny = `${base}/v1/links/${signLink(ctx, { approvalId: a.id, vote: 'deny', approver, ttlMs })}`;
  }
  return {
    kind,
    approvalId: a.id,
    agent: a.agent,
    summary: redactString(a.summary),
    risk: a.risk,
    env: a.env as Env,
    required: a.required,
    reasons: a.decision.reasons.map((r) => redactString(r)),
    expiresAt: a.expiresAt,
    links,
  };
}

/**
 * The channels that hear of a request now: with an escalation delay, desk channels at the request and phone
 * channels at the escalation; without one, every channel at the request.
 */
function recipients(
  notifiers: readonly Notifier[],
  a: ApprovalRecord,
  stage: 'request' | 'escalation',
  escalates: boolean,
): Notifier[] {
  if (!escalates) {
    return stage === 'request'
      ? [...channelsFor(a.risk, 'desk', notifiers), ...channelsFor(a.risk, 'phone', notifiers)]
      : [];
  }
  return channelsFor(a.risk, stage === 'request' ? 'desk' : 'phone', notifiers);
}

/** The gate's `notify` hook: send to every channel concerned, auditing each result. */
export function makeDispatch(ctx: GateParts, channels: readonly ChannelOwner[]): Notify {
  const owners = new Map(channels.map((c) => [c.name, c.approver]));
  return async (a, stage) => {
    const escalates = ctx.settings.escalateAfterSeconds > 0;
    const targets = recipients(ctx.notifiers, a, stage, escalates);
    await Promise.all(
      targets.map(async (n) => {
        const notice = noticeFor(ctx, a, stage, owners.get(n.name));
        try {
          if (n.type === 'telegram') await rememberButtons(ctx, notice);
          await n.send(notice);
          await ctx.audit.record('notify.sent', 'gate', { approval: a.id, channel: n.name, stage });
        } catch (err) {
          await ctx.audit.record('notify.failed', 'gate', {
            approval: a.id,
            channel: n.name,
            stage,
            error: err instanceof Error ? err.message : String(err),
          });
        }
      }),
    );
  };
}
