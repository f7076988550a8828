/**
 * The doctor check "gate secrets are private": the gate's store (with the token and audit signing keys), its WAL
 * and the vault key must be unreadable by the user agents run as. If that user can read them, an agent can mint
 * its own tokens, forge audit events or decrypt the vault, and every approval is theatre. A warning, not a
 * failure: a laptop running the gate as its owner is a supported first step, just not the end state.
 */
import { join, resolve } from 'node:path';
import { permits, reachable, realStat, SOMEONE_ELSE, type StatFn, type Who } from './reach.js';

/** The files of a data directory that hold secrets. */
export const SECRET_FILES = [
  'portcullis.db',
  'portcullis.db-wal',
  'portcullis.db-shm',
  'vault.key',
];

/** The fix doctor prints. */
export const SECRETS_FIX = 'run the gate as its own user: sudo portcullis service install';

/** One line of doctor's report, apart from the per-hook checks. */
export interface SecretsCheck {
  name: 'gate secrets';
  status: 'ok' | 'warn' | 'info';
  detail: string;
  fix?: string;
  /** One sentence per readable file or directory. */
  findings: string[];
}

/**
 * The data directories to look at: `--data-dir` when given, the user's default (`$XDG_DATA_HOME/portcullis` or
 * `~/.local/share/portcullis`) and the service's `/var/lib/portcullis`, without duplicates.
 */
export function dataDirsToCheck(
  home: string,
  env: Readonly<Record<string, string | undefined>>,
  extra?: string,
): string[] {
  const user = join(env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'portcullis');
  const dirs = [...(extra !== undefined ? [resolve(extra)] : []), user, '/var/lib/portcullis'];
  return [...new Set(dirs)];
}

const octal = (mode: number): string => (mode & 0o777).toString(8).padStart(4, '0');

/**
 * Check `dirs` as `who` (the current user: the one agents run as). When `who` is root, which reads everything,
 * the question becomes what any other user can read, and the detail says so.
 */
export function checkGateSecrets(
  dirs: readonly string[],
  who: Who,
  stat: StatFn = realStat,
): SecretsCheck {
  const asRoot = who.uid === 0;
  const viewer = asRoot ? SOMEONE_ELSE : who;
  const findings: string[] = [];
  const private_: string[] = [];
  for (const dir of dirs) {
    const dst = stat(dir);
    if (dst === 'missing') continue;
    // A directory we cannot even stat sits under a closed one: nothing in it is ours to read.
    if (dst === 'denied') {
      private_.push(dir);
      continue;
    }
    const present: string[] = [];
    for (const name of SECRET_FILES) {
      const path = join(dir, name);
      const st = stat(path);
      if (st === 'missing') continue;
      present.push(name);
      if (st === 'denied') continue;
      if (reachable(path, viewer, 4, stat).ok) {
        const why =
          st.uid === who.uid && !asRoot ? 'the gate runs as you' : `mode ${octal(st.mode)}`;
        findings.push(`${path} is readable by ${asRoot ? 'other users' : 'you'} (${why})`);
      }
    }
    const listable = reachable(dir, viewer, 4, stat).ok && permits(dst, viewer, 1);
    // The user data directory also holds install manifests: listing it only matters when the store is there.
    if (listable && present.length > 0)
      findings.push(
        `${dir} (mode ${octal(dst.mode)}) can be listed by ${asRoot ? 'other users' : 'you'}`,
      );
    else if (present.length > 0 || !listable) private_.push(dir);
  }
  const note = asRoot
    ? " (doctor runs as root: checked what other users can read; run it as the agent's user)"
    : '';
  if (findings.length > 0)
    return {
      name: 'gate secrets',
      status: 'warn',
      detail: `the gate's store or vault key is readable${asRoot ? ' by other users' : " by this user (the agents' user)"}: ${findings.join('; ')}${note}`,
      fix: SECRETS_FIX,
      findings,
    };
  if (private_.length === 0)
    return {
      name: 'gate secrets',
      status: 'info',
      detail: `no gate store found in ${dirs.join(', ')} (a PostgreSQL store, or another --data-dir)${note}`,
      findings,
    };
  return {
    name: 'gate secrets',
    status: 'ok',
    detail: `not readable by ${asRoot ? 'other users' : 'this user'}: ${private_.join(', ')}${note}`,
    findings,
  };
}

/** The current process's user, for `checkGateSecrets` (POSIX only; elsewhere: root-like, checks other users). */
export function currentUser(): Who {
  const uid = process.getuid?.() ?? 0;
  const gids = process.getgroups?.() ?? [];
  const gid = process.getgid?.();
  return { uid, gids: gid !== undefined && !gids.includes(gid) ? [...gids, gid] : gids };
}

const MARK = { ok: '✓', warn: '!', info: '·' } as const;
const COLOUR = { ok: '32', warn: '33', info: '2' } as const;

/** The check as doctor prints it under the hooks: a heading, the line, and the fix when it warns. */
export function renderSecretsCheck(check: SecretsCheck, color: boolean): string {
  const paint = (code: string, s: string): string => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const lines = [
    paint('1', 'Gate secrets'),
    paint(COLOUR[check.status], `  ${MARK[check.status]} ${check.name.padEnd(12)} ${check.detail}`),
  ];
  if (check.status === 'warn' && check.fix !== undefined)
    lines.push(paint(COLOUR.warn, `      fix: ${check.fix}`));
  return `${lines.join('\n')}\n`;
}

/**
 * What doctor calls: the gate-secrets check for this user's data directories, `/var/lib/portcullis` and
 * `--data-dir`, as the current process's user.
 */
export function gateSecretsForDoctor(
  home: string,
  env: Readonly<Record<string, string | undefined>>,
  dataDir?: string,
): SecretsCheck {
  return checkGateSecrets(dataDirsToCheck(home, env, dataDir), currentUser());
}
