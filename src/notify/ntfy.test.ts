import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeNtfy } from './ntfy.js';
import { notifySchema, type NtfyConfig } from './schema.js';
import { CATASTROPHIC, HIGH, startReceiver, type Receiver } from './test-kit.js';

let rx: Receiver;
beforeEach(async () => {
  rx = await startReceiver();
});
afterEach(async () => {
  await rx.close();
});

const config = (extra: Record<string, unknown> = {}): NtfyConfig =>
  notifySchema.parse({
    channels: [
      { name: 'phone', type: 'ntfy', url: `${rx.url}/ntfy/`, topic: 'gate-7421', ...extra },
    ],
  }).channels[0] as NtfyConfig;

describe('ntfy', () => {
  it('publishes JSON to the server root with Approve/Deny http actions (pinned)', async () => {
    await makeNtfy(config({ token: 'tk_secret' })).send(HIGH);
    const [req] = rx.requests;
    expect(req?.method).toBe('POST');
    expect(req?.path).toBe('/ntfy/');
    expect(req?.headers.authorization).toBe('Bearer tk_secret');
    expect(req?.headers['content-type']).toBe('application/json');
    expect(rx.onlyJson()).toEqual({
      topic: 'gate-7421',
      title: 'HIGH in staging: approval needed',
      message: [
        '[Portcullis] HIGH in staging: kubectl delete deployment api -n staging — agent codex needs 1 approval (expires 14:05 UTC)',
        '',
        '• deletes a deployment',
        '• staging <shared> & busy',
        'Approval apr_Q3b8ZtW1nc',
        'Approve or deny here, or open the console to see the details.',
      ].join('\n'),
      priority: 4,
      tags: ['warning'],
      click: 'https://gate.example/a/apr_Q3b8ZtW1nc?t=v1.view',
      actions: [
        {
          action: 'http',
          label: 'Approve',
          url: 'https://gate.example/a/apr_Q3b8ZtW1nc/approve?t=v1.ap',
          method: 'POST',
          clear: true,
        },
        {
          action: 'http',
          label: 'Deny',
          url: 'https://gate.example/a/apr_Q3b8ZtW1nc/deny?t=v1.dn',
          method: 'POST',
          clear: true,
        },
        { action: 'view', label: 'View', url: 'https://gate.example/a/apr_Q3b8ZtW1nc?t=v1.view' },
      ],
    });
  });

  it('sends catastrophic to the console only, at top priority, without a token header', async () => {
    await makeNtfy(config()).send({
      ...CATASTROPHIC,
      // Even if the gate slipped and built inline links, catastrophic never gets an Approve button.
      links: {
        ...CATASTROPHIC.links,
        approve: 'https://gate.example/x',
        deny: 'https://gate.example/y',
      },
    });
    expect(rx.requests[0]?.headers.authorization).toBeUndefined();
    expect(rx.onlyJson()).toMatchObject({
      title: 'CATASTROPHIC in prod: approval needed',
      priority: 5,
      tags: ['rotating_light'],
      actions: [
        {
          action: 'view',
          label: 'Open console to approve',
          url: 'https://gate.example/a/apr_7Hk2mQ9xLp?t=v1.view',
        },
      ],
    });
  });
});
