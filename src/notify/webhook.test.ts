import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { notifySchema, type WebhookConfig } from './schema.js';
import { CATASTROPHIC, HIGH, startReceiver, type Receiver } from './test-kit.js';
import { makeWebhook, signWebhookBody, verifyWebhookSignature } from './webhook.js';

let rx: Receiver;
beforeEach(async () => {
  rx = await startReceiver();
});
afterEach(async () => {
  await rx.close();
});

const SECRET = 'whsec_0123456789abcdef';
const SENT_AT = Date.UTC(2026, 10, 26, 13, 50);
const config = (): WebhookConfig =>
  notifySchema.parse({
    channels: [
      { name: 'hook', type: 'webhook', url: `${rx.url}/hooks/portcullis`, secret: SECRET },
    ],
  }).channels[0] as WebhookConfig;

describe('webhook', () => {
  it('posts the notice as JSON, HMAC-signed over the exact body (pinned)', async () => {
    await makeWebhook(config(), () => SENT_AT).send(HIGH);
    const [req] = rx.requests;
    expect(req?.path).toBe('/hooks/portcullis');
    expect(req?.headers['x-portcullis-event']).toBe('approval.request');
    expect(rx.onlyJson()).toEqual({
      event: 'approval.request',
      approvalId: 'apr_Q3b8ZtW1nc',
      agent: 'codex',
      summary: 'kubectl delete deployment api -n staging',
      risk: 'high',
      env: 'staging',
      required: 1,
      reasons: ['deletes a deployment', 'staging <shared> & busy'],
      expiresAt: 1795701900000,
      links: {
        view: 'https://gate.example/a/apr_Q3b8ZtW1nc?t=v1.view',
        approve: 'https://gate.example/a/apr_Q3b8ZtW1nc/approve?t=v1.ap',
        deny: 'https://gate.example/a/apr_Q3b8ZtW1nc/deny?t=v1.dn',
      },
      text: '[Portcullis] HIGH in staging: kubectl delete deployment api -n staging — agent codex needs 1 approval (expires 14:05 UTC)',
      sentAt: 1795701000000,
    });
    const sig = req?.headers['x-portcullis-signature'];
    expect(sig).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(SECRET, req!.body, sig as string)).toBe(true);
  });

  it('drops approve and deny links for catastrophic', async () => {
    await makeWebhook(config(), () => SENT_AT).send({
      ...CATASTROPHIC,
      links: {
        ...CATASTROPHIC.links,
        approve: 'https://gate.example/x',
        deny: 'https://gate.example/y',
      },
    });
    expect((rx.onlyJson() as { links: unknown }).links).toEqual({
      view: 'https://gate.example/a/apr_7Hk2mQ9xLp?t=v1.view',
    });
  });

  const verify: [
    name: string,
    secret: string,
    body: string,
    header: string | undefined,
    ok: boolean,
  ][] = [
    ['the right signature', SECRET, '{"a":1}', signWebhookBody(SECRET, '{"a":1}'), true],
    ['another body', SECRET, '{"a":2}', signWebhookBody(SECRET, '{"a":1}'), false],
    ['another secret', 'x'.repeat(16), '{"a":1}', signWebhookBody(SECRET, '{"a":1}'), false],
    ['no header', SECRET, '{"a":1}', undefined, false],
    ['a truncated header', SECRET, '{"a":1}', 'sha256=00', false],
  ];
  it.each(verify)('verifies %s', (_name, secret, body, header, ok) => {
    expect(verifyWebhookSignature(secret, body, header)).toBe(ok);
  });

  it('signs with HMAC-SHA256 hex (known vector)', () => {
    // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
    expect(signWebhookBody('Jefe', 'what do ya want for nothing?')).toBe(
      'sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });
});
