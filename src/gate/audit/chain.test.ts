import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AuditDraft, AuditEvent } from '../../store/store.js';
import {
  ChainVerifier,
  GENESIS,
  hashEvent,
  makeSealer,
  verifyChain,
  type ChainResult,
} from './chain.js';

// Test-only keys, generated once for these tests and never used anywhere else.
const KEY_PEM = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIN4+Q3+53bnha1moKKGhFSDlwBNG3U2v7jiuw8hjez72
-----END PRIVATE KEY-----
`;
const PUBLIC_PEM = `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAdv5gD4uPn47/SZWGqyOEMZMYUe1XfBWKq+c3uVaJUz4=
-----END PUBLIC KEY-----
`;
const OTHER_KEY_PEM = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIGTGzZNAOv1hvy6FT8KexFN/xoW5DnlHYkVN2wKTpY+A
-----END PRIVATE KEY-----
`;

const privateKey = createPrivateKey(KEY_PEM);
const publicKey = createPublicKey(PUBLIC_PEM);
const seal = makeSealer(privateKey);
const sealOther = makeSealer(createPrivateKey(OTHER_KEY_PEM));

const DRAFT: AuditDraft = {
  ts: '2025-01-02T03:04:05.678Z',
  type: 'decision',
  actor: 'agent:claude',
  data: { command: 'kubectl get pods -n prod', verdict: 'allow', risk: 'none', cwd: '/srv/app' },
};

/** A chain of n events, each a copy (so a test may edit one freely). */
function chain(n: number, sealer = seal): AuditEvent[] {
  const events: AuditEvent[] = [];
  let head: { seq: number; hash: string } | null = null;
  for (let i = 1; i <= n; i++) {
    const ev = sealer({ ...DRAFT, data: { ...DRAFT.data, i } }, head);
    events.push(ev);
    head = { seq: ev.seq, hash: ev.hash };
  }
  return structuredClone(events);
}

function at(events: AuditEvent[], seq: number): AuditEvent {
  return events.find((e) => e.seq === seq)!;
}

describe('the pinned format', () => {
  // Cross-checked outside Node: `sha256sum` of the text in the next test gives HASH1, and
  // `openssl pkeyutl -verify -rawin -pubin -inkey <PUBLIC_PEM> -in <HASH1 as text> -sigfile <SIG1 decoded>` passes.
  it('seals the first event exactly like this', () => {
    expect(seal(DRAFT, null)).toEqual({
      seq: 1,
      ts: '2025-01-02T03:04:05.678Z',
      type: 'decision',
      actor: 'agent:claude',
      data: {
        command: 'kubectl get pods -n prod',
        verdict: 'allow',
        risk: 'none',
        cwd: '/srv/app',
      },
      prev: GENESIS,
      hash: '831fe79de6dbd544433262e3e97d61edfd0e1c0b12bbf70899c9f642127ca853',
      sig: 'g7God87ilbPgajBoTtb8l2Q8RXw1cGjSYhrIoQ7CzqC-aAaXreAxems3l9spkPQjKwBhcNBcMZ5BspLGzPqJAg',
    });
  });

  it('seals a later event exactly like this', () => {
    const head = { seq: 41, hash: 'a'.repeat(64) };
    const ev = seal(DRAFT, head);
    expect([ev.seq, ev.prev, ev.hash, ev.sig]).toEqual([
      42,
      'a'.repeat(64),
      'a64936bc60a3ea2bd71cb941bfb7dc5f687bced4d2a900e8f50c3b22408c869d',
      '2sQsZPeux_DGMlRyvMFkNMYL8cYUVLRkT8yMZHvbzl4mcVBnJKxsZBTD1g6NWqiRQw3rhlWWWWIwZA_6gBfpAg',
    ]);
  });

  it('hashes prev followed by the canonical JSON of the event without hash and sig', () => {
    const { seq, ts, type, actor, data, prev } = seal(DRAFT, null);
    const text =
      GENESIS +
      '{"actor":"agent:claude","data":{"command":"kubectl get pods -n prod","cwd":"/srv/app","risk":"none",' +
      '"verdict":"allow"},"prev":"' +
      GENESIS +
      '","seq":1,"ts":"2025-01-02T03:04:05.678Z","type":"decision"}';
    expect(hashEvent({ seq, ts, type, actor, data, prev })).toBe(
      createHash('sha256').update(text).digest('hex'),
    );
  });
});

describe('makeSealer', () => {
  it('redacts the data and stores it in its JSON form', () => {
    const ev = seal(
      {
        ...DRAFT,
        data: {
          password: 'hunter2',
          at: new Date(0),
          gone: undefined,
          cmd: 'psql postgres://u:pw@db/x',
        },
      },
      null,
    );
    expect(ev.data).toEqual({
      password: '[REDACTED]',
      at: '1970-01-01T00:00:00.000Z',
      cmd: 'psql postgres://u:[REDACTED]@db/x',
    });
  });

  const badDrafts: [string, unknown][] = [
    ['ts not RFC 3339', { ...DRAFT, ts: 'yesterday' }],
    ['empty type', { ...DRAFT, type: '' }],
    ['empty actor', { ...DRAFT, actor: '' }],
    ['data an array', { ...DRAFT, data: [] }],
    ['data missing', { ts: DRAFT.ts, type: DRAFT.type, actor: DRAFT.actor }],
  ];
  it.each(badDrafts)('throws on a draft with %s', (_name, draft) => {
    expect(() => seal(draft as AuditDraft, null)).toThrow(TypeError);
  });

  const badHeads: [string, unknown][] = [
    ['hash not hex', { seq: 1, hash: 'z'.repeat(64) }],
    ['hash upper-case', { seq: 1, hash: 'A'.repeat(64) }],
    ['seq fractional', { seq: 1.5, hash: 'a'.repeat(64) }],
    ['seq negative', { seq: -1, hash: 'a'.repeat(64) }],
  ];
  it.each(badHeads)('throws on a head with %s', (_name, head) => {
    expect(() => seal(DRAFT, head as { seq: number; hash: string })).toThrow(TypeError);
  });

  it('refuses a key that is not an Ed25519 private key', () => {
    expect(() => makeSealer(publicKey)).toThrow(TypeError);
    const { privateKey: ec } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() => makeSealer(ec)).toThrow(TypeError);
  });
});

describe('verifyChain', () => {
  it('accepts an intact chain, sync or async, and reports its head', async () => {
    const events = chain(10);
    const last = events[9]!;
    const ok: ChainResult = { ok: true, count: 10, head: { seq: 10, hash: last.hash } };
    expect(await verifyChain(events, publicKey)).toEqual(ok);
    async function* pages(): AsyncGenerator<AuditEvent> {
      for (let i = 0; i < events.length; i += 3) {
        await Promise.resolve(); // a page fetch
        yield* events.slice(i, i + 3);
      }
    }
    expect(await verifyChain(pages(), publicKey)).toEqual(ok);
  });

  it('survives a JSON round trip (what a store or a JSONL export does)', async () => {
    const events = JSON.parse(JSON.stringify(chain(5))) as unknown[];
    expect(await verifyChain(events, publicKey)).toMatchObject({ ok: true, count: 5 });
  });

  it('accepts an empty chain', async () => {
    expect(await verifyChain([], publicKey)).toEqual({ ok: true, count: 0, head: null });
  });

  it('accepts the private key and derives the public one', async () => {
    expect(await verifyChain(chain(2), privateKey)).toMatchObject({ ok: true, count: 2 });
  });

  // Each case tampers with a fresh chain of 10 and names the first broken link.
  const tampered: [
    string,
    (events: AuditEvent[]) => unknown[],
    Omit<ChainResult & { ok: false }, 'ok'>,
  ][] = [
    [
      'data of event 3 edited',
      (e) => {
        at(e, 3).data.verdict = 'deny';
        return e;
      },
      { count: 2, seq: 3, why: 'hash-mismatch' },
    ],
    ['event 5 deleted', (e) => e.filter((x) => x.seq !== 5), { count: 4, seq: 6, why: 'seq-gap' }],
    [
      'events 4 and 5 swapped',
      (e) => [...e.slice(0, 3), e[4]!, e[3]!, ...e.slice(5)],
      { count: 3, seq: 5, why: 'seq-gap' },
    ],
    ['event 9 deleted', (e) => e.filter((x) => x.seq !== 9), { count: 8, seq: 10, why: 'seq-gap' }],
    [
      'event 3 replaced by a validly sealed event on another chain',
      (e) => {
        const forged = seal({ ...DRAFT, data: { forged: true } }, { seq: 2, hash: 'b'.repeat(64) });
        return e.map((x) => (x.seq === 3 ? forged : x));
      },
      { count: 2, seq: 3, why: 'prev-mismatch' },
    ],
    [
      'event 4 signature taken from another key',
      (e) => {
        at(e, 4).sig = at(chain(10, sealOther), 4).sig;
        return e;
      },
      { count: 3, seq: 4, why: 'bad-signature' },
    ],
    [
      'event 3 edited, hash recomputed without the key, rest of the chain relinked',
      (e) => {
        let prev = at(e, 2).hash;
        for (const ev of e.slice(2)) {
          if (ev.seq === 3) ev.data.verdict = 'deny';
          ev.prev = prev;
          ev.hash = hashEvent(ev);
          prev = ev.hash;
        }
        return e;
      },
      { count: 2, seq: 3, why: 'bad-signature' },
    ],
    [
      'event 6 signature of event 7 (valid key, wrong hash)',
      (e) => {
        at(e, 6).sig = at(e, 7).sig;
        return e;
      },
      { count: 5, seq: 6, why: 'bad-signature' },
    ],
    [
      'event 2 with an extra unhashed field',
      (e) => e.map((x) => (x.seq === 2 ? { ...x, approvedBy: 'mallory' } : x)),
      { count: 1, seq: 2, why: 'malformed' },
    ],
    [
      'event 7 with a truncated signature',
      (e) => {
        at(e, 7).sig = at(e, 7).sig.slice(0, 40);
        return e;
      },
      { count: 6, seq: 7, why: 'malformed' },
    ],
    [
      'event 8 not an object',
      (e) => e.map((x) => (x.seq === 8 ? 'event' : x)),
      { count: 7, seq: 8, why: 'malformed' },
    ],
    [
      'event 1 prev not genesis',
      (e) => {
        at(e, 1).prev = '1'.repeat(64);
        return e;
      },
      { count: 0, seq: 1, why: 'prev-mismatch' },
    ],
  ];
  it.each(tampered)('%s', async (_name, tamper, broken) => {
    expect(await verifyChain(tamper(chain(10)), publicKey)).toEqual({ ok: false, ...broken });
  });

  it('continues from a checkpoint', async () => {
    const events = chain(10);
    const tail = events.slice(6);
    const cp = { startSeq: 7, startPrev: at(events, 6).hash };
    expect(await verifyChain(tail, publicKey, cp)).toMatchObject({ ok: true, count: 4 });
    expect(await verifyChain([], publicKey, cp)).toEqual({
      ok: true,
      count: 0,
      head: { seq: 6, hash: cp.startPrev },
    });
    expect(await verifyChain(tail, publicKey, { ...cp, startPrev: 'c'.repeat(64) })).toEqual({
      ok: false,
      count: 0,
      seq: 7,
      why: 'prev-mismatch',
    });
    expect(await verifyChain(tail, publicKey)).toMatchObject({ ok: false, seq: 7, why: 'seq-gap' });
  });

  it('refuses bad options and a key of the wrong type', () => {
    expect(() => new ChainVerifier(publicKey, { startSeq: 0 })).toThrow(TypeError);
    expect(() => new ChainVerifier(publicKey, { startPrev: 'x' })).toThrow(TypeError);
    const { publicKey: ec } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() => new ChainVerifier(ec)).toThrow(TypeError);
  });

  it('stops reading at the first failure', async () => {
    const events = chain(10);
    events[2]!.data.x = 1;
    let read = 0;
    function* counted(): Generator<AuditEvent> {
      for (const e of events) {
        read++;
        yield e;
      }
    }
    expect(await verifyChain(counted(), publicKey)).toMatchObject({ ok: false, seq: 3 });
    expect(read).toBe(3);
  });
});

describe('ChainVerifier', () => {
  it('verifies page by page and keeps reporting the first failure', () => {
    const events = chain(6);
    events[4]!.hash = 'f'.repeat(64);
    const v = new ChainVerifier(publicKey);
    for (const e of events.slice(0, 4)) expect(v.push(e)).toBeUndefined();
    expect(v.result()).toEqual({ ok: true, count: 4, head: { seq: 4, hash: events[3]!.hash } });
    const broken = { ok: false, count: 4, seq: 5, why: 'hash-mismatch' };
    expect(v.push(events[4])).toEqual(broken);
    expect(v.push(events[5])).toEqual(broken);
    expect(v.result()).toEqual(broken);
  });
});
