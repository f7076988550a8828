/**
 * ntfy (docs.ntfy.sh/publish): JSON publish to the server's root with up to three action buttons. Approve and
 * Deny are `http` actions, so the phone POSTs the gate's signed, single-use link directly; no header or body is
 * attached, because an action's headers and body are visible to every subscriber of the topic.
 */
import type { Risk } from '../analyze/types.js';
import { joinUrl, post, type Notifier } from './channel.js';
import { inlineLinks, plainText, title, type ApprovalNotice } from './message.js';
import type { NtfyConfig } from './schema.js';

const PRIORITY: Readonly<Record<Risk, number>> = { none: 2, low: 3, high: 4, catastrophic: 5 };
const TAGS: Readonly<Record<Risk, string[]>> = {
  none: ['information_source'],
  low: ['information_source'],
  high: ['warning'],
  catastrophic: ['rotating_light'],
};

type NtfyAction =
  | { action: 'view'; label: string; url: string; clear?: boolean }
  | { action: 'http'; label: string; url: string; method: 'POST'; clear: boolean };

/** The JSON ntfy receives for a notice. */
export function ntfyPayload(topic: string, n: ApprovalNotice): Record<string, unknown> {
  const inline = inlineLinks(n);
  const actions: NtfyAction[] =
    inline === undefined
      ? [{ action: 'view', label: 'Open console to approve', url: n.links.view }]
      : [
          { action: 'http', label: 'Approve', url: inline.approve, method: 'POST', clear: true },
          { action: 'http', label: 'Deny', url: inline.deny, method: 'POST', clear: true },
          { action: 'view', label: 'View', url: n.links.view },
        ];
  return {
    topic,
    title: title(n),
    message: plainText(n),
    priority: PRIORITY[n.risk],
    tags: TAGS[n.risk],
    click: n.links.view,
    actions,
  };
}

/** An ntfy channel; a token, when given, is sent as a bearer token (access-controlled topics). */
export function makeNtfy(cfg: NtfyConfig): Notifier {
  const headers: Record<string, string> =
    cfg.token === undefined ? {} : { authorization: `Bearer ${cfg.token}` };
  return {
    name: cfg.name,
    type: 'ntfy',
    risks: cfg.risks,
    stage: cfg.stage,
    async send(n, signal) {
      await post(joinUrl(cfg.url, '/'), JSON.stringify(ntfyPayload(cfg.topic, n)), {
        channel: cfg.name,
        timeoutMs: cfg.timeoutMs,
        signal,
        headers,
      });
    },
  };
}
