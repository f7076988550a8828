/**
 * Where policy lives, and the only part of the policy module that touches the file system:
 *
 * - system: `<etcDir>/policy.yaml` (default `/etc/portcullis/policy.yaml`)
 * - user: `<home>/.config/portcullis/policy.yaml`
 * - project: the nearest `.portcullis.yaml` from `cwd` upward, stopping at the repository root (the first
 *   directory holding `.git`), else at `home`, else at `/`. It can only tighten (see merge.ts).
 *
 * With `explicitFile` (`portcullis check --policy FILE`, `policy test FILE`) only that file is layered on the
 * built-in policy (as a project layer if it is named `.portcullis.yaml`). Missing files are skipped; a file that exists but cannot be read, or is invalid, refuses to
 * load (callers fail closed).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { compilePolicy, type PolicyText } from './build.js';
import { PolicyError } from './errors.js';
import type { Policy } from './model.js';
import { MAX_POLICY_BYTES } from './source.js';

export interface LoadOptions {
  /** Directory the request runs in (where the project file search starts). */
  cwd: string;
  /** The user's home directory. */
  home: string;
  /** Directory of the system policy; default `/etc/portcullis`. */
  etcDir?: string;
  /** Use this file alone (on top of the built-in policy) instead of the system/user/project files. */
  explicitFile?: string;
}

export const PROJECT_POLICY_NAME = '.portcullis.yaml';

function readPolicy(file: string, required: boolean): string | undefined {
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new Error('not a regular file');
    size = st.size;
  } catch (err) {
    if (!required && (err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    const why =
      (err as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'no such file'
        : err instanceof Error
          ? err.message
          : String(err);
    throw new PolicyError('policy/unreadable', [
      { file, line: 0, col: 0, field: '', message: why },
    ]);
  }
  if (size > MAX_POLICY_BYTES) {
    throw new PolicyError('policy/unreadable', [
      { file, line: 0, col: 0, field: '', message: `larger than ${MAX_POLICY_BYTES} bytes` },
    ]);
  }
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new PolicyError('policy/unreadable', [
      {
        file,
        line: 0,
        col: 0,
        field: '',
        message: err instanceof Error ? err.message : String(err),
      },
    ]);
  }
}

/** The project policy file that applies in `cwd`, if any (see the module comment for where the search stops). */
export function findProjectPolicy(cwd: string, home: string): string | undefined {
  const homeDir = resolve(home);
  let dir = resolve(cwd);
  for (;;) {
    const candidate = join(dir, PROJECT_POLICY_NAME);
    if (existsSync(candidate)) return candidate;
    if (existsSync(join(dir, '.git')) || dir === homeDir) return undefined;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Find, read and compile the policy in force for `cwd`. Throws `PolicyError`; never returns a partial policy. */
export function loadPolicy(opts: LoadOptions): Policy {
  const texts: PolicyText[] = [];
  if (opts.explicitFile !== undefined) {
    const file = resolve(opts.cwd, opts.explicitFile);
    // A project file stays a project file wherever it is loaded from: `check --policy .portcullis.yaml` must
    // not grant it powers it would not have in place.
    const kind = basename(file) === PROJECT_POLICY_NAME ? 'project' : 'file';
    texts.push({ file, kind, text: readPolicy(file, true) ?? '' });
    return compilePolicy(texts);
  }
  const candidates: Omit<PolicyText, 'text'>[] = [
    { file: join(opts.etcDir ?? '/etc/portcullis', 'policy.yaml'), kind: 'system' },
    { file: join(opts.home, '.config', 'portcullis', 'policy.yaml'), kind: 'user' },
  ];
  const project = findProjectPolicy(opts.cwd, opts.home);
  if (project !== undefined) candidates.push({ file: project, kind: 'project' });
  for (const c of candidates) {
    const text = readPolicy(c.file, false);
    if (text !== undefined) texts.push({ ...c, text });
  }
  return compilePolicy(texts);
}
