/**
 * Which files a patch touches. Codex's `apply_patch` (and OpenCode's, and Copilot's) carries the whole patch as
 * text; one call may add, update, delete and move several files, and every one of them must be judged — an
 * agent that hides a `.claude/settings.json` edit in the third file of a patch is the reason this exists.
 *
 * The Codex patch format (`*** Begin Patch` … `*** End Patch`) names files in header lines:
 * `*** Add File: p`, `*** Update File: p`, `*** Delete File: p`, and `*** Move to: q` after an update. A
 * plain unified diff (`--- a/p` / `+++ b/p`) is accepted as a fallback. Lines are trimmed before matching,
 * so an indented header counts too: listing a path too many only makes the judgement stricter.
 */
import type { FileOp } from './requests.js';

const HEADERS: readonly (readonly [prefix: string, op: FileOp])[] = [
  ['*** Add File:', 'write'],
  ['*** Update File:', 'edit'],
  ['*** Delete File:', 'delete'],
  ['*** Move to:', 'move'],
];

/** Most destructive first: a request carries one op, so a patch that deletes anything is a delete. */
const OP_RANK: Readonly<Record<FileOp, number>> = {
  read: 0,
  edit: 1,
  write: 2,
  move: 3,
  delete: 4,
};

export interface PatchTouches {
  /** The most destructive operation in the patch. */
  op: FileOp;
  /** Every path the patch names, in order, each once. */
  paths: string[];
}

function worse(a: FileOp | undefined, b: FileOp): FileOp {
  return a === undefined || OP_RANK[b] > OP_RANK[a] ? b : a;
}

/** A unified-diff header path: `a/x` → `x`; a trailing tab and timestamp dropped; `/dev/null` → undefined. */
function diffPath(text: string): string | undefined {
  const path = (text.split('\t')[0] ?? '').trim();
  if (path === '' || path === '/dev/null') return undefined;
  return path.startsWith('a/') || path.startsWith('b/') ? path.slice(2) : path;
}

/** The files `patch` touches. Throws when it names none (the hook then fails closed). */
export function patchTouches(patch: string): PatchTouches {
  const lines = patch.split(/\r\n|\r|\n/).map((l) => l.trim());
  const paths: string[] = [];
  let op: FileOp | undefined;
  const add = (path: string, o: FileOp): void => {
    if (path !== '' && !paths.includes(path)) paths.push(path);
    op = worse(op, o);
  };
  for (const line of lines) {
    for (const [prefix, o] of HEADERS) {
      if (line.startsWith(prefix)) add(line.slice(prefix.length).trim(), o);
    }
  }
  if (paths.length === 0) {
    // Not the Codex format: try unified-diff headers.
    for (const [i, line] of lines.entries()) {
      if (!line.startsWith('--- ')) continue;
      const next = lines[i + 1];
      if (next === undefined || !next.startsWith('+++ ')) continue;
      const from = diffPath(line.slice(4));
      const to = diffPath(next.slice(4));
      if (from !== undefined && to === undefined) add(from, 'delete');
      else if (from === undefined && to !== undefined) add(to, 'write');
      else if (from !== undefined && to !== undefined) {
        add(from, from === to ? 'edit' : 'move');
        if (to !== from) add(to, 'move');
      }
    }
  }
  if (paths.length === 0 || op === undefined) throw new Error('the patch names no file');
  return { op, paths };
}
