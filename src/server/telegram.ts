/**
 * Telegram's inline Approve/Deny buttons (issue 5): a button carries at most 64 bytes of `callback_data`, too
 * little for a signed link, so the dispatcher remembers which link each button's 8-character nonce stands for, and
 * the long-polling bot turns a press back into that link's single vote. Presses from other chats are ignored by
 * the poller; a press is worth exactly what the signed link is worth (one approver, once, before expiry, never for
 * catastrophic requests).
 */
import type { GateContext, GateParts } from '../gate/context.js';
import { callbackNonce } from '../notify/telegram.js';
import { TelegramPoller } from '../notify/telegram-poller.js';
import type { TelegramConfig } from '../notify/schema.js';
import type { ApprovalNotice } from '../notify/message.js';
import { verifyLink, voteByLink } from './links.js';

const key = (nonce: string): string => `telegram:${nonce}`;

/** Remember the signed links behind a notice's buttons (called before the notice is sent). */
export async function rememberButtons(ctx: GateParts, notice: ApprovalNotice): Promise<void> {
  for (const url of [notice.links.approve, notice.links.deny]) {
    if (url === undefined) continue;
    const token = url.slice(url.lastIndexOf('/') + 1);
    await ctx.store.setMeta(key(callbackNonce(url)), token);
  }
}

/** What a press does, in the words Telegram shows the presser. Never throws. */
export async function pressButton(
  ctx: GateContext,
  press: { action: 'approve' | 'deny'; approvalId: string; nonce: string },
): Promise<string> {
  try {
    const token = await ctx.store.getMeta(key(press.nonce));
    if (token === undefined) return 'This button is not valid (any more).';
    const claims = verifyLink(ctx, token);
    if (claims.approvalId !== press.approvalId || claims.vote !== press.action) {
      return 'This button does not match its request.';
    }
    const view = await voteByLink(ctx, token);
    const done = press.action === 'approve' ? 'Approved' : 'Denied';
    return `${done} as ${claims.approver}: ${view.id} is ${view.status} (${String(view.approvedBy.length)}/${String(view.required)}).`;
  } catch (err) {
    return `Not recorded: ${err instanceof Error ? err.message : 'internal error'}`;
  }
}

/** Long-poll every Telegram channel's bot until the returned stop function is called. */
export function startTelegramPollers(
  ctx: GateContext,
  channels: readonly TelegramConfig[],
  onError: (err: Error) => void,
): () => void {
  const abort = new AbortController();
  for (const cfg of channels) {
    const poller = new TelegramPoller(cfg, (press) => pressButton(ctx, press), { onError });
    poller.run(abort.signal).catch(onError);
  }
  return () => {
    abort.abort();
  };
}
