/**
 * Paths: resolving them against the working directory and knowing what they are (a system path, a home
 * directory, a device, a regenerable build artifact, scratch under /tmp ...). Pure string work: the analyzer
 * never touches the file system, so "judge as if the target exists".
 */
import { posix } from 'node:path';
import type { Env } from './types.js';
import { envFromName, worseEnv } from './env.js';
import {
  ARTIFACT_DIRS,
  ARTIFACT_FILES,
  CRITICAL_FILES,
  GENERIC_TOP,
  HOME_CACHES,
  HOME_PRECIOUS,
  LIVE_DATA,
  PROJECT_DATA_DIRS,
  PROJECT_DATA_FILES,
  SYSTEM_TOP,
  SYSTEM_USER,
  isBackupName,
  isSecretFile,
  isSecurityFile,
  isShellRc,
} from './tools/fs-pathdata.js';
import { isBlockDevice } from './tools/fs-devices.js';
import { classifyDynamic } from './tools/fs-pathdyn.js';

// The tables and helpers live in tools/fs-*.ts; callers import them from here.
export { isSecretFile, isSecurityFile, isShellRc };
export { deviceKind, isBlockDevice } from './tools/fs-devices.js';
export { kindRank } from './tools/fs-pathdyn.js';

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

/** What a path is, from the point of view of "what is lost if it is deleted or overwritten". */
export type PathKind =
  /** `/` or everything under it (`/*`). */
  | 'root'
  /** A top-level system directory or its whole contents (`/etc`, `/usr/*`, `/var/lib`, `/boot`). */
  | 'system-top'
  /** A file the machine cannot run or be logged into without (`/etc/passwd`, `/etc/fstab`, `/boot/vmlinuz`). */
  | 'system-critical'
  /** Anything else under a system directory (`/etc/nginx/nginx.conf`, `/usr/lib/python3`). */
  | 'system'
  /** Software the admin installed by hand (`/usr/local/...`, `/opt/...`): replaceable. */
  | 'system-user'
  /** The store of a live service: a database, container or VM data directory (`/var/lib/postgresql`). */
  | 'live-data'
  | 'logs'
  | 'system-cache'
  /** A backup directory or file (`/var/backups`, `/mnt/backup`, `~/backups`). */
  | 'backup'
  /** All mount points at once (`/mnt`, `/media`, `/Volumes`). */
  | 'mount-all'
  /** One mounted volume or part of one (`/mnt/usb`, `/media/dev/disk`). */
  | 'mount'
  /** Every user's home (`/home`, `/home/*`, `/Users`). */
  | 'home-all'
  /** A home directory or its whole contents (`~`, `~/*`, `/home/dev`, `/root`). */
  | 'home'
  /** Irreplaceable data or credentials in a home (`~/.ssh`, `~/.gnupg`, `~/Documents`, `~/Photos`). */
  | 'home-precious'
  /** Regenerable caches in a home (`~/.cache`, `~/.npm`, `~/.m2/repository`). */
  | 'home-cache'
  | 'home-other'
  /** A block device: a disk, a partition, a logical volume, an array (`/dev/sda`, `/dev/mapper/x`). */
  | 'device'
  /** Other device nodes, harmless to write to (`/dev/null`, `/dev/stdout`, `/dev/tty`). */
  | 'device-other'
  /** The temporary directory itself (`/tmp`, `/var/tmp`). */
  | 'scratch-root'
  /** Something under the temporary directory. */
  | 'scratch'
  /** The project (working directory) itself or all its contents (`.`, `*`, `./*`, `$PWD`). */
  | 'project-root'
  /** The project's version control store (`.git`). */
  | 'project-vcs'
  /** Project data that is not in version control (`data/`, `*.sqlite3`, `.env`, `uploads/`). */
  | 'project-data'
  /** Regenerable build artifacts and caches in the project (`node_modules`, `dist`, `*.pyc`). */
  | 'artifact'
  /** Project sources. */
  | 'project'
  /** Any other path outside the project. */
  | 'outside'
  /** A dynamic path that becomes `/`, `/*` or a system directory when a variable is empty. */
  | 'dynamic-root'
  /** A dynamic path whose value cannot be judged. */
  | 'dynamic';

export interface PathInfo {
  kind: PathKind;
  /** The resolved path as judged (`~` for the home of the user, `/home/dev/project/*` ...). */
  path: string;
  /** The last segment is a wildcard pattern (`*.log`, `tmp.*`): it may name many files. */
  glob: boolean;
}

const GLOB = /[*?[]/;
/** Last segments that mean "everything in the directory": `*`, `.*`, `.[!.]*`, `.??*`, `*.*`, `{*,.*}`. */
const ALL_GLOB = /^(\{[*.,[\]!?^]+\}|[.]?(\*|\?+\*?|\[[!^]?\.?\]\*?\*?)(\.\*)?)$/;

// Brace alternatives (`/srv/{a,b}`) are expanded by the shell engine's one implementation.
export { expandBraces } from './shell/text.js';

/** The home directory implied by a working directory under `/home/<user>` or `/Users/<user>`. */
export function homeOf(cwd: string): string | undefined {
  const m = /^(\/home\/[^/]+|\/Users\/[^/]+|\/root)(\/|$)/.exec(cwd);
  return m?.[1];
}

/** Split a resolved path into (home-relative path) when it is inside some home directory. */
function inHome(path: string): { user: string; rel: string } | undefined {
  if (path === '~' || path.startsWith('~/')) return { user: '', rel: path.slice(2) };
  const tilde = /^~([a-z_][a-z0-9_-]*)(?:\/(.*))?$/i.exec(path);
  if (tilde) return { user: tilde[1] ?? '', rel: tilde[2] ?? '' };
  const m =
    /^\/(?:home|Users)\/([^/]+)(?:\/(.*))?$/.exec(path) ??
    /^\/(root|var\/root)(?:\/(.*))?$/.exec(path);
  if (m) return { user: m[1] ?? '', rel: m[2] ?? '' };
  return undefined;
}

/**
 * Classify a path as written (`text`) relative to `cwd`. `dynamic` says the text contains parts only known
 * when the command runs (`"$DIR"/*`); such paths are judged by what they become when the variable is empty.
 */
export function classifyPath(text: string, cwd: string, dynamic = false): PathInfo {
  if (dynamic) return classifyDynamic(text, cwd, classifyPath);
  const home = homeOf(cwd);
  let t = text;
  if (home && (t === '~' || t.startsWith('~/'))) t = home + t.slice(1);
  let path = resolvePath(t, cwd);
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  const last = path.slice(path.lastIndexOf('/') + 1);
  const all = ALL_GLOB.test(last) && path.includes('/');
  const glob = !all && GLOB.test(last);
  const base = all ? path.slice(0, path.lastIndexOf('/')) || '/' : path;
  const project = projectOf(cwd);
  // An ancestor of the project (`..`) is judged on its own: it contains the project and more.
  const kind = project ? projectKind(base, project, all) : undefined;
  return { kind: kind ?? absoluteKind(base, all), path, glob };
}

/** Working directories that are not a project: what is under them is judged on its own. */
const NO_PROJECT = `root system-top system system-critical live-data home home-all mount-all device
  device-other scratch-root scratch logs`.split(/\s+/) as readonly PathKind[];

/** The project root when `cwd` is a project (not `/`, a home itself, a system or service directory). */
export function projectOf(cwd: string): string | undefined {
  if (cwd === '~' || cwd.startsWith('~')) {
    return cwd === '~' ? undefined : cwd;
  }
  const kind = absoluteKind(posix.normalize(cwd), false);
  // A service checkout under /srv (`/srv/app`) is a project too: its data dirs stay protected by name.
  if (kind === 'live-data' && /^\/srv\/[^/]+/.test(cwd)) return posix.normalize(cwd);
  return NO_PROJECT.includes(kind) ? undefined : posix.normalize(cwd);
}

function projectKind(path: string, project: string, all: boolean): PathKind | undefined {
  if (path === project) return 'project-root';
  if (!path.startsWith(`${project}/`)) return undefined;
  const segs = path.slice(project.length + 1).split('/');
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i] ?? '';
    const isLast = i === segs.length - 1 && !all;
    if (ARTIFACT_DIRS.has(s) || (isLast && ARTIFACT_FILES.some((re) => re.test(s))))
      return 'artifact';
    if (s === '.git' || s === '.hg' || s === '.svn') return 'project-vcs';
    if (PROJECT_DATA_DIRS.has(s) || isBackupName(s)) return 'project-data';
    if (isLast && (PROJECT_DATA_FILES.some((re) => re.test(s)) || isSecretFile(s)))
      return 'project-data';
  }
  return 'project';
}

/** Classify an absolute (or `~`) path without reference to a project. */
export function absoluteKind(path: string, all: boolean): PathKind {
  if (path === '/') return 'root';
  if (path.startsWith('/dev/') || path === '/dev') {
    if (path === '/dev') return 'system-top';
    return isBlockDevice(path) ? 'device' : 'device-other';
  }
  if (path === '/tmp' || path === '/var/tmp' || path === '/private/tmp')
    return all ? 'scratch' : 'scratch-root';
  if (/^\/(private\/)?(var\/)?tmp\//.test(path)) return 'scratch';
  if (path === '/home' || path === '/Users' || /^\/(home|Users)\/[^/]*[*?[][^/]*$/.test(path))
    return 'home-all';
  const h = inHome(path);
  if (h) return homeKind(h.rel);
  if (/^\/(mnt|media|Volumes)$/.test(path)) return 'mount-all';
  if (/^\/(mnt|media|Volumes|run\/media)\//.test(path)) {
    return path.split('/').some(isBackupName) ? 'backup' : 'mount';
  }
  if (CRITICAL_FILES.some((re) => re.test(path))) return 'system-critical';
  if (LIVE_DATA.some((re) => re.test(path))) return 'live-data';
  if (SYSTEM_TOP.has(path)) return 'system-top';
  if (path.split('/').some(isBackupName)) return 'backup';
  if (/^\/var\/log(\/|$)/.test(path)) return 'logs';
  if (/^\/var\/cache(\/|$)|^\/var\/lib\/(apt\/lists|pacman\/sync|snapd\/cache)(\/|$)/.test(path))
    return 'system-cache';
  if (SYSTEM_USER.some((re) => re.test(path))) return 'system-user';
  const top = `/${path.split('/')[1] ?? ''}`;
  if (SYSTEM_TOP.has(top)) return 'system';
  // A checkout elsewhere (`/app` in a container, `/opt/src/x`): its node_modules or __pycache__ are as
  // regenerable as in the project; generic names (build, out) are not trusted at the top level.
  const segs = path.split('/').filter((x) => x.length > 0);
  if (segs.some((x, i) => ARTIFACT_DIRS.has(x) && (i > 0 || !GENERIC_TOP.has(x)))) return 'artifact';
  return 'outside';
}

function homeKind(rel: string): PathKind {
  if (rel === '') return 'home';
  const segs = rel.split('/');
  const first = segs[0] ?? '';
  if (segs.length === 1 && ALL_GLOB.test(first)) return 'home';
  const two = segs.slice(0, 2).join('/');
  if (HOME_CACHES.some((c) => rel === c || rel.startsWith(`${c}/`))) return 'home-cache';
  // node_modules, build ... inside some checkout in the home: regenerable wherever the checkout lives.
  if (segs.some((s, i) => ARTIFACT_DIRS.has(s) && (i > 0 || !GENERIC_TOP.has(s))))
    return 'home-cache';
  if (HOME_PRECIOUS.has(first) || HOME_PRECIOUS.has(two)) return 'home-precious';
  if (segs.some(isBackupName)) return 'backup';
  return 'home-other';
}
