/**
 * Notification channels for approval requests (DESIGN.md §5, §10): the registry that turns the `notify:` config
 * into `Notifier`s, and the selection of who hears of what. The gate builds each `ApprovalNotice` (with its
 * signed links) and calls `sendAll`; channels only render and deliver.
 */
import type { Risk } from '../analyze/types.js';
import type { Notifier, Stage } from './channel.js';
import { NotifyError } from './channel.js';
import { makeDiscord } from './discord.js';
import { makeEmail } from './email.js';
import { makeGotify } from './gotify.js';
import type { ApprovalNotice } from './message.js';
import { makeNtfy } from './ntfy.js';
import type { ChannelConfig, NotifyConfig } from './schema.js';
import { makeSlack } from './slack.js';
import { makeTelegram } from './telegram.js';
import { makeWebhook } from './webhook.js';

export * from './channel.js';
export * from './message.js';
export { parseNotifyConfig, resolveSecrets, notifySchema, NotifyConfigError } from './schema.js';
export type { NotifyConfig, ChannelConfig, NotifyProblem } from './schema.js';
export { callbackNonce, parseCallbackData } from './telegram.js';
export { TelegramPoller } from './telegram-poller.js';
export type {
  TelegramCallback,
  TelegramCallbackHandler,
  TelegramPollerOptions,
} from './telegram-poller.js';
export { signWebhookBody, verifyWebhookSignature, SIGNATURE_HEADER } from './webhook.js';

/** The notifier for one parsed channel config. A channel type without a case here does not compile. */
export function makeNotifier(cfg: ChannelConfig): Notifier {
  switch (cfg.type) {
    case 'ntfy':
      return makeNtfy(cfg);
    case 'gotify':
      return makeGotify(cfg);
    case 'slack':
      return makeSlack(cfg);
    case 'discord':
      return makeDiscord(cfg);
    case 'telegram':
      return makeTelegram(cfg);
    case 'webhook':
      return makeWebhook(cfg);
    case 'email':
      return makeEmail(cfg);
  }
}

/** Every configured channel, in config order. */
export function makeNotifiers(config: NotifyConfig): Notifier[] {
  return config.channels.map((c) => makeNotifier(c));
}

/**
 * The channels that hear of a notice of this risk at this stage. The gate sends a request to `desk` channels at
 * once and to `phone` channels after `escalateAfter` (as an `escalation`), or at once when no escalation delay
 * is configured.
 */
export function channelsFor(risk: Risk, stage: Stage, notifiers: readonly Notifier[]): Notifier[] {
  return notifiers.filter((n) => n.stage === stage && n.risks.includes(risk));
}

/** The channel by name, for `portcullis notify test CHANNEL`. */
export function findChannel(name: string, notifiers: readonly Notifier[]): Notifier | undefined {
  return notifiers.find((n) => n.name === name);
}

/** What happened on one channel. */
export type SendResult =
  { channel: string; ok: true } | { channel: string; ok: false; error: NotifyError };

/**
 * Send one notice on every given channel in parallel. Never throws: one channel down must not keep the others
 * from being told, and the gate records each result (a notification failure never changes a verdict).
 */
export async function sendAll(
  notifiers: readonly Notifier[],
  notice: ApprovalNotice,
  signal?: AbortSignal,
): Promise<SendResult[]> {
  const settled = await Promise.allSettled(notifiers.map((n) => n.send(notice, signal)));
  return settled.map((s, i) => {
    const channel = notifiers[i]?.name ?? '';
    if (s.status === 'fulfilled') return { channel, ok: true };
    const error =
      s.reason instanceof NotifyError
        ? s.reason
        : new NotifyError('notify/internal', channel, 'unexpected failure');
    return { channel, ok: false, error };
  });
}
