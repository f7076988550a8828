/**
 * The tamper-evident audit chain (DESIGN.md §6). Each event carries the hash of the one before it and an Ed25519
 * signature over its own hash:
 *
 *   hash = hex(sha256(utf8(prev + canonicalJson({seq, ts, type, actor, data, prev}))))
 *   sig  = base64url(Ed25519(privateKey, utf8(hash)))   — the 64 ASCII bytes of the hex string, not the digest
 *
 * Signing the hex text rather than the 32 raw bytes means anyone holding an exported event can check it with
 * stock tools on exactly the field they see (`openssl pkeyutl -verify -rawin -in <the hash, as text> …`). Editing an
 * event breaks its hash; recomputing the hash without the key breaks its signature; deleting, inserting or
 * reordering events breaks `seq` or `prev`. The format is pinned by `chain.test.ts`: changing it invalidates every
 * chain already written.
 */
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import * as z from 'zod/mini';
import { en } from 'zod/locales';
import type { AuditDraft, AuditEvent, AuditSealer } from '../../store/store.js';
import { canonicalJson } from './jcs.js';
import { redact } from './redact.js';

// zod/mini ships no messages until a locale is set (as in policy/schema.ts); the draft errors below quote them.
z.config(en());

/** The `prev` of the first event: 64 zeros. */
export const GENESIS = '0'.repeat(64);

const HEX64 = /^[0-9a-f]{64}$/;
// RFC 3339 date-time (the ISO 8601 profile `Date.prototype.toISOString` produces, offsets allowed).
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;
// An Ed25519 signature is 64 bytes: 86 base64url characters, unpadded.
const SIG = /^[A-Za-z0-9_-]{86}$/;

const draftFields = {
  ts: z.string().check(z.regex(RFC3339, 'ts must be an RFC 3339 time')),
  type: z.string().check(z.minLength(1), z.maxLength(64)),
  actor: z.string().check(z.minLength(1), z.maxLength(256)),
  data: z.record(z.string(), z.unknown()),
};

/** An event as read back from a store or an export: exactly the chain's fields, nothing unhashed beside them. */
const eventSchema = z.strictObject({
  seq: z.int().check(z.positive()),
  ...draftFields,
  prev: z.string().check(z.regex(HEX64)),
  hash: z.string().check(z.regex(HEX64)),
  sig: z.string().check(z.regex(SIG)),
});

const draftSchema = z.object(draftFields);
const headSchema = z.nullable(
  z.object({ seq: z.int().check(z.nonnegative()), hash: z.string().check(z.regex(HEX64)) }),
);

/** The chain hash of an event's content (everything but `hash` and `sig`), as lowercase hex. */
export function hashEvent(body: Omit<AuditEvent, 'hash' | 'sig'>): string {
  const { seq, ts, type, actor, data, prev } = body;
  const text = prev + canonicalJson({ seq, ts, type, actor, data, prev });
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function assertEd25519(key: KeyObject, kind: 'private' | 'public'): void {
  if (key.asymmetricKeyType !== 'ed25519' || (kind === 'private' && key.type !== 'private')) {
    throw new TypeError(`the audit ${kind} key must be an Ed25519 ${kind} key`);
  }
}

/**
 * A sealer for `Store.appendAudit`: given a draft and the current head it returns the next link — `seq` one past
 * the head (1 for an empty chain), `prev` the head's hash (or {@link GENESIS}), then `hash` and `sig`.
 *
 * The draft's `data` is redacted again ({@link redact}) and normalised to its JSON form before hashing, so the
 * returned event is exactly what a store writes and reads back: re-hashing it later gives the same hash. Throws on
 * a malformed draft or head (a bad audit write must fail, and the gate then refuses to allow).
 */
export function makeSealer(privateKey: KeyObject): AuditSealer {
  assertEd25519(privateKey, 'private');
  return (draft: AuditDraft, head: { seq: number; hash: string } | null): AuditEvent => {
    const d = draftSchema.safeParse(draft);
    if (!d.success) throw new TypeError(`malformed audit draft: ${d.error.message}`);
    const h = headSchema.safeParse(head);
    if (!h.success) throw new TypeError(`malformed audit head: ${h.error.message}`);
    const data = JSON.parse(canonicalJson(redact(d.data.data))) as Record<string, unknown>;
    const body = {
      seq: h.data ? h.data.seq + 1 : 1,
      ts: d.data.ts,
      type: d.data.type,
      actor: d.data.actor,
      data,
      prev: h.data ? h.data.hash : GENESIS,
    };
    const hash = hashEvent(body);
    const sig = sign(null, Buffer.from(hash, 'utf8'), privateKey).toString('base64url');
    return { ...body, hash, sig };
  };
}

export type ChainBreak =
  'seq-gap' | 'prev-mismatch' | 'hash-mismatch' | 'bad-signature' | 'malformed';

/** An intact chain: how many events, and the last one's seq and hash (null when there were none). */
export interface ChainOk {
  ok: true;
  count: number;
  head: { seq: number; hash: string } | null;
}

/** The first broken link: `count` events verified before it, `seq` the broken event's (or the expected) seq. */
export interface ChainBroken {
  ok: false;
  count: number;
  seq: number;
  why: ChainBreak;
}

export type ChainResult = ChainOk | ChainBroken;

export interface VerifyOptions {
  /** The seq the first event must carry (default 1): verify from a checkpoint instead of the start. */
  startSeq?: number;
  /** The prev the first event must carry (default {@link GENESIS}): the checkpoint's hash. */
  startPrev?: string;
}

/**
 * A streaming verifier: push events in order (a page at a time from the store, a line at a time from a file) and
 * memory stays constant however long the chain is. `push` returns the failure at the first broken link and the
 * same failure for every push after it.
 *
 * An intact result says nothing about events missing after the last one; compare `head` with the store's head
 * (or a previously recorded one) to detect a truncated tail.
 */
export class ChainVerifier {
  readonly #publicKey: KeyObject;
  #seq: number;
  #prev: string;
  #count = 0;
  #head: { seq: number; hash: string } | null;
  #broken: ChainBroken | undefined;

  constructor(publicKey: KeyObject, opts: VerifyOptions = {}) {
    const key = publicKey.type === 'private' ? createPublicKey(publicKey) : publicKey;
    assertEd25519(key, 'public');
    const startSeq = opts.startSeq ?? 1;
    const startPrev = opts.startPrev ?? GENESIS;
    if (!Number.isSafeInteger(startSeq) || startSeq < 1)
      throw new TypeError('startSeq must be >= 1');
    if (!HEX64.test(startPrev)) throw new TypeError('startPrev must be 64 lowercase hex digits');
    this.#publicKey = key;
    this.#seq = startSeq;
    this.#prev = startPrev;
    this.#head = startSeq > 1 ? { seq: startSeq - 1, hash: startPrev } : null;
  }

  /** Checks the next event; returns the failure if the chain is (or already was) broken here. */
  push(event: unknown): ChainBroken | undefined {
    if (this.#broken) return this.#broken;
    const why = this.#check(event);
    if (why) {
      const seq = (event as { seq?: unknown } | null)?.seq;
      this.#broken = {
        ok: false,
        count: this.#count,
        seq: why !== 'malformed' && typeof seq === 'number' ? seq : this.#seq,
        why,
      };
      return this.#broken;
    }
    const ev = event as AuditEvent;
    this.#count++;
    this.#seq = ev.seq + 1;
    this.#prev = ev.hash;
    this.#head = { seq: ev.seq, hash: ev.hash };
    return undefined;
  }

  /** The verdict so far: the first failure, or the count and head of the intact chain. */
  result(): ChainResult {
    return this.#broken ?? { ok: true, count: this.#count, head: this.#head };
  }

  #check(event: unknown): ChainBreak | undefined {
    const parsed = eventSchema.safeParse(event);
    if (!parsed.success) return 'malformed';
    const ev = parsed.data;
    if (ev.seq !== this.#seq) return 'seq-gap';
    if (ev.prev !== this.#prev) return 'prev-mismatch';
    let hash: string;
    try {
      hash = hashEvent(ev);
    } catch {
      return 'malformed';
    }
    if (hash !== ev.hash) return 'hash-mismatch';
    const sig = Buffer.from(ev.sig, 'base64url');
    if (!verify(null, Buffer.from(ev.hash, 'utf8'), this.#publicKey, sig)) return 'bad-signature';
    return undefined;
  }
}

/**
 * Verifies a whole chain (or, with `opts`, a chain continuing from a checkpoint) and names the first broken link.
 * Accepts any iterable, sync or async, so a store's pager or a file's lines stream through without being loaded
 * whole; iteration stops at the first failure.
 */
export async function verifyChain(
  events: Iterable<unknown> | AsyncIterable<unknown>,
  publicKey: KeyObject,
  opts: VerifyOptions = {},
): Promise<ChainResult> {
  const verifier = new ChainVerifier(publicKey, opts);
  for await (const event of events) {
    if (verifier.push(event)) break;
  }
  return verifier.result();
}
