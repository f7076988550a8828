import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { notifySchema, type TelegramConfig } from './schema.js';
import {
  CALLBACK_DATA_MAX,
  callbackData,
  callbackNonce,
  makeTelegram,
  parseCallbackData,
  telegramKeyboard,
} from './telegram.js';
import { CATASTROPHIC, HIGH, startReceiver, type Receiver } from './test-kit.js';
import { NotifyError } from './channel.js';

const TOKEN = '123456:ABC-def_ghi';
let rx: Receiver;
let reply: { status?: number; body: unknown } = { body: { ok: true, result: { message_id: 7 } } };
beforeEach(async () => {
  reply = { body: { ok: true, result: { message_id: 7 } } };
  rx = await startReceiver(() => reply);
});
afterEach(async () => {
  await rx.close();
});

const config = (): TelegramConfig =>
  notifySchema.parse({
    channels: [
      { name: 'tg', type: 'telegram', botToken: TOKEN, chatId: -1001234567890, apiBase: rx.url },
    ],
  }).channels[0] as TelegramConfig;

describe('telegram sendMessage', () => {
  it('sends plain text with callback buttons and a View button (pinned)', async () => {
    await makeTelegram(config()).send(HIGH);
    expect(rx.requests[0]?.path).toBe(`/bot${TOKEN}/sendMessage`);
    expect(rx.onlyJson()).toEqual({
      chat_id: -1001234567890,
      text: [
        '[Portcullis] HIGH in staging: kubectl delete deployment api -n staging — agent codex needs 1 approval (expires 14:05 UTC)',
        '',
        '• deletes a deployment',
        '• staging <shared> & busy',
        'Approval apr_Q3b8ZtW1nc',
        'Approve or deny here, or open the console to see the details.',
        '',
        'View: https://gate.example/a/apr_Q3b8ZtW1nc?t=v1.view',
      ].join('\n'),
      link_preview_options: { is_disabled: true },
      reply_markup: {
        inline_keyboard: [
          [
            { text: '✅ Approve', callback_data: 'a:apr_Q3b8ZtW1nc:bPuWuarW' },
            { text: '❌ Deny', callback_data: 'd:apr_Q3b8ZtW1nc:FdrXAmUF' },
          ],
          [{ text: 'View', url: 'https://gate.example/a/apr_Q3b8ZtW1nc?t=v1.view' }],
        ],
      },
    });
  });

  it('derives each nonce from the signed link it stands for', () => {
    expect(callbackNonce('https://gate.example/a/apr_Q3b8ZtW1nc/approve?t=v1.ap')).toBe('bPuWuarW');
    expect(callbackNonce('https://gate.example/a/apr_Q3b8ZtW1nc/deny?t=v1.dn')).toBe('FdrXAmUF');
  });

  it('gives catastrophic only the console button', () => {
    expect(telegramKeyboard(CATASTROPHIC)).toEqual([
      [{ text: 'Open console to approve', url: 'https://gate.example/a/apr_7Hk2mQ9xLp?t=v1.view' }],
    ]);
  });

  it('falls back to link buttons when the id does not fit in callback_data', () => {
    const id = `apr_${'x'.repeat(60)}`;
    const rows = telegramKeyboard({ ...HIGH, approvalId: id });
    expect(rows[0]).toEqual([
      { text: '✅ Approve', url: 'https://gate.example/a/apr_Q3b8ZtW1nc/approve?t=v1.ap' },
      { text: '❌ Deny', url: 'https://gate.example/a/apr_Q3b8ZtW1nc/deny?t=v1.dn' },
    ]);
  });

  it('leaves out URL buttons Telegram would refuse (localhost)', () => {
    const local = 'http://127.0.0.1:7421/a/x?t=1';
    expect(telegramKeyboard({ ...CATASTROPHIC, links: { view: local } })).toEqual([]);
  });

  it('reports ok:false with Telegram’s description, never the token', async () => {
    reply = { status: 400, body: { ok: false, description: 'Bad Request: chat not found' } };
    const err = await makeTelegram(config())
      .send(HIGH)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotifyError);
    expect((err as NotifyError).message).toBe(
      'notify channel "tg": HTTP 400: Bad Request: chat not found',
    );
    expect((err as NotifyError).status).toBe(400);
  });

  it('rejects a 200 reply that says ok:false', async () => {
    reply = { body: { ok: false, description: 'Forbidden: bot was blocked by the user' } };
    await expect(makeTelegram(config()).send(HIGH)).rejects.toMatchObject({
      code: 'notify/rejected',
      message: 'notify channel "tg": sendMessage: Forbidden: bot was blocked by the user',
    });
  });
});

describe('callback data', () => {
  const good: [data: string, action: 'approve' | 'deny', id: string, nonce: string][] = [
    ['a:apr_1:abcdEFGH', 'approve', 'apr_1', 'abcdEFGH'],
    ['d:apr_Q3b8ZtW1nc:FdrXAmUF', 'deny', 'apr_Q3b8ZtW1nc', 'FdrXAmUF'],
    [`a:${'i'.repeat(53)}:_-_-_-_-`, 'approve', 'i'.repeat(53), '_-_-_-_-'],
  ];
  it.each(good)('parses %s', (data, action, approvalId, nonce) => {
    expect(parseCallbackData(data)).toEqual({ action, approvalId, nonce });
  });

  const bad: string[] = [
    'x:apr_1:abcdEFGH',
    'a:apr_1:abcdEFG',
    'a:apr_1:abcdEFGHI',
    'a::abcdEFGH',
    'a:apr 1:abcdEFGH',
    'a:apr_1:abcd/FGH',
    `a:${'i'.repeat(54)}:abcdEFGH`,
    'approve',
  ];
  it.each(bad)('refuses %j', (data) => {
    expect(parseCallbackData(data)).toBeUndefined();
  });

  it('never builds more than 64 bytes', () => {
    expect(callbackData('approve', 'i'.repeat(53), 'abcdEFGH')).toHaveLength(CALLBACK_DATA_MAX);
    expect(callbackData('approve', 'i'.repeat(54), 'abcdEFGH')).toBeUndefined();
    expect(callbackData('deny', 'apr:1', 'abcdEFGH')).toBeUndefined();
  });
});
