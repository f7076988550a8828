/**
 * Agent tokens (DESIGN.md §5): JWTs the gate signs with its Ed25519 key, carrying the agent's name and scope.
 * Verification trusts nothing before the signature: the algorithm is pinned to EdDSA (no `none`, no HS256
 * signed with the public key as an HMAC secret, no RSA), the header type is pinned to
 * `portcullis-agent+jwt` (so no other JWT the gate or anyone else signs can be replayed as an agent token),
 * the issuer to `portcullis`, and the claims are validated by a strict schema. Revocation by `jti` is the
 * caller's check against the store: this file knows nothing of the store.
 */
import { SignJWT, errors, jwtVerify } from 'jose';
import type { KeyObject } from 'node:crypto';
import * as z from 'zod/mini';
import type { Scope, TokenRecord } from '../store/store.js';
import type { SigningKey } from './keys.js';
import { MAX_TOKEN_SECONDS } from './duration.js';
import { newId } from './ids.js';
import { scopeSchema } from './scope.js';

export { MAX_TOKEN_SECONDS, parseDuration } from './duration.js';

export const TOKEN_ISSUER = 'portcullis';
export const TOKEN_TYPE = 'portcullis-agent+jwt';
export const TOKEN_ALGORITHM = 'EdDSA';
/** Longer than any token this code mints (a few hundred bytes): anything bigger is not ours. */
export const MAX_TOKEN_LENGTH = 8192;
/** Clock skew tolerated between gate replicas, in seconds. */
const CLOCK_TOLERANCE = 5;

/** Why a token was refused. Observed by agents and API clients: change on purpose. */
export type TokenErrorCode =
  'malformed' | 'bad-signature' | 'wrong-algorithm' | 'expired' | 'bad-claims';

/** A token that must not be honoured. The message is safe to show; it never quotes the token. */
export class TokenError extends Error {
  override readonly name = 'TokenError';
  readonly code: TokenErrorCode;

  constructor(code: TokenErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/** Agent names: what `agent add NAME` accepts and what a token's `sub` may be. */
export const agentNameSchema = z
  .string()
  .check(
    z.regex(
      /^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$/,
      'an agent name is letters, digits, ".", "_", "@" or "-" (at most 128)',
    ),
  );

const seconds = z.int().check(z.minimum(0), z.maximum(2 ** 40));
const tokenId = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/));

/** The claims of an agent token, strictly: an unknown claim means the token is not one of ours. */
export const agentClaimsSchema = z
  .strictObject({
    iss: z.literal(TOKEN_ISSUER),
    sub: agentNameSchema,
    scope: scopeSchema,
    iat: seconds,
    exp: seconds,
    jti: tokenId,
    parent: z.optional(tokenId),
  })
  .check(
    z.refine(
      (c) => c.exp > c.iat && c.exp - c.iat <= MAX_TOKEN_SECONDS,
      'exp must follow iat by at most 30 days',
    ),
  );

export type AgentClaims = z.infer<typeof agentClaimsSchema>;

export interface MintOptions {
  agent: string;
  scope: Scope;
  ttlSeconds: number;
  /** The `jti` of the token this one narrows (the caller checks the scope is narrower: `narrowScope`). */
  parent?: string;
  /** Milliseconds since the epoch; defaults to the clock. */
  now?: number;
}

/**
 * Sign a token for `agent` carrying `scope`, valid for `ttlSeconds` (1 s to 30 days). The fresh `jti` is in
 * the returned claims for the caller to record (`claimsToRecord`). Throws `TokenError('bad-claims')` for an
 * invalid agent name, scope or lifetime: a token this gate would refuse is never minted.
 */
export async function mintAgentToken(
  key: Pick<SigningKey, 'privateKey' | 'kid'>,
  opts: MintOptions,
): Promise<{ token: string; claims: AgentClaims }> {
  const iat = Math.floor((opts.now ?? Date.now()) / 1000);
  const draft = {
    iss: TOKEN_ISSUER,
    sub: opts.agent,
    scope: opts.scope,
    iat,
    exp: iat + opts.ttlSeconds,
    jti: newId('tok'),
    ...(opts.parent === undefined ? {} : { parent: opts.parent }),
  };
  const r = agentClaimsSchema.safeParse(draft);
  if (!r.success || !Number.isInteger(opts.ttlSeconds)) {
    throw new TokenError(
      'bad-claims',
      `cannot mint: ${r.error?.issues[0]?.message ?? 'ttl is not whole'}`,
    );
  }
  const claims = r.data;
  const token = await new SignJWT({ ...claims })
    .setProtectedHeader({ alg: TOKEN_ALGORITHM, typ: TOKEN_TYPE, kid: key.kid })
    .sign(key.privateKey);
  return { token, claims };
}

/** Decode the protected header without trusting it, to refuse the wrong algorithm or type before jose runs. */
function readHeader(token: string): Record<string, unknown> {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((p) => /^[A-Za-z0-9_-]*$/.test(p)) || parts[0] === '') {
    throw new TokenError('malformed', 'not a compact JWS');
  }
  let header: unknown;
  try {
    header = JSON.parse(Buffer.from(parts[0] ?? '', 'base64url').toString('utf8'));
  } catch {
    throw new TokenError('malformed', 'the token header is not JSON');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw new TokenError('malformed', 'the token header is not an object');
  }
  return header as Record<string, unknown>;
}

/** Map a jose failure to our codes; anything unrecognised is malformed (refused either way). */
function fromJose(e: unknown): TokenError {
  if (e instanceof TokenError) return e;
  if (e instanceof errors.JWTExpired) return new TokenError('expired', 'the token has expired');
  if (e instanceof errors.JWSSignatureVerificationFailed) {
    return new TokenError('bad-signature', 'the token signature does not verify');
  }
  if (e instanceof errors.JOSEAlgNotAllowed) {
    return new TokenError('wrong-algorithm', 'the token is not signed with EdDSA');
  }
  if (e instanceof errors.JWTClaimValidationFailed) {
    return new TokenError('bad-claims', `the token's "${e.claim}" claim is invalid`);
  }
  return new TokenError('malformed', 'the token cannot be parsed');
}

/**
 * Verify an agent token against the gate's public key at `now` (milliseconds, default the clock) and return
 * its claims. Throws `TokenError`: `malformed` (not a JWS, too long, unparsable), `wrong-algorithm` (anything
 * but EdDSA), `bad-signature`, `expired` (5 s tolerance), `bad-claims` (wrong type, issuer or claim shape, or
 * issued in the future). Revocation is not checked here.
 */
export async function verifyAgentToken(
  token: string,
  publicKey: KeyObject,
  opts: { now?: number } = {},
): Promise<AgentClaims> {
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
    throw new TokenError('malformed', `a token is 1 to ${MAX_TOKEN_LENGTH} characters`);
  }
  const header = readHeader(token);
  if (header.alg !== TOKEN_ALGORITHM) {
    throw new TokenError('wrong-algorithm', 'the token is not signed with EdDSA');
  }
  if (header.typ !== TOKEN_TYPE) {
    throw new TokenError('bad-claims', `the token type is not ${TOKEN_TYPE}`);
  }
  const now = opts.now ?? Date.now();
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, publicKey, {
      algorithms: [TOKEN_ALGORITHM],
      typ: TOKEN_TYPE,
      issuer: TOKEN_ISSUER,
      clockTolerance: CLOCK_TOLERANCE,
      currentDate: new Date(now),
      requiredClaims: ['iss', 'sub', 'iat', 'exp', 'jti'],
    }));
  } catch (e) {
    throw fromJose(e);
  }
  const r = agentClaimsSchema.safeParse(payload);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new TokenError(
      'bad-claims',
      `invalid claims: ${issue?.path.map(String).join('.') ?? ''}`,
    );
  }
  if (r.data.iat > Math.floor(now / 1000) + CLOCK_TOLERANCE) {
    throw new TokenError('bad-claims', 'the token was issued in the future');
  }
  return r.data;
}

/** The store record of an issued token (times in milliseconds, as the store keeps them). */
export function claimsToRecord(claims: AgentClaims): TokenRecord {
  return {
    jti: claims.jti,
    agent: claims.sub,
    scope: claims.scope,
    issuedAt: claims.iat * 1000,
    expiresAt: claims.exp * 1000,
    ...(claims.parent === undefined ? {} : { parent: claims.parent }),
  };
}
