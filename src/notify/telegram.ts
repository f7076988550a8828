/**
 * Telegram bot: sendMessage with an inline keyboard. Approve and Deny are callback buttons whose data is
 * `a:<approvalId>:<nonce>` / `d:…` (Telegram allows 1–64 bytes), answered by `TelegramPoller` over long
 * polling, which works behind NAT. The nonce binds a button to the link the gate issued for that decision:
 * `callbackNonce(link)` lets the gate check it. View is a URL button. No parse_mode: the text is shown as is.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { NotifyError, joinUrl, post, safeDetail, type Notifier } from './channel.js';
import { inlineLinks, plainText, type ApprovalNotice } from './message.js';
import type { TelegramConfig } from './schema.js';

/** Telegram's limit on `callback_data`, in bytes. */
export const CALLBACK_DATA_MAX = 64;
const NONCE = /^[A-Za-z0-9_-]{8}$/;
const CALLBACK = /^([ad]):([A-Za-z0-9_-]+):([A-Za-z0-9_-]{8})$/;

/** The 8-character nonce for a signed approve or deny link: the first 48 bits of its SHA-256, base64url. */
export function callbackNonce(link: string): string {
  return createHash('sha256').update(link, 'utf8').digest('base64url').slice(0, 8);
}

/**
 * `a:<approvalId>:<nonce>` or `d:…`, or undefined when it would not fit in 64 bytes or the id has characters
 * outside base64url (then the buttons fall back to the signed links).
 */
export function callbackData(
  action: 'approve' | 'deny',
  approvalId: string,
  nonce: string,
): string | undefined {
  const data = `${action === 'approve' ? 'a' : 'd'}:${approvalId}:${nonce}`;
  if (!NONCE.test(nonce) || Buffer.byteLength(data, 'utf8') > CALLBACK_DATA_MAX) return undefined;
  return CALLBACK.test(data) ? data : undefined;
}

/** A button press decoded from `callback_data`, or undefined when it is not one of ours. */
export function parseCallbackData(
  data: string,
): { action: 'approve' | 'deny'; approvalId: string; nonce: string } | undefined {
  if (Buffer.byteLength(data, 'utf8') > CALLBACK_DATA_MAX) return undefined;
  const m = CALLBACK.exec(data);
  if (m === null) return undefined;
  const [, a, approvalId, nonce] = m;
  if (approvalId === undefined || nonce === undefined) return undefined;
  return { action: a === 'a' ? 'approve' : 'deny', approvalId, nonce };
}

// Telegram refuses URL buttons that point at localhost ("Wrong HTTP URL"); the link is in the text anyway.
function buttonableUrl(url: string): boolean {
  const host = URL.parse(url)?.hostname ?? '';
  return !(host === 'localhost' || host.startsWith('127.') || host === '[::1]');
}

type Button = { text: string; callback_data: string } | { text: string; url: string };

/** The reply markup: callback buttons when inline approval is allowed, a View URL button otherwise. */
export function telegramKeyboard(n: ApprovalNotice): Button[][] {
  const inline = inlineLinks(n);
  const rows: Button[][] = [];
  if (inline !== undefined) {
    const a = callbackData('approve', n.approvalId, callbackNonce(inline.approve));
    const d = callbackData('deny', n.approvalId, callbackNonce(inline.deny));
    if (a !== undefined && d !== undefined) {
      rows.push([
        { text: '✅ Approve', callback_data: a },
        { text: '❌ Deny', callback_data: d },
      ]);
    } else if (buttonableUrl(inline.approve)) {
      rows.push([
        { text: '✅ Approve', url: inline.approve },
        { text: '❌ Deny', url: inline.deny },
      ]);
    }
  }
  if (buttonableUrl(n.links.view)) {
    rows.push([
      { text: inline === undefined ? 'Open console to approve' : 'View', url: n.links.view },
    ]);
  }
  return rows;
}

/** The sendMessage body for a notice. */
export function telegramPayload(
  chatId: number | string,
  n: ApprovalNotice,
): Record<string, unknown> {
  const keyboard = telegramKeyboard(n);
  return {
    chat_id: chatId,
    text: `${plainText(n)}\n\nView: ${n.links.view}`,
    link_preview_options: { is_disabled: true },
    ...(keyboard.length === 0 ? {} : { reply_markup: { inline_keyboard: keyboard } }),
  };
}

const apiReply = z.looseObject({
  ok: z.boolean(),
  result: z.optional(z.unknown()),
  description: z.optional(z.string()),
});

function explain(body: string): string | undefined {
  try {
    const r = apiReply.safeParse(JSON.parse(body));
    return r.success && r.data.description !== undefined
      ? safeDetail(r.data.description)
      : undefined;
  } catch {
    return safeDetail(body);
  }
}

/**
 * Call a Bot API method and return its `result`. Throws `NotifyError` on HTTP errors, timeouts and `ok: false`;
 * the bot token is in the URL path, so no message ever carries the URL.
 */
export async function callBotApi(
  cfg: Pick<TelegramConfig, 'name' | 'botToken' | 'apiBase'>,
  method: string,
  body: unknown,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<unknown> {
  const url = joinUrl(cfg.apiBase, `/bot${cfg.botToken}/${method}`);
  const text = await post(url, JSON.stringify(body), {
    channel: cfg.name,
    timeoutMs,
    signal,
    explain,
  });
  let reply: z.infer<typeof apiReply>;
  try {
    reply = apiReply.parse(JSON.parse(text));
  } catch {
    throw new NotifyError('notify/rejected', cfg.name, `${method}: not a Bot API reply`);
  }
  if (!reply.ok) {
    const why = reply.description === undefined ? undefined : safeDetail(reply.description);
    throw new NotifyError('notify/rejected', cfg.name, `${method}: ${why ?? 'not ok'}`);
  }
  return reply.result;
}

/** A Telegram channel. Button presses come back through `TelegramPoller`, not through this object. */
export function makeTelegram(cfg: TelegramConfig): Notifier {
  return {
    name: cfg.name,
    type: 'telegram',
    risks: cfg.risks,
    stage: cfg.stage,
    async send(n, signal) {
      await callBotApi(cfg, 'sendMessage', telegramPayload(cfg.chatId, n), cfg.timeoutMs, signal);
    },
  };
}
