/** Metrics, rate limits, body limits, media types and live events, over real HTTP. */
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument -- reply bodies are untyped JSON that the assertions inspect */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit.js';
import { seedCast, shell, startTestGate, type Cast, type TestGate } from './test-http.js';

describe('metrics', () => {
  let g: TestGate;
  let cast: Cast;
  beforeAll(async () => {
    g = await startTestGate({ metricsToken: 'prometheus-scrape-token-1234' });
    cast = await seedCast(g);
  });
  afterAll(async () => {
    await g.close();
  });

  it('counts decisions, pending approvals, decide time and HTTP codes', async () => {
    await g.call('POST', '/v1/decide', { auth: cast.agentA, body: shell('git status') });
    await g.call('POST', '/v1/decide', {
      auth: cast.agentA,
      body: shell('git push --force origin main'),
    });
    await g.call('GET', '/v1/nowhere', { auth: cast.admin });
    const r = await g.call('GET', '/metrics', { auth: 'prometheus-scrape-token-1234' });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const line of [
      'portcullis_decisions_total{verdict="allow"} 1',
      'portcullis_decisions_total{verdict="ask"} 1',
      'portcullis_decisions_total{verdict="deny"} 0',
      'portcullis_pending_approvals 1',
      '# TYPE portcullis_decide_seconds histogram',
      'portcullis_decide_seconds_count 2',
      'portcullis_decide_seconds_bucket{le="+Inf"} 2',
      '# TYPE portcullis_http_requests_total counter',
      'portcullis_http_requests_total{code="404"} 1',
    ]) {
      expect(r.text.split('\n')).toContain(line);
    }
    expect(r.text).toMatch(/^portcullis_decide_seconds_bucket\{le="0\.001"\} \d+$/m);
    expect(r.text).toMatch(/^portcullis_http_requests_total\{code="200"\} \d+$/m);
  });

  it('a wrong metrics token is not a credential', async () => {
    const r = await g.call('GET', '/metrics', { auth: 'prometheus-scrape-token-1235' });
    expect(r.status).toBe(401);
  });
});

describe('rate limits, sizes and media types', () => {
  let g: TestGate;
  let cast: Cast;
  beforeAll(async () => {
    g = await startTestGate({}, { limits: { agent: { burst: 3, perSecond: 0.01 } } });
    cast = await seedCast(g);
  });
  afterAll(async () => {
    await g.close();
  });

  it('an agent over its bucket gets 429 with retry-after', async () => {
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 4; i++) {
      last = await g.call('GET', '/v1/approvals', { auth: cast.agentA });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(last?.body.error.code).toBe('request/rate-limited');
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another agent has its own bucket.
    expect((await g.call('GET', '/v1/approvals', { auth: cast.agentB })).status).toBe(200);
  });

  it('login attempts: 10 a minute per name and address, then 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const r = await g.call('POST', '/v1/login', {
        body: { name: 'nobody', password: `guess-number-${i}` },
      });
      statuses.push(r.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 429]);
  });

  it('a body over 256 KB is 413, a command over 64 KB is 400, a non-JSON body is 415', async () => {
    const big = await g.call('POST', '/v1/decide', {
      auth: cast.agentB,
      body: shell(`echo ${'x'.repeat(300 * 1024)}`),
    });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('request/too-large');

    const long = await g.call('POST', '/v1/decide', {
      auth: cast.agentB,
      body: shell(`echo ${'x'.repeat(65 * 1024)}`),
    });
    expect(long.status).toBe(400);
    expect(long.body.error.code).toBe('request/invalid');

    const form = await g.call('POST', '/v1/decide', {
      raw: JSON.stringify(shell('git status')),
      headers: { 'content-type': 'text/plain' },
    });
    expect(form.status).toBe(415);
    expect(form.body.error.code).toBe('request/unsupported-media-type');
  });

  it('malformed and unknown fields are request/invalid', async () => {
    const cases: [string, unknown][] = [
      ['{"request":', undefined],
      ['', { request: { kind: 'shell', command: 'ls', cwd: '/', extra: 1 } }],
      ['', { request: { kind: 'ssh', command: 'ls', cwd: '/' } }],
      ['', { request: { kind: 'shell', command: 'ls', cwd: '/' }, wait: 301 }],
      ['', { request: { kind: 'shell', command: 'ls' } }],
    ];
    for (const [raw, body] of cases) {
      const r = await g.call('POST', '/v1/decide', raw ? { raw } : { body });
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('request/invalid');
    }
  });
});

describe('RateLimiter', () => {
  it('serves the burst, then refills at the rate', () => {
    let now = 0;
    const l = new RateLimiter({ burst: 2, perSecond: 1 }, () => now);
    expect([l.take('k'), l.take('k'), l.take('k')]).toEqual([0, 0, 1]);
    now = 1000;
    expect([l.take('k'), l.take('k')]).toEqual([0, 1]);
    expect(l.take('other')).toBe(0);
  });

  it('stays bounded in keys', () => {
    const l = new RateLimiter({ burst: 1, perSecond: 1 }, () => 0, 3);
    for (const k of ['a', 'b', 'c', 'd']) l.take(k);
    // 'a' was evicted, so it has a full bucket again; 'd' has spent its one request.
    expect(l.take('a')).toBe(0);
    expect(l.take('d')).toBe(1);
  });
});

describe('live events', () => {
  let g: TestGate;
  let cast: Cast;
  beforeAll(async () => {
    g = await startTestGate({}, { heartbeatMs: 50 });
    cast = await seedCast(g);
  });
  afterAll(async () => {
    await g.close();
  });

  it('streams `event: approval` with the id, and heartbeats', async () => {
    const abort = new AbortController();
    const timer = setTimeout(() => {
      abort.abort();
    }, 5000);
    try {
      const res = await fetch(`${g.url}/v1/events`, {
        headers: { authorization: `Bearer ${cast.bob}` },
        signal: abort.signal,
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let seen = '';
      const opened = await g.call('POST', '/v1/decide', {
        auth: cast.agentA,
        body: shell('git push --force origin main'),
      });
      const id = opened.body.approval.id as string;
      const want = `event: approval\ndata: {"id":"${id}"}`;
      while (!(seen.includes(want) && seen.includes(': heartbeat'))) {
        const { value, done } = await reader.read();
        if (done) break;
        seen += decoder.decode(value);
      }
      expect(seen).toContain(want);
      expect(seen).toContain(': heartbeat');
    } finally {
      clearTimeout(timer);
      abort.abort();
    }
  });
});
