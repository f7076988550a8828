/**
 * Paths: resolving them against the working directory and knowing what they are (a system path, a home
 * directory, a device, a regenerable build artifact, scratch under /tmp ...). Pure string work: the analyzer
 * never touches the file system, so "judge as if the target exists".
 */
import { posix } from 'node:path';
import type { Env } from './types.js';
import { envFromName, worseEnv } from './env.js';

/** Resolve `p` against `cwd` lexically. `~` stays `~` (the home directory, whatever it is). */
export function resolvePath(p: string, cwd: string): string {
  if (p === '~' || p.startsWith('~/')) return posix.normalize(p);
  if (p.startsWith('/')) return posix.normalize(p);
  if (/^~[a-z_][a-z0-9_-]*(\/|$)/i.test(p)) return posix.normalize(p);
  return posix.normalize(posix.join(cwd || '.', p));
}

/** Environment named by a working directory (`infra/envs/prod`), ignoring the user's own name in /home. */
export function envFromPath(cwd: string): Env {
  const parts = cwd.split('/').filter((s) => s.length > 0);
  const start = parts[0] === 'home' || parts[0] === 'Users' ? 2 : 0;
  let env: Env = 'unknown';
  for (const seg of parts.slice(start)) env = worseEnv(env, envFromName(seg));
  return env;
}
