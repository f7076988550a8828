/**
 * The human's CLI session, kept between commands in `~/.config/portcullis/session.json` (directory 0700, file
 * 0600): `{gate, session, human, expiresAt}`. The session token is a password-equivalent for its lifetime, so it
 * is written atomically with owner-only permissions, ignored when anyone else could read it, and only ever sent
 * to the gate it was issued by.
 */
import { chmod, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod/mini';
import { humanSchema } from './client-schemas.js';

const storedSchema = z.object({
  gate: z.string(),
  session: z.string().check(z.minLength(1)),
  human: humanSchema,
  /** ISO 8601. */
  expiresAt: z.string(),
});

/** What `portcullis login` stores. */
export type StoredSession = z.infer<typeof storedSchema>;

/** The session file under `home`. */
export function sessionPath(home: string): string {
  return join(home, '.config', 'portcullis', 'session.json');
}

/** Store a session, replacing any other: directory 0700, file 0600, written to a temp file and renamed. */
export async function saveSession(home: string, s: StoredSession): Promise<void> {
  const file = sessionPath(home);
  const dir = join(home, '.config', 'portcullis');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const tmp = `${file}.${String(process.pid)}.tmp`;
  await writeFile(tmp, `${JSON.stringify(storedSchema.parse(s), null, 2)}\n`, {
    mode: 0o600,
    flag: 'w',
  });
  await chmod(tmp, 0o600);
  await rename(tmp, file);
}

/**
 * The stored session, or undefined when there is none, it does not parse, or its file is readable or writable
 * by anyone but the owner (then it may have been read or planted: log in again).
 */
export async function loadSession(home: string): Promise<StoredSession | undefined> {
  const file = sessionPath(home);
  try {
    const st = await stat(file);
    if ((st.mode & 0o077) !== 0 || !st.isFile()) return undefined;
    const r = storedSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}

/** Forget the stored session (logout). */
export async function clearSession(home: string): Promise<void> {
  await rm(sessionPath(home), { force: true });
}

/** Normalise the gate's `expiresAt` (ISO string or epoch ms) to ISO. */
export function isoTime(t: string | number): string {
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? String(t) : d.toISOString();
}
