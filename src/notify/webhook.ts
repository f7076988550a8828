/**
 * Generic webhook: the notice as JSON, signed with HMAC-SHA256 over the exact body bytes in
 * `x-portcullis-signature: sha256=<hex>` (GitHub's scheme, so existing verifiers work). `sentAt` is inside the
 * signed body, so a receiver can refuse replays of an old delivery.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { post, type Notifier } from './channel.js';
import { headline, inlineLinks, type ApprovalNotice } from './message.js';
import type { WebhookConfig } from './schema.js';

export const SIGNATURE_HEADER = 'x-portcullis-signature';
export const EVENT_HEADER = 'x-portcullis-event';

/** The JSON body a webhook receives. Links obey the same rule as buttons: no inline approve for catastrophic. */
export function webhookPayload(n: ApprovalNotice, sentAt: number): Record<string, unknown> {
  const inline = inlineLinks(n);
  return {
    event: `approval.${n.kind}`,
    approvalId: n.approvalId,
    agent: n.agent,
    summary: n.summary,
    risk: n.risk,
    env: n.env,
    required: n.required,
    reasons: n.reasons,
    expiresAt: n.expiresAt,
    links: inline === undefined ? { view: n.links.view } : { view: n.links.view, ...inline },
    text: headline(n),
    sentAt,
  };
}

/** `sha256=<hex HMAC-SHA256 of body>`, the value of `x-portcullis-signature`. */
export function signWebhookBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/**
 * Whether `header` is the signature of `body` under `secret`, compared in constant time. For receivers (and the
 * tests); a missing or malformed header is simply false.
 */
export function verifyWebhookSignature(
  secret: string,
  body: string,
  header: string | undefined,
): boolean {
  if (header === undefined) return false;
  const expected = Buffer.from(signWebhookBody(secret, body), 'utf8');
  const given = Buffer.from(header, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A webhook channel. `now` is injectable so tests can pin the body. */
export function makeWebhook(cfg: WebhookConfig, now: () => number = Date.now): Notifier {
  return {
    name: cfg.name,
    type: 'webhook',
    risks: cfg.risks,
    stage: cfg.stage,
    async send(n, signal) {
      const body = JSON.stringify(webhookPayload(n, now()));
      await post(cfg.url, body, {
        channel: cfg.name,
        timeoutMs: cfg.timeoutMs,
        signal,
        headers: {
          [SIGNATURE_HEADER]: signWebhookBody(cfg.secret, body),
          [EVENT_HEADER]: `approval.${n.kind}`,
          'user-agent': 'portcullis',
        },
      });
    },
  };
}
