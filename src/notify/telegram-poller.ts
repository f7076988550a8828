/**
 * The Telegram side of inline approval: long-poll getUpdates for button presses, pass each one from the
 * configured chat to the gate, and answer it (answerCallbackQuery) with whatever the gate says. Long polling
 * needs no public URL, so it works from a homelab behind NAT. The gate decides; this only translates: it checks
 * where a press came from, never whether it is allowed to approve.
 */
import * as z from 'zod';
import { NotifyError } from './channel.js';
import type { TelegramConfig } from './schema.js';
import { callBotApi, parseCallbackData } from './telegram.js';

/** A decoded button press, as the gate receives it. */
export interface TelegramCallback {
  action: 'approve' | 'deny';
  approvalId: string;
  nonce: string;
  fromUserId: number;
  fromUsername: string | undefined;
}

/** Records the press and returns the text to show the presser (clipped to Telegram's 200 characters). */
export type TelegramCallbackHandler = (data: TelegramCallback) => Promise<string>;

export interface TelegramPollerOptions {
  /** Seconds the server holds a getUpdates open (Telegram's `timeout`). Default 25. */
  pollTimeoutSec?: number;
  /** Backoff after a failed poll: starts at `minMs`, doubles to `maxMs`. Default 1 s to 60 s. */
  backoff?: { minMs: number; maxMs: number };
  /** Told about failed polls and answers (the poller itself keeps going). */
  onError?: (err: Error) => void;
}

// Lenient where Telegram is (it adds fields to updates over time), strict about what we use.
const callbackQuery = z.looseObject({
  id: z.string(),
  from: z.looseObject({ id: z.int(), username: z.optional(z.string()) }),
  message: z.optional(
    z.looseObject({ chat: z.looseObject({ id: z.int(), username: z.optional(z.string()) }) }),
  ),
  data: z.optional(z.string()),
});
const update = z.looseObject({ update_id: z.int(), callback_query: z.optional(z.unknown()) });
const updates = z.array(z.unknown());

const ANSWER_MAX = 200;
const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });

/** Long-polls a bot's updates and turns Approve/Deny presses in the configured chat into handler calls. */
export class TelegramPoller {
  private offset: number | undefined;
  private readonly pollTimeoutSec: number;
  private readonly backoff: { minMs: number; maxMs: number };

  constructor(
    private readonly cfg: Pick<
      TelegramConfig,
      'name' | 'botToken' | 'chatId' | 'apiBase' | 'allowedUserIds' | 'timeoutMs'
    >,
    private readonly handler: TelegramCallbackHandler,
    private readonly options: TelegramPollerOptions = {},
  ) {
    this.pollTimeoutSec = options.pollTimeoutSec ?? 25;
    this.backoff = options.backoff ?? { minMs: 1000, maxMs: 60_000 };
  }

  /** Poll until `signal` aborts; resolves then. Errors back off and retry; they never end the loop. */
  async run(signal: AbortSignal): Promise<void> {
    let delay = this.backoff.minMs;
    while (!signal.aborted) {
      try {
        await this.pollOnce(signal);
        delay = this.backoff.minMs;
      } catch (err) {
        if (signal.aborted) break;
        this.report(err);
        await sleep(delay, signal);
        delay = Math.min(delay * 2, this.backoff.maxMs);
      }
    }
  }

  /**
   * One getUpdates round: handle every callback in order and move the offset past each update (Telegram then
   * forgets it). Returns how many presses were passed to the handler. Throws `NotifyError` when the poll fails.
   */
  async pollOnce(signal?: AbortSignal): Promise<number> {
    const body = {
      timeout: this.pollTimeoutSec,
      allowed_updates: ['callback_query'],
      ...(this.offset === undefined ? {} : { offset: this.offset }),
    };
    // The HTTP timeout must outlast the long poll, or every quiet poll would look like a failure.
    const timeoutMs = this.pollTimeoutSec * 1000 + this.cfg.timeoutMs;
    const result = updates.safeParse(
      await callBotApi(this.cfg, 'getUpdates', body, timeoutMs, signal),
    );
    if (!result.success)
      throw new NotifyError('notify/rejected', this.cfg.name, 'getUpdates: not a list');
    let handled = 0;
    for (const raw of result.data) {
      const u = update.safeParse(raw);
      if (!u.success) continue;
      this.offset = Math.max(this.offset ?? 0, u.data.update_id + 1);
      if (await this.handle(u.data.callback_query)) handled++;
    }
    return handled;
  }

  private fromOurChat(chat: { id: number; username?: string | undefined }): boolean {
    const want = String(this.cfg.chatId);
    return (
      String(chat.id) === want || (chat.username !== undefined && `@${chat.username}` === want)
    );
  }

  private async handle(raw: unknown): Promise<boolean> {
    const q = callbackQuery.safeParse(raw);
    if (!q.success) return false;
    const { id, from, message, data } = q.data;
    // Presses from any other chat are not ours to honour, and are left unanswered.
    if (message === undefined || !this.fromOurChat(message.chat)) return false;
    const parsed = data === undefined ? undefined : parseCallbackData(data);
    if (parsed === undefined) {
      await this.answer(id, 'Unknown button.');
      return false;
    }
    const allowed = this.cfg.allowedUserIds;
    if (allowed !== undefined && !allowed.includes(from.id)) {
      await this.answer(id, 'You are not an approver for this gate.');
      return false;
    }
    let text: string;
    try {
      text = await this.handler({ ...parsed, fromUserId: from.id, fromUsername: from.username });
    } catch (err) {
      this.report(err);
      text = 'Could not record your answer. Open the console to approve or deny.';
    }
    await this.answer(id, text);
    return true;
  }

  // Not tied to the run signal: a press the gate has recorded still gets its answer during shutdown (bounded by
  // the channel's timeout), so the approver sees what happened.
  private async answer(callbackQueryId: string, text: string): Promise<void> {
    const body = {
      callback_query_id: callbackQueryId,
      text: Array.from(text).slice(0, ANSWER_MAX).join(''),
    };
    try {
      await callBotApi(this.cfg, 'answerCallbackQuery', body, this.cfg.timeoutMs);
    } catch (err) {
      // The decision is already recorded; a lost answer only leaves the button spinning.
      this.report(err);
    }
  }

  private report(err: unknown): void {
    this.options.onError?.(err instanceof Error ? err : new Error(String(err)));
  }
}
