/**
 * Gotify (POST /message with `X-Gotify-Key`): notification only, no buttons. Tapping the notification opens the
 * approval page (`client::notification` click URL), where the approver signs in.
 */
import type { Risk } from '../analyze/types.js';
import { joinUrl, post, type Notifier } from './channel.js';
import { plainText, title, type ApprovalNotice } from './message.js';
import type { GotifyConfig } from './schema.js';

const PRIORITY: Readonly<Record<Risk, number>> = { none: 2, low: 4, high: 8, catastrophic: 10 };

/** The JSON Gotify receives for a notice. */
export function gotifyPayload(n: ApprovalNotice, priority?: number): Record<string, unknown> {
  return {
    title: title(n),
    message: `${plainText(n)}\n\nView: ${n.links.view}`,
    priority: priority ?? PRIORITY[n.risk],
    extras: {
      // Plain text: the command is the agent's text, and markdown would let it render as links or images.
      'client::display': { contentType: 'text/plain' },
      'client::notification': { click: { url: n.links.view } },
    },
  };
}

/** A Gotify channel (an application token, in a header rather than the query string so it stays out of logs). */
export function makeGotify(cfg: GotifyConfig): Notifier {
  return {
    name: cfg.name,
    type: 'gotify',
    risks: cfg.risks,
    stage: cfg.stage,
    async send(n, signal) {
      await post(joinUrl(cfg.url, '/message'), JSON.stringify(gotifyPayload(n, cfg.priority)), {
        channel: cfg.name,
        timeoutMs: cfg.timeoutMs,
        signal,
        headers: { 'x-gotify-key': cfg.token },
      });
    },
  };
}
