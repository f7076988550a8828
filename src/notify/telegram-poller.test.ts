import { afterEach, describe, expect, it } from 'vitest';
import { NotifyError } from './channel.js';
import { notifySchema, type TelegramConfig } from './schema.js';
import { TelegramPoller, type TelegramCallback } from './telegram-poller.js';
import { startReceiver, type Receiver, type Recorded, type Reply } from './test-kit.js';

const TOKEN = '123456:ABC-def_ghi';
const CHAT = -1001234567890;

/** A callback_query update as Telegram sends it (with fields we do not use). */
const press = (updateId: number, data: string, chatId: number = CHAT, fromId = 42): unknown => ({
  update_id: updateId,
  callback_query: {
    id: `cq${updateId}`,
    from: { id: fromId, is_bot: false, first_name: 'Ann', username: `user${fromId}` },
    message: { message_id: 7, date: 1, chat: { id: chatId, type: 'supergroup', title: 'ops' } },
    chat_instance: '-99',
    data,
  },
});

/** A fake Bot API: getUpdates serves the queued batches (then empty ones, slowly); other methods say ok. */
async function fakeBotApi(batches: Reply[]): Promise<Receiver> {
  return startReceiver(async (req: Recorded) => {
    if (req.path.endsWith('/getUpdates')) {
      const next = batches.shift();
      if (next !== undefined) return next;
      await new Promise((r) => setTimeout(r, 20));
      return { body: { ok: true, result: [] } };
    }
    return { body: { ok: true, result: true } };
  });
}

const config = (rx: Receiver, extra: Record<string, unknown> = {}): TelegramConfig =>
  notifySchema.parse({
    channels: [
      { name: 'tg', type: 'telegram', botToken: TOKEN, chatId: CHAT, apiBase: rx.url, ...extra },
    ],
  }).channels[0] as TelegramConfig;

const bodies = (rx: Receiver, method: string): unknown[] =>
  rx.requests
    .filter((r) => r.path === `/bot${TOKEN}/${method}`)
    .map((r) => JSON.parse(r.body) as unknown);

let rx: Receiver | undefined;
afterEach(async () => {
  await rx?.close();
  rx = undefined;
});

describe('TelegramPoller', () => {
  it('passes presses from the configured chat to the gate and answers each one', async () => {
    rx = await fakeBotApi([
      {
        body: {
          ok: true,
          result: [
            press(100, 'a:apr_1:abcdEFGH'),
            press(101, 'a:apr_1:abcdEFGH', 555), // another chat: ignored, unanswered
            { update_id: 102, message: { message_id: 1, chat: { id: CHAT }, text: 'hi' } },
            press(103, 'garbage'),
            press(104, 'd:apr_2:zzzzzzzz', CHAT, 99), // not an approver
            { update_id: 'nope' },
          ],
        },
      },
    ]);
    const calls: TelegramCallback[] = [];
    const poller = new TelegramPoller(
      config(rx, { allowedUserIds: [42, 43] }),
      (data) => {
        calls.push(data);
        return Promise.resolve('Approved (1 of 2)');
      },
      { pollTimeoutSec: 1 },
    );
    expect(await poller.pollOnce()).toBe(1);
    expect(calls).toEqual([
      {
        action: 'approve',
        approvalId: 'apr_1',
        nonce: 'abcdEFGH',
        fromUserId: 42,
        fromUsername: 'user42',
      },
    ]);
    expect(bodies(rx, 'answerCallbackQuery')).toEqual([
      { callback_query_id: 'cq100', text: 'Approved (1 of 2)' },
      { callback_query_id: 'cq103', text: 'Unknown button.' },
      { callback_query_id: 'cq104', text: 'You are not an approver for this gate.' },
    ]);

    expect(await poller.pollOnce()).toBe(0);
    expect(bodies(rx, 'getUpdates')).toEqual([
      { timeout: 1, allowed_updates: ['callback_query'] },
      { timeout: 1, allowed_updates: ['callback_query'], offset: 105 },
    ]);
  });

  it('matches a public channel by @username', async () => {
    rx = await fakeBotApi([
      {
        body: {
          ok: true,
          result: [
            {
              update_id: 5,
              callback_query: {
                id: 'cq5',
                from: { id: 42 },
                message: { chat: { id: -100777, username: 'opsgate' } },
                data: 'd:apr_9:abcdEFGH',
              },
            },
          ],
        },
      },
    ]);
    const calls: TelegramCallback[] = [];
    const poller = new TelegramPoller(config(rx, { chatId: '@opsgate' }), (d) => {
      calls.push(d);
      return Promise.resolve('Denied');
    });
    await poller.pollOnce();
    expect(calls).toEqual([
      {
        action: 'deny',
        approvalId: 'apr_9',
        nonce: 'abcdEFGH',
        fromUserId: 42,
        fromUsername: undefined,
      },
    ]);
  });

  it('answers with a safe message when the gate fails, and reports the error', async () => {
    rx = await fakeBotApi([{ body: { ok: true, result: [press(1, 'a:apr_1:abcdEFGH')] } }]);
    const errors: Error[] = [];
    const poller = new TelegramPoller(config(rx), () => Promise.reject(new Error('store down')), {
      onError: (e) => errors.push(e),
    });
    await poller.pollOnce();
    expect(errors.map((e) => e.message)).toEqual(['store down']);
    expect(bodies(rx, 'answerCallbackQuery')).toEqual([
      {
        callback_query_id: 'cq1',
        text: 'Could not record your answer. Open the console to approve or deny.',
      },
    ]);
  });

  it('throws NotifyError on a reply that is not a list of updates', async () => {
    rx = await fakeBotApi([{ body: { ok: true, result: { not: 'a list' } } }]);
    const poller = new TelegramPoller(config(rx), () => Promise.resolve(''));
    await expect(poller.pollOnce()).rejects.toBeInstanceOf(NotifyError);
  });

  it('runs until aborted, backing off after errors', async () => {
    rx = await fakeBotApi([
      { status: 500, body: { ok: false, description: 'Internal Server Error' } },
      {
        status: 409,
        body: { ok: false, description: 'Conflict: terminated by other getUpdates request' },
      },
      { body: { ok: true, result: [press(10, 'a:apr_1:abcdEFGH')] } },
    ]);
    const stop = new AbortController();
    const errors: Error[] = [];
    const started = Date.now();
    const poller = new TelegramPoller(
      config(rx),
      () => {
        stop.abort();
        return Promise.resolve('ok');
      },
      {
        pollTimeoutSec: 1,
        backoff: { minMs: 30, maxMs: 1000 },
        onError: (e) => errors.push(e),
      },
    );
    await poller.run(AbortSignal.any([stop.signal, AbortSignal.timeout(5000)]));
    expect(stop.signal.aborted).toBe(true);
    expect(errors.map((e) => (e instanceof NotifyError ? [e.code, e.status] : e.message))).toEqual([
      ['notify/http', 500],
      ['notify/http', 409],
    ]);
    // 30 ms, then 60 ms of backoff.
    expect(Date.now() - started).toBeGreaterThanOrEqual(85);
    expect(bodies(rx, 'getUpdates')).toHaveLength(3);
  });

  it('returns at once when started with an aborted signal', async () => {
    rx = await fakeBotApi([]);
    const poller = new TelegramPoller(config(rx), () => Promise.resolve(''));
    await poller.run(AbortSignal.abort());
    expect(rx.requests).toHaveLength(0);
  });

  it('stops a long poll in flight when aborted', async () => {
    rx = await startReceiver(() => ({ hang: true }));
    const poller = new TelegramPoller(config(rx), () => Promise.resolve(''), {
      pollTimeoutSec: 30,
    });
    const started = Date.now();
    await poller.run(AbortSignal.timeout(100));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(rx.requests).toHaveLength(1);
  });
});
