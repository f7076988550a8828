import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { notifySchema, type SlackConfig } from './schema.js';
import { makeSlack } from './slack.js';
import { CATASTROPHIC, HIGH, startReceiver, type Receiver } from './test-kit.js';

let rx: Receiver;
beforeEach(async () => {
  rx = await startReceiver(() => ({ body: 'ok' }));
});
afterEach(async () => {
  await rx.close();
});

const config = (): SlackConfig =>
  notifySchema.parse({
    channels: [{ name: 'slack', type: 'slack', webhookUrl: `${rx.url}/services/T0/B0/xyz` }],
  }).channels[0] as SlackConfig;

describe('slack', () => {
  it('posts text and blocks with link buttons, escaped, unfurling off (pinned)', async () => {
    await makeSlack(config()).send(HIGH);
    expect(rx.requests[0]?.path).toBe('/services/T0/B0/xyz');
    const text =
      '[Portcullis] HIGH in staging: kubectl delete deployment api -n staging — agent codex needs 1 approval (expires 14:05 UTC)';
    expect(rx.onlyJson()).toEqual({
      text,
      unfurl_links: false,
      unfurl_media: false,
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text } },
        {
          type: 'context',
          elements: [
            {
              type: 'mrkdwn',
              text: [
                '• deletes a deployment',
                '• staging &lt;shared&gt; &amp; busy',
                'Approval apr_Q3b8ZtW1nc',
                'Approve or deny here, or open the console to see the details.',
              ].join('\n'),
            },
          ],
        },
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              action_id: 'portcullis_approve',
              text: { type: 'plain_text', text: 'Approve' },
              url: 'https://gate.example/a/apr_Q3b8ZtW1nc/approve?t=v1.ap',
              style: 'primary',
            },
            {
              type: 'button',
              action_id: 'portcullis_deny',
              text: { type: 'plain_text', text: 'Deny' },
              url: 'https://gate.example/a/apr_Q3b8ZtW1nc/deny?t=v1.dn',
              style: 'danger',
            },
            {
              type: 'button',
              action_id: 'portcullis_view',
              text: { type: 'plain_text', text: 'View' },
              url: 'https://gate.example/a/apr_Q3b8ZtW1nc?t=v1.view',
            },
          ],
        },
      ],
    });
  });

  it('offers only the console for catastrophic, and escapes a mention in the command', async () => {
    await makeSlack(config()).send({ ...CATASTROPHIC, summary: 'echo <!channel> && rm -rf /' });
    const body = rx.onlyJson() as { text: string; blocks: { elements?: unknown[] }[] };
    expect(body.text).toContain('echo &lt;!channel&gt; &amp;&amp; rm -rf /');
    expect(body.blocks[2]?.elements).toEqual([
      {
        type: 'button',
        action_id: 'portcullis_view',
        text: { type: 'plain_text', text: 'Open console to approve' },
        url: 'https://gate.example/a/apr_7Hk2mQ9xLp?t=v1.view',
      },
    ]);
  });
});
