/**
 * Who can read a path, decided from owner, group and mode bits rather than `access(2)`: the question is asked
 * about someone other than the caller (the gate's service user, the agent's user while doctor runs as root), and
 * tests run as root, where `access` says yes to everything.
 */
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** A user as the kernel checks it: uid and every group it is in. uid -1: a user in no relevant group. */
export interface Who {
  uid: number;
  gids: readonly number[];
}

/** Any user that owns nothing here and is in none of its groups (the "other" bits). */
export const SOMEONE_ELSE: Who = { uid: -1, gids: [] };

/** What `permits` needs of a stat. */
export interface StatLike {
  uid: number;
  gid: number;
  mode: number;
  isDirectory(): boolean;
}

/** A stat, or why there is none: `missing` (ENOENT/ENOTDIR) or `denied` (EACCES: a directory above is closed). */
export type StatFn = (path: string) => StatLike | 'missing' | 'denied';

/** `statSync` without throwing for the two answers that matter. */
export const realStat: StatFn = (path) => {
  try {
    return statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') return 'denied';
    return 'missing';
  }
};

/** Permission bits: read 4, write 2, execute/search 1. */
export type Bit = 4 | 2 | 1;

/**
 * Whether `who` has `bit` on a file with `st`, the way the kernel picks one class: owner bits for the owner,
 * else group bits for a member, else other bits. Root reads and writes anything, and searches any directory.
 */
export function permits(st: StatLike, who: Who, bit: Bit): boolean {
  if (who.uid === 0) return bit !== 1 || st.isDirectory() || (st.mode & 0o111) !== 0;
  if (st.uid === who.uid) return (st.mode & (bit << 6)) !== 0;
  if (who.gids.includes(st.gid)) return (st.mode & (bit << 3)) !== 0;
  return (st.mode & bit) !== 0;
}

/** Every directory above `path`, from `/` down. */
export function ancestors(path: string): string[] {
  const out: string[] = [];
  let dir = dirname(resolve(path));
  for (;;) {
    out.unshift(dir);
    const up = dirname(dir);
    if (up === dir) return out;
    dir = up;
  }
}

/**
 * Whether `who` can get `bit` on `path`: search permission on every directory above it, then `bit` on the path
 * itself. `blocker` names the first path that stops them (or that does not exist).
 */
export function reachable(
  path: string,
  who: Who,
  bit: Bit,
  stat: StatFn = realStat,
): { ok: boolean; blocker?: string } {
  for (const dir of ancestors(path)) {
    const st = stat(dir);
    if (typeof st === 'string' || !permits(st, who, 1)) return { ok: false, blocker: dir };
  }
  const st = stat(path);
  if (typeof st === 'string' || !permits(st, who, bit)) return { ok: false, blocker: path };
  return { ok: true };
}
