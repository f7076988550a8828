import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeDiscord } from './discord.js';
import { notifySchema, type DiscordConfig } from './schema.js';
import { CATASTROPHIC, HIGH, startReceiver, type Receiver } from './test-kit.js';

let rx: Receiver;
beforeEach(async () => {
  rx = await startReceiver(() => ({ status: 204 }));
});
afterEach(async () => {
  await rx.close();
});

const config = (): DiscordConfig =>
  notifySchema.parse({
    channels: [{ name: 'discord', type: 'discord', webhookUrl: `${rx.url}/api/webhooks/1/abc` }],
  }).channels[0] as DiscordConfig;

describe('discord', () => {
  it('posts content and one embed, with mentions off (pinned)', async () => {
    await makeDiscord(config()).send(CATASTROPHIC);
    expect(rx.requests[0]?.path).toBe('/api/webhooks/1/abc');
    expect(rx.onlyJson()).toEqual({
      username: 'Portcullis',
      content:
        '\\[Portcullis\\] CATASTROPHIC in prod: terraform destroy -auto-approve — agent claude-code needs 2 approvals \\(expires 14:05 UTC\\)',
      allowed_mentions: { parse: [] },
      embeds: [
        {
          title: 'CATASTROPHIC in prod: approval needed',
          url: 'https://gate.example/a/apr_7Hk2mQ9xLp?t=v1.view',
          description: [
            '• destroys every resource in the prod stack',
            'Approval apr\\_7Hk2mQ9xLp',
            'Open the console to approve or deny.',
            '',
            '[Open console to approve](https://gate.example/a/apr_7Hk2mQ9xLp?t=v1.view)',
          ].join('\n'),
          color: 0xb00020,
          footer: { text: 'Expires' },
          timestamp: '2026-11-26T14:05:00.000Z',
        },
      ],
    });
  });

  it('links Approve and Deny when inline approval is allowed, and escapes markdown', async () => {
    await makeDiscord(config()).send({ ...HIGH, summary: 'echo **@everyone** [x](y)' });
    const body = rx.onlyJson() as { content: string; embeds: { description: string }[] };
    expect(body.content).toContain('echo \\*\\*@everyone\\*\\* \\[x\\]\\(y\\)');
    expect(body.embeds[0]?.description.split('\n').at(-1)).toBe(
      '[Approve](https://gate.example/a/apr_Q3b8ZtW1nc/approve?t=v1.ap) · ' +
        '[Deny](https://gate.example/a/apr_Q3b8ZtW1nc/deny?t=v1.dn) · ' +
        '[View](https://gate.example/a/apr_Q3b8ZtW1nc?t=v1.view)',
    );
  });
});
