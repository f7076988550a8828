/**
 * One suite for every HTTP channel (CONVENTIONS.md 11): the same failures must look the same whichever channel
 * meets them: a status, a timeout, an abort, a refused connection, a redirect. Errors never carry the URL.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { NotifyError, type Notifier } from './channel.js';
import { makeNotifier } from './index.js';
import { notifySchema, type ChannelConfig } from './schema.js';
import { HIGH, startReceiver, type Receiver, type Reply } from './test-kit.js';

type Make = (url: string) => Record<string, unknown>;
const channels: [type: string, make: Make][] = [
  ['ntfy', (url) => ({ type: 'ntfy', url, topic: 'gate' })],
  ['gotify', (url) => ({ type: 'gotify', url, token: 'AppTok.123' })],
  ['slack', (url) => ({ type: 'slack', webhookUrl: `${url}/services/T0/B0/SECRETPATH` })],
  ['discord', (url) => ({ type: 'discord', webhookUrl: `${url}/api/webhooks/1/SECRETPATH` })],
  ['telegram', (url) => ({ type: 'telegram', botToken: '1:SECRETPATH', chatId: 5, apiBase: url })],
  ['webhook', (url) => ({ type: 'webhook', url: `${url}/SECRETPATH`, secret: 'x'.repeat(16) })],
];

const build = (make: Make, url: string): Notifier =>
  makeNotifier(
    notifySchema.parse({ channels: [{ name: 'ch', timeoutMs: 200, ...make(url) }] })
      .channels[0] as ChannelConfig,
  );

let rx: Receiver | undefined;
afterEach(async () => {
  await rx?.close();
  rx = undefined;
});

async function failing(make: Make, reply: Reply, signal?: AbortSignal): Promise<NotifyError> {
  rx = await startReceiver(() => reply);
  const err = await build(make, rx.url)
    .send(HIGH, signal)
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  if (!(err instanceof NotifyError)) throw new Error(`expected a NotifyError, got ${String(err)}`);
  expect(err.message).not.toContain('SECRETPATH');
  expect(err.message).not.toContain('127.0.0.1');
  return err;
}

describe.each(channels)('%s', (_type, make) => {
  it('fails on HTTP 500, naming the channel and status, not the body', async () => {
    const err = await failing(make, { status: 500, body: 'see https://x/SECRETPATH' });
    expect([err.code, err.status, err.channel, err.message]).toEqual([
      'notify/http',
      500,
      'ch',
      'notify channel "ch": HTTP 500',
    ]);
  });

  it('shows a plain-phrase error from the receiver', async () => {
    const err = await failing(make, { status: 400, body: 'invalid_payload' });
    expect(err.message).toBe('notify channel "ch": HTTP 400: invalid_payload');
  });

  it('times out on a receiver that never answers', async () => {
    const started = Date.now();
    const err = await failing(make, { hang: true });
    expect([err.code, err.message]).toEqual(['notify/timeout', 'notify channel "ch": timed out']);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('stops when the caller aborts', async () => {
    const err = await failing(make, { hang: true }, AbortSignal.timeout(50));
    expect(err.code).toBe('notify/aborted');
  });

  it('does not follow a redirect', async () => {
    const err = await failing(make, { status: 302, body: '' });
    expect(err.code).toBe('notify/network');
    expect(rx?.requests).toHaveLength(1);
  });

  it('reports a refused connection', async () => {
    const closed = await startReceiver();
    await closed.close();
    const err = await build(make, closed.url)
      .send(HIGH)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotifyError);
    expect((err as NotifyError).message).toBe(
      'notify channel "ch": could not deliver (ECONNREFUSED)',
    );
  });
});
