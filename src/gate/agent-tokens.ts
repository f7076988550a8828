/**
 * Agents and their tokens (DESIGN.md §5): registering an agent mints its first token; further tokens stay within
 * the agent's scope; a narrowed token stays within its parent's scope and lifetime; revocation is by token or by
 * agent. `agentFromBearer` is how every request with a JWT becomes an agent principal. Each change is audited.
 */
import { IdentityError } from '../identity/errors.js';
import { isSubScope, narrowScope, parseScope } from '../identity/scope.js';
import {
  TokenError,
  claimsToRecord,
  mintAgentToken,
  verifyAgentToken,
  type AgentClaims,
} from '../identity/tokens.js';
import type { AgentRecord, Scope } from '../store/store.js';
import { AccountError } from './accounts.js';
import type { AuditActor } from './audit-log.js';
import type { GateContext } from './context.js';
import type { AgentPrincipal } from './types.js';

/** Default lifetime of an agent's token. */
export const DEFAULT_TOKEN_SECONDS = 8 * 3600;

function identityRefusal(err: unknown): never {
  if (err instanceof IdentityError && err.code !== 'identity/bad-key') {
    throw new AccountError('invalid', err.message);
  }
  throw err;
}

function scopeOf(value: unknown): Scope {
  try {
    return parseScope(value);
  } catch (err) {
    identityRefusal(err);
  }
}

function ttlOrDefault(ttlSeconds: number | undefined): number {
  return ttlSeconds ?? DEFAULT_TOKEN_SECONDS;
}

async function issue(
  ctx: GateContext,
  actor: AuditActor,
  opts: { agent: string; scope: Scope; ttlSeconds: number; parent?: string },
): Promise<{ token: string; claims: AgentClaims }> {
  let minted: { token: string; claims: AgentClaims };
  try {
    minted = await mintAgentToken(ctx.tokenKey, { ...opts, now: ctx.now() });
  } catch (err) {
    if (err instanceof TokenError) throw new AccountError('invalid', err.message);
    throw err;
  }
  await ctx.store.createToken(claimsToRecord(minted.claims));
  const { jti, sub, scope, exp, parent } = minted.claims;
  await ctx.audit.record('token.minted', actor, {
    jti,
    agent: sub,
    scope,
    expiresAt: new Date(exp * 1000).toISOString(),
    ...(parent ? { parent } : {}),
  });
  return minted;
}

/** Register an agent and mint its first token (default 8 h). The token is shown once and never stored. */
export async function addAgent(
  ctx: GateContext,
  actor: AuditActor,
  input: { name: string; scope: unknown; operator?: string; ttlSeconds?: number },
): Promise<{ agent: AgentRecord; token: string; claims: AgentClaims }> {
  const scope = scopeOf(input.scope);
  if (await ctx.store.getAgent(input.name)) {
    throw new AccountError('exists', `an agent named ${input.name} exists`);
  }
  if (input.operator !== undefined && !(await ctx.store.getHuman(input.operator))) {
    throw new AccountError('invalid', `no human named ${input.operator} (the operator)`);
  }
  const agent: AgentRecord = {
    name: input.name,
    scope,
    ...(input.operator !== undefined ? { operator: input.operator } : {}),
    createdAt: ctx.now(),
  };
  await ctx.store.createAgent(agent);
  await ctx.audit.record('agent.added', actor, {
    name: agent.name,
    scope,
    ...(agent.operator ? { operator: agent.operator } : {}),
  });
  const minted = await issue(ctx, actor, {
    agent: agent.name,
    scope,
    ttlSeconds: ttlOrDefault(input.ttlSeconds),
  });
  return { agent, ...minted };
}

/** Another token for a registered agent, within the agent's scope (by default, all of it). */
export async function mintToken(
  ctx: GateContext,
  actor: AuditActor,
  input: { agent: string; scope?: unknown; ttlSeconds?: number },
): Promise<{ token: string; claims: AgentClaims }> {
  const agent = await ctx.store.getAgent(input.agent);
  if (!agent) throw new AccountError('not-found', `no agent named ${input.agent}`);
  if (agent.revokedAt !== undefined)
    throw new AccountError('invalid', `agent ${agent.name} is revoked`);
  const scope = input.scope === undefined ? agent.scope : scopeOf(input.scope);
  if (!isSubScope(scope, agent.scope)) {
    throw new AccountError('invalid', `the scope is wider than agent ${agent.name}'s`);
  }
  return issue(ctx, actor, {
    agent: agent.name,
    scope,
    ttlSeconds: ttlOrDefault(input.ttlSeconds),
  });
}

/**
 * A token for a sub-task from a valid one: the scope only narrows (`narrowScope`), and the child expires no
 * later than its parent (by default, with it).
 */
export async function narrowToken(
  ctx: GateContext,
  actor: AuditActor,
  input: { token: string; scope: unknown; ttlSeconds?: number },
): Promise<{ token: string; claims: AgentClaims }> {
  const { claims } = await verifyBearer(ctx, input.token);
  let scope: Scope;
  try {
    scope = narrowScope(claims.scope, input.scope as Scope);
  } catch (err) {
    identityRefusal(err);
  }
  const left = claims.exp - Math.floor(ctx.now() / 1000);
  if (input.ttlSeconds !== undefined && input.ttlSeconds > left) {
    throw new AccountError(
      'invalid',
      `the token it narrows expires in ${left}s: a child cannot outlive it`,
    );
  }
  return issue(ctx, actor, {
    agent: claims.sub,
    scope,
    ttlSeconds: input.ttlSeconds ?? left,
    parent: claims.jti,
  });
}

export async function revokeToken(ctx: GateContext, actor: AuditActor, jti: string): Promise<void> {
  if (!(await ctx.store.revokeToken(jti, ctx.now()))) {
    throw new AccountError('not-found', `no token ${jti}`);
  }
  await ctx.audit.record('token.revoked', actor, { jti });
}

/** Revoke an agent: every token it holds stops working at once. */
export async function revokeAgent(
  ctx: GateContext,
  actor: AuditActor,
  name: string,
): Promise<void> {
  if (!(await ctx.store.getAgent(name)))
    throw new AccountError('not-found', `no agent named ${name}`);
  await ctx.store.revokeAgent(name, ctx.now());
  await ctx.audit.record('agent.revoked', actor, { name });
}

async function verifyBearer(
  ctx: GateContext,
  jwt: string,
): Promise<{ claims: AgentClaims; agent: AgentRecord }> {
  let claims: AgentClaims;
  try {
    claims = await verifyAgentToken(jwt, ctx.tokenKey.publicKey, { now: ctx.now() });
  } catch (err) {
    if (err instanceof TokenError) throw new AccountError('invalid-token', err.message);
    throw err;
  }
  const record = await ctx.store.getToken(claims.jti);
  if (!record || record.agent !== claims.sub || record.revokedAt !== undefined) {
    throw new AccountError('invalid-token', 'the token is revoked or unknown');
  }
  const agent = await ctx.store.getAgent(claims.sub);
  if (!agent || agent.revokedAt !== undefined) {
    throw new AccountError('invalid-token', `agent ${claims.sub} is revoked or unknown`);
  }
  return { claims, agent };
}

/**
 * The agent behind a bearer JWT: signature (EdDSA, the gate's key), expiry and claims, then the store: the token
 * must be known and not revoked, its agent registered and not revoked. The scope is the token's, not the agent's.
 * Throws `AccountError('invalid-token')`.
 */
export async function agentFromBearer(ctx: GateContext, jwt: string): Promise<AgentPrincipal> {
  const { claims, agent } = await verifyBearer(ctx, jwt);
  return { kind: 'agent', name: claims.sub, scope: claims.scope, jti: claims.jti, record: agent };
}
