/**
 * File operations for install and uninstall: atomic writes (an agent reading its settings mid-install sees the
 * old file or the new one, never half of one), backups, and the directories an install created (so uninstall can
 * remove exactly those again).
 */
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmdirSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, parse, relative, sep } from 'node:path';

/** The file's bytes, or undefined when there is no file. */
export function readIfExists(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Hex sha256, to tell whether a file changed since Portcullis wrote it. */
export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Permission bits of an existing file, or undefined. */
export function modeOf(path: string): number | undefined {
  try {
    return statSync(path).mode & 0o7777;
  } catch {
    return undefined;
  }
}

/**
 * The path to write for `path`: a symlinked config file (dotfile managers) is written through to its target,
 * so the link survives.
 */
export function writablePath(path: string): string {
  try {
    return lstatSync(path).isSymbolicLink() ? realpathSync(path) : path;
  } catch {
    return path;
  }
}

/** `mkdir -p dir`; returns the directories it created, outermost first. */
export function makeDirs(dir: string): string[] {
  const missing: string[] = [];
  for (let d = dir; !existsSync(d); d = dirname(d)) {
    missing.unshift(d);
    if (dirname(d) === d) break;
  }
  for (const d of missing) mkdirSync(d);
  return missing;
}

/** Remove `dirs` (as returned by makeDirs), innermost first, as long as each is empty. */
export function removeEmptyDirs(dirs: readonly string[]): void {
  for (const d of [...dirs].reverse()) {
    try {
      rmdirSync(d);
    } catch {
      return;
    }
  }
}

/** Write `data` to `path` atomically (temp file in the same directory, then rename) with `mode`. */
export function writeAtomic(path: string, data: Buffer | string, mode: number): void {
  const tmp = join(dirname(path), `.${parse(path).base}.portcullis-${String(process.pid)}.tmp`);
  writeFileSync(tmp, data, { mode });
  try {
    chmodSync(tmp, mode);
    renameSync(tmp, path);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // the temp file is already gone
    }
    throw err;
  }
}

/** Delete a file (uninstall of a file install created). */
export function removeFile(path: string): void {
  unlinkSync(path);
}

/** `2026-11-26T10-15-00-123Z`: sortable, and safe in a file name. */
export function stamp(now: Date): string {
  return now.toISOString().replace(/[:.]/g, '-');
}

/**
 * Keep a copy of `data` (the current bytes of `path`) under `<state>/backups/<stamp>/<absolute path>`, mode 0600.
 * Returns the backup's path.
 */
export function writeBackup(state: string, path: string, data: Buffer, now: Date): string {
  const rel = relative(parse(path).root, path).split(sep).join('/');
  let target = join(state, 'backups', stamp(now), rel);
  for (let n = 1; existsSync(target); n++)
    target = join(state, 'backups', `${stamp(now)}.${String(n)}`, rel);
  makeDirs(dirname(target));
  writeFileSync(target, data, { mode: 0o600 });
  return target;
}
