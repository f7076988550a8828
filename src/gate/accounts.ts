/**
 * Human principals (DESIGN.md §5, §10): scrypt passwords, one-time passwords that must be changed, optional TOTP,
 * and sessions held as the sha256 of their secret. Agents and tokens are in `agent-tokens.ts`. The HTTP routes and
 * the CLI call these; each change is one audit event. Who may call what is the caller's check (the server's route
 * guards); what is valid is checked here.
 */
import { sha256Hex } from '../identity/ids.js';
import {
  checkPasswordStrength,
  generateSecret,
  hashPassword,
  verifyPassword,
} from '../identity/passwords.js';
import { newTotpSecret, otpauthUri, verifyTotp } from '../identity/totp.js';
import { spendTotpCode } from './totp-use.js';
import type { HumanRecord, SessionRecord } from '../store/store.js';
import type { AuditActor } from './audit-log.js';
import type { GateContext } from './context.js';
import type { HumanPrincipal } from './types.js';

export type AccountErrorCode =
  | 'bad-login'
  | 'totp-required'
  | 'invalid-token'
  | 'forbidden'
  | 'invalid'
  | 'not-found'
  | 'exists';

/** A refusal about accounts, sessions or tokens (never a fault); the server maps it to an API code. */
export class AccountError extends Error {
  override readonly name = 'AccountError';
  constructor(
    readonly code: AccountErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** How long a login lasts. */
export const SESSION_TTL_MS = 12 * 3600_000;
const TOTP_ENROL_MS = 10 * 60_000;
const SESSION_SECRET = /^ses_[A-Za-z0-9_-]{43}$/;

/** A human as the API shows them: never the hash or the TOTP secret. */
export interface PublicHuman {
  name: string;
  role: HumanRecord['role'];
  groups: string[];
  totp: boolean;
  mustChangePassword: boolean;
  disabled: boolean;
  createdAt: string;
}

export function publicHuman(h: HumanRecord): PublicHuman {
  return {
    name: h.name,
    role: h.role,
    groups: h.groups,
    totp: h.totpSecret !== undefined && h.totpSecret !== '',
    mustChangePassword: h.mustChangePassword,
    disabled: h.disabled,
    createdAt: new Date(h.createdAt).toISOString(),
  };
}

const actorOf = (who: HumanPrincipal): AuditActor => `human:${who.human.name}`;

// A hash to verify against when the name is unknown, so that a wrong name costs as much as a wrong password.
let dummyHash: Promise<string> | undefined;

// ---- humans ---------------------------------------------------------------------------------------------------

/** Create a human with a one-time password they must change at first login. Returns that password once. */
export async function addHuman(
  ctx: GateContext,
  actor: AuditActor,
  input: { name: string; role: HumanRecord['role']; groups?: string[] },
): Promise<{ human: PublicHuman; password: string }> {
  if (await ctx.store.getHuman(input.name)) {
    throw new AccountError('exists', `a human named ${input.name} exists`);
  }
  const password = generateSecret(18);
  const record: HumanRecord = {
    name: input.name,
    role: input.role,
    groups: [...new Set(input.groups ?? [])],
    passwordHash: await hashPassword(password),
    mustChangePassword: true,
    createdAt: ctx.now(),
    disabled: false,
  };
  try {
    await ctx.store.createHuman(record);
  } catch (err) {
    // Two callers adding the same name at once: the loser hears "exists", not a driver error.
    if (await ctx.store.getHuman(input.name)) {
      throw new AccountError('exists', `a human named ${input.name} exists`);
    }
    throw err;
  }
  await ctx.audit.record('human.added', actor, {
    name: record.name,
    role: record.role,
    groups: record.groups,
  });
  return { human: publicHuman(record), password };
}

/**
 * On the very first start (no human at all), create `admin` with a one-time password for the operator to print
 * once. Undefined when humans exist, or when another replica created the first admin at the same moment.
 */
export async function addFirstAdmin(
  ctx: GateContext,
): Promise<{ name: string; password: string } | undefined> {
  if ((await ctx.store.listHumans()).length > 0) return undefined;
  try {
    const { human, password } = await addHuman(ctx, 'gate', { name: 'admin', role: 'admin' });
    return { name: human.name, password };
  } catch (err) {
    // Lost the race to another replica: its admin stands, and its password is the one printed.
    if (err instanceof AccountError && err.code === 'exists') return undefined;
    throw err;
  }
}

/**
 * Check a name, password and (when enrolled) TOTP code, and open a session. Every failure is the same
 * `bad-login` whether the name exists or not, and costs the same scrypt work; only a right password without the
 * code it needs says `totp-required`, so the console can ask for it. Failures are audited without the password.
 */
export async function login(
  ctx: GateContext,
  input: { name: string; password: string; totp?: string },
  meta: { ip?: string } = {},
): Promise<{ secret: string; session: SessionRecord; human: HumanRecord }> {
  const failed = async (why: string): Promise<never> => {
    await ctx.audit.record('login.failed', 'gate', { name: input.name, why, ...meta });
    throw new AccountError('bad-login', 'wrong name, password or code');
  };
  const human = await ctx.store.getHuman(input.name);
  if (!human || human.disabled) {
    dummyHash ??= hashPassword(generateSecret());
    await verifyPassword(input.password, await dummyHash);
    return failed(human ? 'disabled' : 'unknown');
  }
  if (!(await verifyPassword(input.password, human.passwordHash))) return failed('password');
  let totpAt: number | undefined;
  if (human.totpSecret) {
    if (input.totp === undefined) {
      throw new AccountError('totp-required', 'this account needs its TOTP code to log in');
    }
    const spent = await spendTotpCode(
      ctx.store,
      'login-totp',
      human.name,
      human.totpSecret,
      input.totp,
      ctx.now(),
    );
    if (spent === 'invalid') return failed('totp');
    if (spent === 'reused') return failed('totp-reused');
    totpAt = ctx.now();
  }
  const { secret, session } = await openSession(ctx, human.name, totpAt);
  await ctx.audit.record('login', `human:${human.name}`, { ...meta });
  return { secret, session, human };
}

async function openSession(
  ctx: GateContext,
  human: string,
  totpAt?: number,
): Promise<{ secret: string; session: SessionRecord }> {
  const secret = `ses_${generateSecret(32)}`;
  const now = ctx.now();
  const session: SessionRecord = {
    id: sha256Hex(secret),
    human,
    csrf: generateSecret(32),
    createdAt: now,
    expiresAt: now + SESSION_TTL_MS,
    ...(totpAt !== undefined ? { totpAt } : {}),
  };
  await ctx.store.createSession(session);
  return { secret, session };
}

/** The human behind a session secret (`ses_…`), or undefined when it is unknown, expired or disabled. */
export async function sessionFromSecret(
  ctx: GateContext,
  secret: string,
): Promise<HumanPrincipal | undefined> {
  if (!SESSION_SECRET.test(secret)) return undefined;
  const session = await ctx.store.getSession(sha256Hex(secret));
  if (!session || session.expiresAt <= ctx.now()) return undefined;
  const human = await ctx.store.getHuman(session.human);
  if (!human || human.disabled) return undefined;
  return { kind: 'human', human, session };
}

export async function logout(ctx: GateContext, who: HumanPrincipal): Promise<void> {
  await ctx.store.deleteSession(who.session.id);
  await ctx.audit.record('logout', actorOf(who), {});
}

/** Replace the password (the current one is required) and lift the must-change flag. */
export async function changePassword(
  ctx: GateContext,
  who: HumanPrincipal,
  current: string,
  next: string,
): Promise<void> {
  if (!(await verifyPassword(current, who.human.passwordHash))) {
    throw new AccountError('bad-login', 'the current password is wrong');
  }
  const weak = checkPasswordStrength(next);
  if (weak) throw new AccountError('invalid', weak);
  if (next === current) throw new AccountError('invalid', 'the new password is the old one');
  await ctx.store.updateHuman(who.human.name, {
    passwordHash: await hashPassword(next),
    mustChangePassword: false,
  });
  await ctx.audit.record('human.password-changed', actorOf(who), {});
}

/**
 * TOTP enrolment in two steps: without a code, a fresh secret is parked for ten minutes and returned (with its
 * `otpauth://` URI for a QR code); with a code from the app, it is checked and the secret is kept. A human who
 * has enrolled cannot silently replace their secret this way (a stolen session must not move the second factor).
 */
export async function enrolTotp(
  ctx: GateContext,
  who: HumanPrincipal,
  code?: string,
): Promise<{ secret: string; uri: string } | { ok: true }> {
  const name = who.human.name;
  if (who.human.totpSecret) throw new AccountError('exists', 'TOTP is already enrolled');
  const key = `totp-pending:${name}`;
  if (code === undefined) {
    const secret = newTotpSecret();
    await ctx.store.setMeta(key, JSON.stringify({ secret, exp: ctx.now() + TOTP_ENROL_MS }));
    return { secret, uri: otpauthUri(secret, name) };
  }
  const raw = await ctx.store.getMeta(key);
  const pending = raw ? (JSON.parse(raw) as { secret?: string; exp?: number }) : {};
  if (!pending.secret || (pending.exp ?? 0) <= ctx.now()) {
    throw new AccountError('invalid', 'start TOTP enrolment first (POST {} to /v1/me/totp)');
  }
  const check = verifyTotp(pending.secret, code, ctx.now());
  if (!check.ok)
    throw new AccountError('invalid', 'that code does not match; check the app and the clock');
  await ctx.store.updateHuman(name, { totpSecret: pending.secret });
  await ctx.store.setMeta(key, '');
  await ctx.audit.record('human.totp-enrolled', actorOf(who), {});
  return { ok: true };
}
