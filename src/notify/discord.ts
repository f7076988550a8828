/**
 * Discord webhook: `content` (the notification line) plus one embed whose title opens the approval page. A
 * plain webhook cannot carry buttons, so Approve and Deny are markdown links to the gate's signed pages.
 * Mentions are switched off: a command containing `@everyone` must not ping the server.
 */
import type { Risk } from '../analyze/types.js';
import { post, type Notifier } from './channel.js';
import {
  detailLines,
  escapeDiscord,
  headline,
  inlineLinks,
  title,
  type ApprovalNotice,
} from './message.js';
import type { DiscordConfig } from './schema.js';

const COLOR: Readonly<Record<Risk, number>> = {
  none: 0x95a5a6,
  low: 0xf1c40f,
  high: 0xe67e22,
  catastrophic: 0xb00020,
};

/** The JSON a Discord webhook receives for a notice. */
export function discordPayload(n: ApprovalNotice): Record<string, unknown> {
  const inline = inlineLinks(n);
  const links =
    inline === undefined
      ? `[Open console to approve](${n.links.view})`
      : `[Approve](${inline.approve}) · [Deny](${inline.deny}) · [View](${n.links.view})`;
  return {
    username: 'Portcullis',
    content: escapeDiscord(headline(n)),
    allowed_mentions: { parse: [] },
    embeds: [
      {
        title: title(n),
        url: n.links.view,
        description: `${escapeDiscord(detailLines(n).join('\n'))}\n\n${links}`,
        color: COLOR[n.risk],
        footer: { text: 'Expires' },
        timestamp: new Date(n.expiresAt).toISOString(),
      },
    ],
  };
}

/** A Discord webhook channel. */
export function makeDiscord(cfg: DiscordConfig): Notifier {
  return {
    name: cfg.name,
    type: 'discord',
    risks: cfg.risks,
    stage: cfg.stage,
    async send(n, signal) {
      await post(cfg.webhookUrl, JSON.stringify(discordPayload(n)), {
        channel: cfg.name,
        timeoutMs: cfg.timeoutMs,
        signal,
      });
    },
  };
}
