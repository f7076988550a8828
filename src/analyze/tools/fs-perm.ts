/**
 * Permissions and ownership: chmod, chown, chgrp, chattr. A recursive change over the root file system, a
 * system directory or a home breaks the machine or opens it up; world-writable trees, readable private keys
 * and setuid bits weaken security; `chmod +x script.sh` is nothing.
 */
import type { Action } from '../types.js';
import type { Invocation, ToolContext } from '../model.js';
import { has, parseArgs, value } from '../args.js';
import { homeOf, isSecretFile, isSecurityFile, type PathKind } from '../paths.js';
import {
  helpAction,
  isHelp,
  perTarget,
  targetsOf,
  wordsFor,
  type Target,
  type Verdict,
} from './fs-common.js';
import { parseMode, type ModeEffect } from './fs-mode.js';

const SYSTEM_WIDE: readonly PathKind[] = ['root', 'system-top', 'system-critical', 'dynamic-root'];
const HOMES: readonly PathKind[] = ['home', 'home-all'];
const BENIGN: readonly PathKind[] = ['artifact', 'scratch', 'home-cache', 'system-cache'];
/** Kinds where even one world-writable entry is a hole: system paths, homes, data stores, devices. */
const SENSITIVE: readonly PathKind[] = [
  'root',
  'system-top',
  'system',
  'system-critical',
  'system-user',
  'live-data',
  'home',
  'home-all',
  'home-precious',
  'scratch-root',
  'device',
  'project-root',
  'mount-all',
  'logs',
  'backup',
  'dynamic-root',
];

const CHMOD_OPTS = new Set([
  '-R',
  '--recursive',
  '-c',
  '--changes',
  '-f',
  '--silent',
  '--quiet',
  '-v',
  '--verbose',
  '--preserve-root',
  '--no-preserve-root',
  '-h',
  '--no-dereference',
  '-H',
  '-L',
  '-P',
]);

const verdict = (risk: Verdict['risk'], rule: string, reason: string): Verdict => ({
  risk,
  rule,
  reason,
  effect: 'write',
});

/** `chmod [-R] MODE FILE...` (modes may look like options: `chmod -x f`, `chmod -R go-w d`). */
export function analyzeChmod(inv: Invocation, ctx: ToolContext): Action[] {
  if (isHelp(inv.args)) return [helpAction(ctx, 'chmod')];
  let recursive = false;
  let mode: string | undefined;
  const files: string[] = [];
  for (const a of inv.args) {
    if (a.startsWith('--reference=')) mode = mode ?? '';
    else if (CHMOD_OPTS.has(a) || /^-[RcfvHLP]+$/.test(a))
      recursive = recursive || a === '--recursive' || (!a.startsWith('--') && a.includes('R'));
    else if (mode === undefined) mode = a;
    else files.push(a);
  }
  const m = parseMode(mode ?? '');
  const targets = targetsOf(wordsFor(inv.words, files), ctx.cwd);
  const verb = `chmod ${recursive ? '-R ' : ''}${mode ?? ''}`.trim();
  return perTarget(ctx, 'chmod', verb, targets, (t) => chmodVerdict(t, m, recursive));
}

function chmodVerdict(t: Target, m: ModeEffect, recursive: boolean): Verdict {
  const { kind, path } = t.info;
  if (recursive && SYSTEM_WIDE.includes(kind)) {
    return verdict(
      'catastrophic',
      'fs/chmod-recursive-system',
      `changes the permissions of every file under ${path}: the system breaks or is opened up`,
    );
  }
  if (recursive && HOMES.includes(kind) && !m.onlyTightens) {
    return verdict(
      'catastrophic',
      'fs/chmod-recursive-home',
      `changes the permissions of a whole home directory (${path}), private keys included`,
    );
  }
  const secret =
    isSecretFile(path) ||
    /\/\.(ssh|gnupg)(\/\*)?$/.test(path) ||
    (recursive && kind === 'home-precious' && /\/\.(ssh|gnupg|aws|kube)(\/|$)/.test(path));
  if (secret && m.opensOthers) {
    return verdict(
      'high',
      'fs/chmod-secret',
      `lets other users read or change the credentials in ${path}`,
    );
  }
  if (m.worldWritable && !(kind === 'scratch-root' && m.sticky)) {
    if (recursive && kind !== 'scratch')
      return verdict(
        'high',
        'fs/chmod-world-writable',
        `makes everything under ${path} writable by every user`,
      );
    if (!recursive && (SENSITIVE.includes(kind) || isSecurityFile(path))) {
      return verdict('high', 'fs/chmod-world-writable', `makes ${path} writable by every user`);
    }
  }
  if (m.setuid && !BENIGN.includes(kind))
    return verdict(
      'high',
      'fs/chmod-setuid',
      `makes ${path} run with its owner's privileges (setuid)`,
    );
  if (kind === 'system-critical' && m.removesExec && /\/s?bin\//.test(path)) {
    return verdict('high', 'fs/chmod-lockout', `stops ${path} from running`);
  }
  if (
    (recursive || kind === 'system-critical' || isSecurityFile(path)) &&
    m.breaks &&
    !BENIGN.includes(kind) &&
    !secret
  ) {
    return verdict(
      'high',
      'fs/chmod-lockout',
      `removes access to ${path}${recursive ? ' and everything under it' : ''}`,
    );
  }
  if (m.onlyExec) return verdict('none', 'fs/chmod', `makes ${path} executable`);
  return verdict('low', 'fs/chmod', `changes the permissions of ${path}`);
}

const CHOWN_VALUE = ['--from', '--reference'];

/** `chown [-R] OWNER[:GROUP] FILE...` and `chgrp [-R] GROUP FILE...`. */
export function analyzeChown(inv: Invocation, ctx: ToolContext): Action[] {
  if (isHelp(inv.args)) return [helpAction(ctx, inv.name)];
  const p = parseArgs(inv.args, { value: CHOWN_VALUE });
  const recursive = has(p, '-R', '--recursive');
  const byRef = value(p, '--reference') !== undefined;
  const owner = byRef ? '' : (p.positionals[0] ?? '');
  const files = byRef ? p.positionals : p.positionals.slice(1);
  const targets = targetsOf(wordsFor(inv.words, files), ctx.cwd);
  const self = isSelf(owner, ctx.cwd);
  const verb = `${inv.name} ${recursive ? '-R ' : ''}${owner}`.trim();
  return perTarget(ctx, inv.name, verb, targets, (t) =>
    chownVerdict(t, owner, self, recursive, inv.name),
  );
}

/** The owner is the invoking user (`$USER`, `$(whoami)`, `$(id -u)`, or the user whose home the cwd is in). */
function isSelf(owner: string, cwd: string): boolean {
  const user = owner.split(/[:.]/)[0] ?? '';
  if (/^(\$\{?(USER|LOGNAME)\}?|\$\((whoami|id -u|id -un)\)|`(whoami|id -u|id -un)`)$/.test(user))
    return true;
  const home = homeOf(cwd);
  return home !== undefined && user !== '' && home.endsWith(`/${user}`);
}

function chownVerdict(
  t: Target,
  owner: string,
  self: boolean,
  recursive: boolean,
  tool: string,
): Verdict {
  const { kind, path } = t.info;
  const rootOwner = /^(root|0)?([:.](root|wheel|0)?)?$/.test(owner) && owner !== '';
  if (recursive && SYSTEM_WIDE.includes(kind)) {
    return verdict(
      'catastrophic',
      'fs/chown-recursive-system',
      `gives every file under ${path} to ${owner || 'another owner'}: setuid programs, sudo and services break`,
    );
  }
  if (recursive && HOMES.includes(kind)) {
    const own = kind === 'home' && (self || ownerNamesHome(owner, path));
    if (!own)
      return verdict(
        'catastrophic',
        'fs/chown-recursive-home',
        `gives a whole home directory (${path}) to ${owner}`,
      );
    return verdict('low', 'fs/chown', `gives ${path} back to its user`);
  }
  if (recursive && kind === 'live-data') {
    const service = owner.split(/[:.]/)[0] ?? '';
    if (
      service !== '' &&
      (path.includes(service) ||
        /^(mysql|postgres|redis|mongodb|docker|elasticsearch|etcd|influxdb|grafana)$/.test(service))
    ) {
      return verdict('low', 'fs/chown', `gives ${path} to the service user ${service}`);
    }
    return verdict(
      'high',
      'fs/chown-data',
      `changes the owner of a live data store (${path}): the service may stop`,
    );
  }
  // Web roots are handed to the web server user routinely.
  if (recursive && kind === 'system' && !rootOwner && !/^\/var\/www\//.test(path)) {
    return verdict('high', 'fs/chown-recursive', `gives the system directory ${path} to ${owner}`);
  }
  if (
    (kind === 'system-critical' || isSecurityFile(path) || kind === 'system-top') &&
    !rootOwner &&
    !(HOMES.includes(kind) || path.startsWith('~') || /^\/(home|Users)\//.test(path))
  ) {
    return verdict(
      'high',
      'fs/chown-security',
      `gives ${path} to ${owner}: it may then be changed without root`,
    );
  }
  return verdict('low', 'fs/chown', `${tool} ${owner} on ${path}`);
}

function ownerNamesHome(owner: string, path: string): boolean {
  const user = owner.split(/[:.]/)[0] ?? '';
  return (
    user !== '' &&
    (path === `/home/${user}` || path === `/Users/${user}` || path.startsWith(`/home/${user}/`))
  );
}

/** `chattr [-R] [+-=]ATTRS FILE...`: attributes (immutable, append-only) are reversible. */
export function analyzeChattr(inv: Invocation, ctx: ToolContext): Action[] {
  if (isHelp(inv.args)) return [helpAction(ctx, 'chattr')];
  let recursive = false;
  let attrs = '';
  const files: string[] = [];
  for (let i = 0; i < inv.args.length; i++) {
    const a = inv.args[i] ?? '';
    if (a === '-v' || a === '-p') i++;
    else if (/^-[RVf]+$/.test(a)) recursive = recursive || a.includes('R');
    else if (/^[-+=][aAcCdDeFijmPsStTux]+$/.test(a) && files.length === 0) attrs = a;
    else files.push(a);
  }
  const targets = targetsOf(wordsFor(inv.words, files), ctx.cwd);
  return perTarget(ctx, 'chattr', `chattr ${attrs}`, targets, (t) =>
    recursive && [...SYSTEM_WIDE, ...HOMES].includes(t.info.kind)
      ? verdict(
          'high',
          'fs/chattr-recursive-system',
          `changes attributes of every file under ${t.info.path}: updates and services may fail`,
        )
      : verdict('low', 'fs/chattr', `changes attributes of ${t.info.path}`),
  );
}
