/**
 * `~/.config/portcullis/hook.json` (`{gate, token}`): where a command hook finds its gate and token when
 * `PORTCULLIS_GATE` / `PORTCULLIS_TOKEN` are unset (src/integrations/hooks/remote.ts `gateTarget`). The token is
 * the agent's credential at the gate, so it never travels in argv (install reads it from stdin), is never printed,
 * and is written atomically with owner-only permissions (directory 0700, file 0600). Other keys in the file are
 * kept; no backup is taken, since a backup would be one more copy of the secret.
 */
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod/mini';
import { InstallError, type InstallContext } from './context.js';
import { modeOf, readIfExists, writeAtomic } from './files.js';
import { parseJsonConfig, serializeJson, type JsonObject } from './json-shapes.js';

/** The longest token accepted (agent tokens are short; this only bounds garbage on stdin). */
const MAX_TOKEN = 4096;

// Printable ASCII without spaces: a token goes into an HTTP header, where a space or control byte would break or
// smuggle something.
const Token = z.string().check(z.minLength(1), z.maxLength(MAX_TOKEN), z.regex(/^[\x21-\x7e]+$/));

/**
 * The token in one line read from stdin: surrounding whitespace (the newline, a pasted space) is dropped.
 * Throws InstallError `install/bad-token` — without echoing the line — when nothing usable is left.
 */
export function parseToken(line: string): string {
  const r = Token.safeParse(line.trim());
  if (!r.success)
    throw new InstallError(
      'install/bad-token',
      `the token on stdin must be one line of printable characters without spaces, 1–${String(MAX_TOKEN)} long`,
    );
  return r.data;
}

/** The file the hook reads: under the home directory, as `gateTarget` looks for it (XDG is not consulted). */
export function hookConfigPath(ctx: InstallContext): string {
  return join(ctx.home, '.config', 'portcullis', 'hook.json');
}

/** What writing hook.json would do. `keys` names what is set; the token itself is only in `after`. */
export interface HookConfigChange {
  path: string;
  action: 'create' | 'update' | 'unchanged';
  keys: ('gate' | 'token')[];
  /** The new contents (holds the token: never print it). */
  after: string;
}

/** What install sets in hook.json; `defaultGate` is written only when a token is set and the file names no gate. */
export interface HookConfigUpdate {
  gate?: string;
  token?: string;
  /** A token belongs to one gate: record which, unless the file already names one. */
  defaultGate?: string;
}

/**
 * Merge `update` into hook.json. Throws InstallError when the existing file is not a JSON object (it is never
 * overwritten). A file with the same contents but a looser mode counts as an update, so the mode is fixed.
 */
export function planHookConfig(ctx: InstallContext, update: HookConfigUpdate): HookConfigChange {
  const path = hookConfigPath(ctx);
  const before = readIfExists(path);
  const doc: JsonObject =
    before === undefined ? {} : parseJsonConfig(before.toString('utf8'), path);
  const keys: HookConfigChange['keys'] = [];
  const gate =
    update.gate ??
    (update.token !== undefined && typeof doc.gate !== 'string' ? update.defaultGate : undefined);
  if (gate !== undefined) {
    doc.gate = gate;
    keys.push('gate');
  }
  if (update.token !== undefined) {
    doc.token = update.token;
    keys.push('token');
  }
  const after = serializeJson(doc);
  const same = before !== undefined && before.toString('utf8') === after && modeOf(path) === 0o600;
  return {
    path,
    action: before === undefined ? 'create' : same ? 'unchanged' : 'update',
    keys,
    after,
  };
}

/** Write hook.json: directory 0700, file 0600, atomically. */
export function applyHookConfig(change: HookConfigChange, ctx: InstallContext): void {
  const dir = join(ctx.home, '.config', 'portcullis');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  writeAtomic(change.path, change.after, 0o600);
}
