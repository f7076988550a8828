import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../store/store.js';
import { SIGNATURE_HEADER, WebhookError, WebhookSink } from './sink.js';

const SECRET = 'test-webhook-secret-0123456789';

const EVENTS: AuditEvent[] = [
  {
    seq: 1,
    ts: '2025-01-02T03:04:05.678Z',
    type: 'decision',
    actor: 'agent:claude',
    data: { verdict: 'allow' },
    prev: '0'.repeat(64),
    hash: 'ab'.repeat(32),
    sig: 'A'.repeat(86),
  },
];

const BODY =
  '{"events":[{"actor":"agent:claude","data":{"verdict":"allow"},"hash":"' +
  'ab'.repeat(32) +
  '","prev":"' +
  '0'.repeat(64) +
  '","seq":1,"sig":"' +
  'A'.repeat(86) +
  '","ts":"2025-01-02T03:04:05.678Z","type":"decision"}]}';

interface Received {
  body: string;
  headers: IncomingMessage['headers'];
}

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** A loopback server answering each request with the next of `answers` (the last one repeats). */
async function serve(
  answers: ((res: ServerResponse) => void)[],
): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
      const answer = answers[Math.min(received.length, answers.length) - 1]!;
      answer(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => {
        resolve();
      });
    });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/audit?key=abc`, received };
}

const status =
  (code: number, headers: Record<string, string> = {}) =>
  (res: ServerResponse) => {
    res.writeHead(code, headers).end('x');
  };

describe('WebhookSink', () => {
  it('POSTs the canonical batch with an HMAC of the exact body', async () => {
    const { url, received } = await serve([status(204)]);
    await new WebhookSink({ url, secret: SECRET }).send(EVENTS);
    expect(received).toHaveLength(1);
    const [req] = received;
    expect(req!.body).toBe(BODY);
    expect(req!.headers['content-type']).toBe('application/json');
    const expected = `sha256=${createHmac('sha256', SECRET).update(BODY).digest('hex')}`;
    const got = String(req!.headers[SIGNATURE_HEADER]);
    expect(got.length).toBe(expected.length);
    expect(timingSafeEqual(Buffer.from(got), Buffer.from(expected))).toBe(true);
  });

  it('sends no signature header without a secret', async () => {
    const { url, received } = await serve([status(200)]);
    await new WebhookSink({ url }).send(EVENTS);
    expect(received[0]!.headers[SIGNATURE_HEADER]).toBeUndefined();
  });

  it('retries after a 500 and succeeds on the 200', async () => {
    const { url, received } = await serve([status(500), status(200)]);
    await new WebhookSink({ url, secret: SECRET, retryDelayMs: 5 }).send(EVENTS);
    expect(received).toHaveLength(2);
    expect(received[1]!.body).toBe(BODY);
  });

  it('gives up after three tries and says so without the URL', async () => {
    const { url, received } = await serve([status(503)]);
    const err = await new WebhookSink({ url, retryDelayMs: 5 })
      .send(EVENTS)
      .catch((e: unknown) => e);
    expect(received).toHaveLength(3);
    expect(err).toBeInstanceOf(WebhookError);
    expect((err as WebhookError).status).toBe(503);
    expect((err as WebhookError).message).not.toContain('key=abc');
  });

  const final: [string, number, Record<string, string>][] = [
    ['a 400 (a refusal, not an outage)', 400, {}],
    ['a 401', 401, {}],
    ['a redirect (never followed)', 307, { location: 'http://127.0.0.1:9/elsewhere' }],
  ];
  it.each(final)('fails at once on %s', async (_name, code, headers) => {
    const { url, received } = await serve([status(code, headers)]);
    await expect(new WebhookSink({ url, retryDelayMs: 5 }).send(EVENTS)).rejects.toMatchObject({
      name: 'WebhookError',
      status: code,
    });
    expect(received).toHaveLength(1);
  });

  it('retries a 429, and times out a receiver that never answers', async () => {
    const slow = await serve([status(429), () => undefined]);
    const started = Date.now();
    const err = await new WebhookSink({ url: slow.url, timeoutMs: 100, retryDelayMs: 5 })
      .send(EVENTS)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebhookError);
    expect((err as WebhookError).status).toBeUndefined();
    expect(slow.received).toHaveLength(3);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('fails after three tries when nothing listens', async () => {
    const { url } = await serve([status(200)]);
    await close!();
    close = undefined;
    await expect(new WebhookSink({ url, retryDelayMs: 1 }).send(EVENTS)).rejects.toThrow(
      /unreachable \(try 3\)/,
    );
  });

  it('sends nothing for an empty batch', async () => {
    let calls = 0;
    const sink = new WebhookSink({
      url: 'http://127.0.0.1:9/',
      fetch: () => {
        calls++;
        return Promise.resolve(new Response(null, { status: 200 }));
      },
    });
    await sink.send([]);
    expect(calls).toBe(0);
  });

  const badOptions: [string, ConstructorParameters<typeof WebhookSink>[0]][] = [
    ['not a URL', { url: 'not a url' }],
    ['another scheme', { url: 'file:///etc/passwd' }],
    ['a short secret', { url: 'https://x/', secret: 'short' }],
    ['a zero timeout', { url: 'https://x/', timeoutMs: 0 }],
  ];
  it.each(badOptions)('refuses %s', (_name, opts) => {
    expect(() => new WebhookSink(opts)).toThrow(TypeError);
  });
});
