import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeGotify } from './gotify.js';
import { notifySchema, type GotifyConfig } from './schema.js';
import { CATASTROPHIC, HIGH, startReceiver, type Receiver } from './test-kit.js';

let rx: Receiver;
beforeEach(async () => {
  rx = await startReceiver();
});
afterEach(async () => {
  await rx.close();
});

const config = (extra: Record<string, unknown> = {}): GotifyConfig =>
  notifySchema.parse({
    channels: [{ name: 'gotify', type: 'gotify', url: rx.url, token: 'AppTok.123', ...extra }],
  }).channels[0] as GotifyConfig;

describe('gotify', () => {
  it('posts /message with the app token in X-Gotify-Key and a click URL (pinned)', async () => {
    await makeGotify(config()).send(CATASTROPHIC);
    const [req] = rx.requests;
    expect(req?.path).toBe('/message');
    expect(req?.headers['x-gotify-key']).toBe('AppTok.123');
    expect(rx.onlyJson()).toEqual({
      title: 'CATASTROPHIC in prod: approval needed',
      message: [
        '[Portcullis] CATASTROPHIC in prod: terraform destroy -auto-approve — agent claude-code needs 2 approvals (expires 14:05 UTC)',
        '',
        '• destroys every resource in the prod stack',
        'Approval apr_7Hk2mQ9xLp',
        'Open the console to approve or deny.',
        '',
        'View: https://gate.example/a/apr_7Hk2mQ9xLp?t=v1.view',
      ].join('\n'),
      priority: 10,
      extras: {
        'client::display': { contentType: 'text/plain' },
        'client::notification': {
          click: { url: 'https://gate.example/a/apr_7Hk2mQ9xLp?t=v1.view' },
        },
      },
    });
  });

  it('uses the configured priority, and never writes an approve link into the text', async () => {
    await makeGotify(config({ priority: 6 })).send(HIGH);
    const body = rx.onlyJson() as { priority: number; message: string };
    expect(body.priority).toBe(6);
    expect(body.message).not.toContain('/approve');
  });
});
