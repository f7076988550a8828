/**
 * Dynamic paths (`"$DIR"/*`, `/var/lib/$APP`, `$(ls backups/*)`): judged by what they become when a variable
 * is empty, by their static prefix or tail, or by the paths a command substitution names. Used by
 * `classifyPath` in `../paths.ts`, which it receives as a parameter (no import cycle).
 */
import type { PathInfo, PathKind } from '../paths.js';
import { ARTIFACT_DIRS, ARTIFACT_FILES } from './fs-pathdata.js';
import { HARMLESS_DEVICES } from './fs-devices.js';

type Classify = (text: string, cwd: string, dynamic?: boolean) => PathInfo;

const kinds = (list: string): PathKind[] => list.split(/\s+/).filter((w) => w) as PathKind[];

/** How much is lost when a path of each kind is deleted recursively, worst first. */
const RANKS: ReadonlyArray<readonly PathKind[]> = [
  kinds('root system-top system-critical live-data home-all home mount-all dynamic-root'),
  kinds('device'),
  kinds('home-precious backup system project-root project-vcs project-data mount logs'),
  kinds('dynamic outside home-other project system-user scratch-root'),
  kinds('artifact scratch home-cache system-cache device-other'),
];

/** 5 for a machine or a home, 1 for scratch and artifacts. */
export function kindRank(kind: PathKind): number {
  const i = RANKS.findIndex((r) => r.includes(kind));
  return i < 0 ? 2 : 5 - i;
}

const SERIOUS = kinds('root system-top system-critical live-data home-all home mount-all');
const BENIGN = kinds('artifact scratch home-cache system-cache');
const GLOB = /[*?[]/;
/** Variables that are always set in a login shell: judged as a name, not as possibly empty. */
const ALWAYS_SET =
  /\$\{?(USER|LOGNAME|HOSTNAME|UID|EUID|SHELL|USERNAME)\}?|\$\((whoami|id -un|hostname|date[^)]*)\)|`(whoami|hostname|date[^`]*)`/g;
const DYNAMIC_PART = /\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|\$\([^)]*\)|`[^`]*`|\$[\d@*#?$!]/g;
const KNOWN =
  /^(\$\{?(HOME|PWD|TMPDIR|TMP|TEMP)\}?|\$\(pwd\)|`pwd`|\$\(mktemp[^)]*\)|`mktemp[^`]*`)(\/.*)?$/;

/** Variables and substitutions that name a known place: $HOME, $PWD, $TMPDIR, `$(mktemp -d)`. */
function knownPlace(text: string, cwd: string): string | undefined {
  const m = KNOWN.exec(text);
  if (!m) return undefined;
  const head = m[1] ?? '';
  const rest = m[3] ?? '';
  if (head.includes('HOME')) return `~${rest}`;
  if (/PWD|pwd/.test(head)) return `${cwd}${rest}`;
  return `/tmp/x${rest}`;
}

/**
 * A dynamic path: `"$DIR"/*` is `/*` when DIR is empty, `$DIR/node_modules` at worst `/node_modules`.
 * A required variable (`${DIR:?}`) cannot be empty; a default (`${DIR:-/srv/app}`) is used.
 */
export function classifyDynamic(text: string, cwd: string, classify: Classify): PathInfo {
  const known = knownPlace(text, cwd);
  if (known !== undefined) return { ...classify(known, cwd, /\$|`/.test(known)), path: text };
  const named = text
    .replace(ALWAYS_SET, 'x')
    .replace(/\$\{[A-Za-z_][A-Za-z0-9_]*:?[-=]([^}$`]*)\}/g, '$1');
  if (!/\$|`/.test(named)) return { ...classify(named, cwd), path: text };
  const sub = /^(\$\(([^)]*)\)|`([^`]*)`)$/.exec(named);
  if (sub) {
    const kind = substitutionKind(sub[2] ?? sub[3] ?? '', cwd, classify);
    // Paths named inside (`$(ls backups/*)`) say where; a bare list (`$(git ls-files -d)`) says nothing.
    return { kind, path: text, glob: kind !== 'dynamic' };
  }
  const collapsed = named.replace(DYNAMIC_PART, '');
  const filled = named.replace(DYNAMIC_PART, 'x');
  const glob = GLOB.test(text.slice(text.lastIndexOf('/') + 1));
  const info = (kind: PathKind): PathInfo => ({ kind, path: text, glob });
  // `/dev/$DISK`: some device node, most likely a disk.
  if (named.startsWith('/dev/') && !HARMLESS_DEVICES.test(filled)) return info('device');
  const c = collapsed === '' ? 'dynamic' : classify(collapsed, cwd).kind;
  // `${DIR:?}` aborts the command when DIR is empty, so it never collapses.
  const required = /^\$\{[A-Za-z_][A-Za-z0-9_]*:?\?/.test(named);
  if (!required && SERIOUS.includes(c)) return info('dynamic-root');
  if (artifactTail(collapsed)) return info('artifact');
  // A leading variable can be any directory: only a static prefix says where the path is.
  if (/^(\$|`)/.test(named)) return info(BENIGN.includes(c) ? c : 'dynamic');
  const f = classify(filled, cwd).kind;
  if (BENIGN.includes(c) && BENIGN.includes(f)) return info(f);
  return info(kindRank(f) > kindRank('dynamic') ? f : 'dynamic');
}

/** The most serious path named inside a command substitution (`$(find /var/log -name '*.gz')`). */
function substitutionKind(inner: string, cwd: string, classify: Classify): PathKind {
  const find = /^\s*find\s+([^\s-][^\s]*)(?:.*?-i?name\s+(['"]?)([^'"\s]+)\2)?/.exec(inner);
  if (find) return classify(`${find[1] ?? '.'}/${find[3] ?? '*'}`, cwd).kind;
  let worst: PathKind | undefined;
  for (const raw of inner.split(/[\s|;&()<>]+/)) {
    const tok = raw.replace(/^['"]|['"]$/g, '');
    if (!tok || tok.startsWith('-') || !/[/*~]|^\.{1,2}$/.test(tok) || tok.includes('$')) continue;
    const k = classify(tok, cwd).kind;
    if (!worst || kindRank(k) > kindRank(worst)) worst = k;
  }
  return worst ?? 'dynamic';
}

/** A dynamic path whose static tail is a regenerable artifact (`$DIR/node_modules`, `$OUT/*.pyc`). */
function artifactTail(tail: string): boolean {
  const segs = tail.split('/').filter((s) => s.length > 0);
  const last = segs[segs.length - 1] ?? '';
  return segs.some((s) => ARTIFACT_DIRS.has(s)) || ARTIFACT_FILES.some((re) => re.test(last));
}
