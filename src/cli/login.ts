/**
 * A human's account from the CLI: `login`, `logout`, `whoami`, `passwd`, `totp enrol`. Secrets are read through
 * the prompter (hidden on a terminal, one line of stdin otherwise) and never printed, except the TOTP secret at
 * enrolment, which the human has to copy into an authenticator.
 */
import { ClientError, GateClient, UsageError } from './client.js';
import type { HumanView } from './client-schemas.js';
import { json } from './gate-format.js';
import { GATE_EXIT, type Gate } from './gate-run.js';
import { clearSession, isoTime, loadSession, saveSession, sessionPath } from './session-file.js';

const TOTP_CODE = /^\d{6,8}$/;

/** Ask for a TOTP code and check its shape (6 to 8 digits). */
export async function askTotp(g: Gate, question = 'TOTP code: '): Promise<string> {
  const code = (await g.prompt.ask(question)).trim();
  if (!TOTP_CODE.test(code)) throw new UsageError('a TOTP code is 6 to 8 digits');
  return code;
}

/** Check a `--totp` value given on the command line. */
export function totpOption(code: string | undefined): string | undefined {
  if (code !== undefined && !TOTP_CODE.test(code))
    throw new UsageError('--totp takes the 6 to 8 digit code');
  return code;
}

/** Ask for a new password twice; they must match and be non-empty. */
async function askNewPassword(g: Gate): Promise<string> {
  const next = await g.prompt.ask('new password: ', { secret: true });
  const again = await g.prompt.ask('new password again: ', { secret: true });
  if (next === '') throw new UsageError('the new password is empty');
  if (next !== again) throw new UsageError('the two new passwords differ; nothing was changed');
  return next;
}

function describeHuman(h: HumanView): string {
  const groups =
    h.groups !== undefined && h.groups.length > 0 ? `, groups ${h.groups.join(', ')}` : '';
  return `${h.name} (${h.role}${groups})`;
}

/**
 * `portcullis login [--name NAME]`: password, then a TOTP code when the gate asks for one; stores the session.
 * When the account still has its one-time password, asks for a new one at once.
 */
export async function login(g: Gate, opts: { name?: string }): Promise<number> {
  let name = opts.name ?? '';
  if (name === '') {
    const fallback = g.io.env.USER ?? g.io.env.LOGNAME ?? '';
    if (g.io.interactive)
      name = (await g.prompt.ask(`name${fallback ? ` [${fallback}]` : ''}: `)).trim();
    if (name === '') name = fallback;
    if (name === '') throw new UsageError('who is logging in? pass --name NAME');
  }
  const password = await g.prompt.ask('password: ', { secret: true });
  let res;
  try {
    res = await g.client.login({ name, password });
  } catch (e) {
    if (!(e instanceof ClientError) || e.code !== 'auth/totp-required') throw e;
    res = await g.client.login({ name, password, totp: await askTotp(g) });
  }
  const human = res.human;
  await saveSession(g.io.home, {
    gate: g.url,
    session: res.session,
    human,
    expiresAt: isoTime(res.expiresAt),
  });
  g.io.out(
    `logged in to ${g.url} as ${describeHuman(human)}; session until ${isoTime(res.expiresAt)}\n`,
  );
  if (human.mustChangePassword === true) {
    g.io.out('your password is a one-time password: choose a new one\n');
    const next = await askNewPassword(g);
    const client = new GateClient({ baseUrl: g.url, session: res.session });
    await client.changePassword({ current: password, next });
    await saveSession(g.io.home, {
      gate: g.url,
      session: res.session,
      human: { ...human, mustChangePassword: false },
      expiresAt: isoTime(res.expiresAt),
    });
    g.io.out('password changed\n');
  }
  if (human.totp === false)
    g.io.out('tip: protect approvals with a second factor: portcullis totp enrol\n');
  return GATE_EXIT.ok;
}

/** `portcullis logout`: ends the stored session at its gate (if reachable) and forgets it here in any case. */
export async function logout(g: Gate): Promise<number> {
  const stored = await loadSession(g.io.home);
  if (stored === undefined) {
    g.io.out('not logged in\n');
    return GATE_EXIT.ok;
  }
  try {
    // End it at the gate that issued it (whatever --gate says now), unless it has expired there anyway.
    const live = Date.parse(stored.expiresAt) > g.io.now();
    if (live) await new GateClient({ baseUrl: stored.gate, session: stored.session }).logout();
  } finally {
    await clearSession(g.io.home);
  }
  g.io.out(`logged out of ${stored.gate}\n`);
  return GATE_EXIT.ok;
}

/** `portcullis whoami [--json]`: who the gate says the stored session belongs to. */
export async function whoami(g: Gate, opts: { json?: boolean }): Promise<number> {
  if (g.stored === undefined) {
    const any = await loadSession(g.io.home);
    const why =
      any === undefined
        ? 'not logged in'
        : any.gate !== g.url
          ? `not logged in to ${g.url} (the stored session is for ${any.gate})`
          : `the session expired at ${any.expiresAt}`;
    g.io.err(`portcullis whoami: ${why}\n  log in: portcullis login\n`);
    return GATE_EXIT.refused;
  }
  const { human } = await g.client.me();
  if (opts.json === true) {
    g.io.out(json({ gate: g.url, human, expiresAt: g.stored.expiresAt }));
    return GATE_EXIT.ok;
  }
  const totp = human.totp === true ? 'enrolled' : 'not enrolled';
  g.io.out(
    `${describeHuman(human)} at ${g.url}\n  TOTP: ${totp}\n  session until ${g.stored.expiresAt} (${sessionPath(g.io.home)})\n`,
  );
  return GATE_EXIT.ok;
}

/** `portcullis passwd`: current password, then the new one twice. */
export async function passwd(g: Gate): Promise<number> {
  const current = await g.prompt.ask('current password: ', { secret: true });
  const next = await askNewPassword(g);
  await g.client.changePassword({ current, next });
  if (g.stored !== undefined && g.stored.human.mustChangePassword === true)
    await saveSession(g.io.home, {
      ...g.stored,
      human: { ...g.stored.human, mustChangePassword: false },
    });
  g.io.out('password changed\n');
  return GATE_EXIT.ok;
}

/** `portcullis totp enrol`: shows the secret and its otpauth URI, then confirms with a first code. */
export async function totpEnrol(g: Gate): Promise<number> {
  const { secret, uri } = await g.client.totpStart();
  g.io.out(
    `Add this account to your authenticator app (scan or paste the URI, or type the secret):\n\n  ${uri}\n\n  secret: ${secret}\n\n`,
  );
  const code = await askTotp(g, 'code shown by the app: ');
  const r = await g.client.totpConfirm(code);
  if (!r.ok) {
    g.io.err('portcullis totp enrol: the gate did not accept the code; nothing was enrolled\n');
    return GATE_EXIT.refused;
  }
  g.io.out('TOTP enrolled: approvals that require it will ask for a code\n');
  return GATE_EXIT.ok;
}
