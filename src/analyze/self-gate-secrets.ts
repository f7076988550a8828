/**
 * The gate's credentials on disk (issue 5, `self-gate.ts`): the human's CLI session, the database that holds the
 * signing keys, password hashes and TOTP secrets, and the vault key. An agent that reads them can act as the
 * human or as the gate, so reading them is `self/portcullis` whatever the program (or file tool) does it.
 * Pure string work.
 */
import { posix } from 'node:path';
import type { Action } from './types.js';
import type { Invocation, ToolContext } from './model.js';
import { homeOf, resolvePath } from './paths.js';

export const GATE_SECRET_REASON = "reads the gate's credentials (sessions, signing keys)";

/** Credential files, with an example name for glob tests, and the kind of directory they live in. */
const SECRET_FILES: ReadonlyArray<readonly [RegExp, string, 'config' | 'data']> = [
  [/^session\.json$/i, 'session.json', 'config'],
  [/^portcullis\.db.*$/i, 'portcullis.db', 'data'],
  [/^vault\.key$/i, 'vault.key', 'data'],
];
/** The directories, as path suffixes (`~/.local/share/portcullis`, `/home/x/.local/share/portcullis`). */
const DIRS: Readonly<Record<'config' | 'data', readonly RegExp[]>> = {
  config: [/(^|\/)\.config\/portcullis$/i],
  data: [/(^|\/)\.local\/share\/portcullis$/i, /^\/var\/lib\/portcullis$/i],
};
/** Variables whose value is a config or data home, as written when unknown. */
const HOMES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^\$\{?HOME\}?(?=\/|$)/, '~'],
  [/^\$\{?XDG_CONFIG_HOME\}?(?=\/|$)/, '~/.config'],
  [/^\$\{?XDG_DATA_HOME\}?(?=\/|$)/, '~/.local/share'],
];

function globMatches(seg: string, name: string): boolean {
  if (!/[*?[]/.test(seg)) return false;
  const re = seg
    .replace(/[.+^${}()|\\]/g, '\\$&')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]')
    .replace(/\[!/g, '[^');
  try {
    return new RegExp(`^${re}$`, 'i').test(name);
  } catch {
    return false;
  }
}

/** Is `dir` a Portcullis config or data directory (by its usual place, or the XDG home in `env`)? */
function isDir(
  dir: string,
  kind: 'config' | 'data',
  env: Readonly<Record<string, string>>,
): boolean {
  if (DIRS[kind].some((re) => re.test(dir))) return true;
  const xdg = env[kind === 'config' ? 'XDG_CONFIG_HOME' : 'XDG_DATA_HOME'];
  return xdg !== undefined && xdg.startsWith('/') && dir === posix.join(xdg, 'portcullis');
}

/**
 * The resolved path when `text` (absolute, `~/`, `$HOME/`, `$XDG_DATA_HOME/`, relative to `cwd`, or a glob)
 * names a credential of the gate: the human's CLI session (`~/.config/portcullis/session.json`), the database
 * (`portcullis.db*`, which holds the signing keys, password hashes and TOTP secrets) or the vault key in a data
 * directory (`~/.local/share/portcullis`, `/var/lib/portcullis`, `$XDG_DATA_HOME/portcullis`), or one of those
 * directories itself (copying or archiving it takes them along). Undefined otherwise: the policy files beside
 * them are fine to read. `env` gives XDG homes set for the command.
 */
export function gateSecretPath(
  text: string,
  cwd: string,
  env: Readonly<Record<string, string>> = {},
): string | undefined {
  let t = text.trim();
  if (t === '' || t.includes('://') || t.includes('\n') || t.length > 4096) return undefined;
  if (!/portcullis/i.test(t) && !/portcullis/i.test(cwd)) return undefined;
  for (const [re, to] of HOMES) t = t.replace(re, to);
  const home = homeOf(cwd);
  if (home && (t === '~' || t.startsWith('~/'))) t = home + t.slice(1);
  let path = posix.normalize(resolvePath(t, cwd || '/'));
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  if (isDir(path, 'config', env) || isDir(path, 'data', env)) return path;
  const slash = path.lastIndexOf('/');
  const dir = path.slice(0, slash);
  const base = path.slice(slash + 1);
  const secret = SECRET_FILES.some(
    ([re, example, kind]) => (re.test(base) || globMatches(base, example)) && isDir(dir, kind, env),
  );
  return secret ? path : undefined;
}

/** The `self/portcullis` action for reading one credential. */
export function secretAction(ctx: ToolContext, tool: string, path: string): Action {
  return ctx.action({
    tool,
    verb: 'read credentials',
    effect: 'read',
    risk: 'high',
    rule: 'self/portcullis',
    targets: [path],
    reversible: false,
    reasons: [GATE_SECRET_REASON],
  });
}

/** Commands that look at a file's name, metadata or existence, or change it (judged by the write seam). */
const NOT_READERS = new Set(
  `ls stat du file test [ [[ find realpath readlink dirname basename echo printf touch mkdir rm rmdir unlink
   chmod chown chgrp chattr lsattr df lsof fuser which cd pushd`.split(/\s+/),
);

/**
 * The `self/portcullis` action when a command reads one of the gate's credentials (`cat`, `sqlite3`, `cp`,
 * `tar`, `base64`, `curl -d @...`, a `<` redirection ...): every operand is checked, including option values
 * (`--file=...`, `if=...`, `@path`). Commands that only look at names or metadata are left alone.
 */
export function gateSecretReads(inv: Invocation, ctx: ToolContext): Action[] {
  const candidates: string[] = [];
  if (inv.stdin?.kind === 'file') candidates.push(inv.stdin.path);
  for (const r of inv.redirects) if (r.op === '<') candidates.push(r.target);
  if (!NOT_READERS.has(inv.name)) {
    for (const a of inv.args) {
      candidates.push(a.replace(/^[@<]/, ''));
      const eq = a.indexOf('=');
      if (eq > 0) candidates.push(a.slice(eq + 1).replace(/^[@<]/, ''));
    }
  }
  for (const c of candidates) {
    const path = gateSecretPath(c, ctx.cwd, ctx.env);
    if (path !== undefined) return [secretAction(ctx, inv.name, path)];
  }
  return [];
}
