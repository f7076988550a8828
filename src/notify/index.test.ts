import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Risk } from '../analyze/types.js';
import {
  CHANNEL_TYPES,
  channelsFor,
  findChannel,
  makeNotifiers,
  parseNotifyConfig,
  sendAll,
  type Notifier,
  type Stage,
} from './index.js';
import { HIGH, startReceiver, type Receiver } from './test-kit.js';

const config = parseNotifyConfig(
  {
    channels: [
      { name: 'desk-slack', type: 'slack', webhookUrl: 'https://hooks.example/1' },
      {
        name: 'phone-ntfy',
        type: 'ntfy',
        url: 'https://ntfy.example',
        topic: 'gate',
        stage: 'phone',
        risks: ['catastrophic'],
      },
      {
        name: 'all-hook',
        type: 'webhook',
        url: 'https://hook.example',
        secret: 'x'.repeat(16),
        risks: ['none', 'low', 'high', 'catastrophic'],
      },
    ],
  },
  {},
);

describe('registry', () => {
  it('makes one notifier per channel, in order', () => {
    expect(makeNotifiers(config).map((n) => [n.name, n.type, n.stage, n.risks])).toEqual([
      ['desk-slack', 'slack', 'desk', ['high', 'catastrophic']],
      ['phone-ntfy', 'ntfy', 'phone', ['catastrophic']],
      ['all-hook', 'webhook', 'desk', ['none', 'low', 'high', 'catastrophic']],
    ]);
  });

  it('has a module and a test for every channel type, and no module it does not know', () => {
    const files = new Set(readdirSync(new URL('.', import.meta.url)));
    for (const t of CHANNEL_TYPES) {
      expect(files.has(`${t}.ts`), `${t}.ts`).toBe(true);
      expect(files.has(`${t}.test.ts`), `${t}.test.ts`).toBe(true);
    }
    const support = [
      'channel',
      'index',
      'message',
      'schema',
      'telegram-poller',
      'test-kit',
      'channels',
    ];
    const modules = [...files].filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    const unknown = modules
      .map((f) => f.slice(0, -3))
      .filter((m) => ![...CHANNEL_TYPES, ...support].includes(m));
    expect(unknown).toEqual([]);
  });
});

describe('channelsFor', () => {
  const notifiers = makeNotifiers(config);
  const cases: [risk: Risk, stage: Stage, names: string[]][] = [
    ['catastrophic', 'desk', ['desk-slack', 'all-hook']],
    ['catastrophic', 'phone', ['phone-ntfy']],
    ['high', 'desk', ['desk-slack', 'all-hook']],
    ['high', 'phone', []],
    ['low', 'desk', ['all-hook']],
    ['none', 'phone', []],
  ];
  it.each(cases)('%s at %s', (risk, stage, names) => {
    expect(channelsFor(risk, stage, notifiers).map((n) => n.name)).toEqual(names);
  });

  it('finds a channel by name for `notify test`', () => {
    expect(findChannel('phone-ntfy', notifiers)?.type).toBe('ntfy');
    expect(findChannel('nope', notifiers)).toBeUndefined();
  });
});

describe('sendAll', () => {
  const receivers: Receiver[] = [];
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });

  it('tells every channel even when one fails, and reports each result', async () => {
    const ok = await startReceiver();
    const down = await startReceiver(() => ({ status: 503 }));
    receivers.push(ok, down);
    const notifiers = makeNotifiers(
      parseNotifyConfig(
        {
          channels: [
            { name: 'down', type: 'slack', webhookUrl: down.url },
            { name: 'ok', type: 'discord', webhookUrl: ok.url },
          ],
        },
        {},
      ),
    );
    const results = await sendAll(notifiers, HIGH);
    expect(results.map((r) => (r.ok ? [r.channel, 'ok'] : [r.channel, r.error.message]))).toEqual([
      ['down', 'notify channel "down": HTTP 503'],
      ['ok', 'ok'],
    ]);
    expect(ok.requests).toHaveLength(1);
  });

  it('turns an unexpected throw into a NotifyError', async () => {
    const broken: Notifier = {
      name: 'broken',
      type: 'webhook',
      risks: ['high'],
      stage: 'desk',
      send: () => Promise.reject(new TypeError('boom')),
    };
    const [r] = await sendAll([broken], HIGH);
    expect(r).toMatchObject({ channel: 'broken', ok: false, error: { code: 'notify/internal' } });
  });
});
