/**
 * Slack incoming webhook: `text` (the notification and fallback) plus Block Kit blocks with link buttons. An
 * incoming webhook has no interactivity, so Approve and Deny are links to the gate's signed pages. Unfurling is
 * off: Slack's crawler must not fetch a signed link.
 */
import { post, type Notifier } from './channel.js';
import { detailLines, escapeSlack, headline, inlineLinks, type ApprovalNotice } from './message.js';
import type { SlackConfig } from './schema.js';

interface Button {
  type: 'button';
  action_id: string;
  text: { type: 'plain_text'; text: string };
  url: string;
  style?: 'primary' | 'danger';
}

const button = (id: string, label: string, url: string, style?: Button['style']): Button => ({
  type: 'button',
  action_id: `portcullis_${id}`,
  text: { type: 'plain_text', text: label },
  url,
  ...(style === undefined ? {} : { style }),
});

/** The JSON a Slack incoming webhook receives for a notice. */
export function slackPayload(n: ApprovalNotice): Record<string, unknown> {
  const inline = inlineLinks(n);
  const buttons =
    inline === undefined
      ? [button('view', 'Open console to approve', n.links.view)]
      : [
          button('approve', 'Approve', inline.approve, 'primary'),
          button('deny', 'Deny', inline.deny, 'danger'),
          button('view', 'View', n.links.view),
        ];
  const text = escapeSlack(headline(n));
  return {
    text,
    unfurl_links: false,
    unfurl_media: false,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: escapeSlack(detailLines(n).join('\n')) }],
      },
      { type: 'actions', elements: buttons },
    ],
  };
}

/** A Slack incoming-webhook channel. */
export function makeSlack(cfg: SlackConfig): Notifier {
  return {
    name: cfg.name,
    type: 'slack',
    risks: cfg.risks,
    stage: cfg.stage,
    async send(n, signal) {
      await post(cfg.webhookUrl, JSON.stringify(slackPayload(n)), {
        channel: cfg.name,
        timeoutMs: cfg.timeoutMs,
        signal,
      });
    },
  };
}
