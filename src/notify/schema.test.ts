import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ChannelType } from './channel.js';
import {
  NotifyConfigError,
  parseNotifyConfig,
  resolveSecrets,
  type ChannelConfig,
} from './schema.js';

const problems = (raw: unknown, env: Record<string, string> = {}): unknown => {
  try {
    parseNotifyConfig(raw, env);
  } catch (e) {
    if (e instanceof NotifyConfigError) return e.problems;
    throw e;
  }
  return 'parsed';
};

describe('notify config', () => {
  it('fills defaults: high and catastrophic, desk stage, 5 s timeout', () => {
    expect(
      parseNotifyConfig(
        {
          channels: [{ name: 'phone', type: 'ntfy', url: 'https://ntfy.sh', topic: 'gate-1' }],
          escalateAfter: '5m',
        },
        {},
      ),
    ).toEqual({
      channels: [
        {
          name: 'phone',
          type: 'ntfy',
          url: 'https://ntfy.sh',
          topic: 'gate-1',
          risks: ['high', 'catastrophic'],
          stage: 'desk',
          timeoutMs: 5000,
        },
      ],
      escalateAfter: 300_000,
    });
  });

  it('accepts every channel type', () => {
    const cfg = parseNotifyConfig(
      {
        channels: [
          { name: 'n', type: 'ntfy', url: 'https://ntfy.sh', topic: 't', token: 'tk' },
          { name: 'g', type: 'gotify', url: 'https://gotify.lan', token: 'A1', priority: 7 },
          { name: 's', type: 'slack', webhookUrl: 'https://hooks.slack.com/services/T/B/x' },
          { name: 'd', type: 'discord', webhookUrl: 'https://discord.com/api/webhooks/1/x' },
          { name: 't', type: 'telegram', botToken: '1:AbC', chatId: -100123, stage: 'phone' },
          { name: 'w', type: 'webhook', url: 'http://10.0.0.2/hook', secret: 's'.repeat(32) },
          {
            name: 'e',
            type: 'email',
            host: 'smtp.example.com',
            port: 587,
            user: 'gate',
            pass: 'pw',
            from: 'gate@example.com',
            to: ['ops@example.com'],
            risks: ['catastrophic'],
          },
        ],
        escalateAfter: 90,
      },
      {},
    );
    expect(cfg.channels.map((c) => c.type)).toEqual([
      'ntfy',
      'gotify',
      'slack',
      'discord',
      'telegram',
      'webhook',
      'email',
    ]);
    expect(cfg.channels[4]).toMatchObject({ apiBase: 'https://api.telegram.org', stage: 'phone' });
    expect(cfg.channels[6]).toMatchObject({
      secure: false,
      requireTLS: false,
      risks: ['catastrophic'],
    });
    expect(cfg.escalateAfter).toBe(90_000);
  });

  it('accepts an absent section', () => {
    expect(parseNotifyConfig(undefined, {})).toEqual({ channels: [] });
  });

  const invalid: [name: string, raw: unknown, expected: { field: string; message: string }[]][] = [
    [
      'an unknown key (a typo)',
      { channels: [{ name: 'a', type: 'ntfy', url: 'https://ntfy.sh', topic: 'x', topc: 1 }] },
      [{ field: 'notify.channels[0]', message: 'Unrecognized key: "topc"' }],
    ],
    [
      'an unknown channel type',
      { channels: [{ name: 'a', type: 'pager', url: 'https://x' }] },
      [
        {
          field: 'notify.channels[0].type',
          message:
            "Invalid discriminator value. Expected 'ntfy' | 'gotify' | 'slack' | 'discord' | 'telegram' | 'webhook' | 'email'",
        },
      ],
    ],
    [
      'a URL that is not http(s)',
      { channels: [{ name: 'a', type: 'slack', webhookUrl: 'ftp://x/y' }] },
      [{ field: 'notify.channels[0].webhookUrl', message: 'an http(s) URL' }],
    ],
    [
      'a malformed bot token and chat',
      { channels: [{ name: 'a', type: 'telegram', botToken: 'abc', chatId: 'ops' }] },
      [
        { field: 'notify.channels[0].botToken', message: 'a bot token such as 123456:ABC-def' },
        { field: 'notify.channels[0].chatId', message: 'a chat id or @channel' },
      ],
    ],
    [
      'two channels with one name',
      {
        channels: [
          { name: 'a', type: 'slack', webhookUrl: 'https://x' },
          { name: 'a', type: 'discord', webhookUrl: 'https://y' },
        ],
      },
      [{ field: 'notify.channels[1].name', message: 'duplicate channel name "a"' }],
    ],
    [
      'a short webhook secret',
      { channels: [{ name: 'w', type: 'webhook', url: 'https://x', secret: 'short' }] },
      [{ field: 'notify.channels[0].secret', message: 'at least 16 characters' }],
    ],
    [
      'an SMTP user without a password',
      {
        channels: [
          {
            name: 'e',
            type: 'email',
            host: 'h',
            port: 25,
            from: 'a@b.io',
            to: ['c@d.io'],
            user: 'u',
          },
        ],
      },
      [{ field: 'notify.channels[0]', message: 'give both user and pass' }],
    ],
    [
      'no risks, an unknown stage',
      {
        channels: [
          { name: 's', type: 'slack', webhookUrl: 'https://x', risks: [], stage: 'pager' },
        ],
      },
      [
        {
          field: 'notify.channels[0].risks',
          message: 'Too small: expected array to have >=1 items',
        },
        {
          field: 'notify.channels[0].stage',
          message: 'Invalid option: expected one of "desk"|"phone"',
        },
      ],
    ],
    [
      'a duration in words',
      { escalateAfter: '5 minutes' },
      [
        {
          field: 'notify.escalateAfter',
          message: 'seconds, or a duration such as "90s", "5m" or "1h"',
        },
      ],
    ],
    [
      'a misspelt section key',
      { chanels: [] },
      [{ field: 'notify', message: 'Unrecognized key: "chanels"' }],
    ],
  ];
  it.each(invalid)('refuses %s', (_name, raw, expected) => {
    expect(problems(raw)).toEqual(expected);
  });

  it('knows exactly the channel types the notifiers implement', () => {
    expectTypeOf<ChannelConfig['type']>().toEqualTypeOf<ChannelType>();
  });
});

describe('secrets from the environment', () => {
  it('replaces ${NAME} anywhere in a string, in nested values', () => {
    expect(
      resolveSecrets(
        { a: 'Bearer ${TOKEN}', b: ['${HOOK}', 7], c: { d: 'x${TOKEN}y${HOOK}' }, e: '$TOKEN' },
        { TOKEN: 'tk', HOOK: 'https://h' },
      ),
    ).toEqual({ a: 'Bearer tk', b: ['https://h', 7], c: { d: 'xtkyhttps://h' }, e: '$TOKEN' });
  });

  it('names every unset variable and where it is used', () => {
    expect(
      problems({
        channels: [
          { name: 's', type: 'slack', webhookUrl: '${SLACK_URL}' },
          { name: 'g', type: 'gotify', url: 'https://g', token: '${GOTIFY_TOKEN}' },
        ],
      }),
    ).toEqual([
      {
        field: 'notify.channels[0].webhookUrl',
        message: 'environment variable SLACK_URL is not set',
      },
      {
        field: 'notify.channels[1].token',
        message: 'environment variable GOTIFY_TOKEN is not set',
      },
    ]);
  });

  it('validates the resolved value without echoing it', () => {
    const err = (() => {
      try {
        parseNotifyConfig(
          { channels: [{ name: 's', type: 'slack', webhookUrl: '${SLACK_URL}' }] },
          { SLACK_URL: 'hooks.slack.com/services/T/B/sekr3t' },
        );
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(err?.message).toBe(
      'invalid notify config:\n  notify.channels[0].webhookUrl: an http(s) URL',
    );
  });

  it('resolves before validating, so a secret URL is checked as a URL', () => {
    const cfg = parseNotifyConfig(
      { channels: [{ name: 's', type: 'slack', webhookUrl: '${SLACK_URL}' }] },
      { SLACK_URL: 'https://hooks.slack.com/services/T/B/sekr3t' },
    );
    expect(cfg.channels[0]).toMatchObject({
      webhookUrl: 'https://hooks.slack.com/services/T/B/sekr3t',
    });
  });
});
