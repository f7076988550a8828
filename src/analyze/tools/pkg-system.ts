/**
 * Operating-system package managers: apt, apt-get, aptitude, dpkg, yum, dnf, rpm, zypper, pacman, yay, paru,
 * apk (and snap, flatpak, brew, port, nix-env via `pkg-user.ts`). Installing and upgrading are low; removing
 * ordinary packages is low (reinstallable); removing the system's own packages is catastrophic (`pkg-core.ts`).
 */
import { has, parseArgs, type ParsedArgs } from '../args.js';
import type { ToolContext, Word } from '../model.js';
import type { Action } from '../types.js';
import { pkgRead, pkgWrite, removal, wordsOf } from './pkg-removal.js';
import { snap, userManager } from './pkg-user.js';

// prettier-ignore
const APT_READ = new Set([
  'list', 'search', 'show', 'showsrc', 'policy', 'depends', 'rdepends', 'madison', 'changelog',
  'download', 'source', 'check', 'why', 'why-not', 'versions', 'help',
]);
// prettier-ignore
const APT_VALUES = [
  '-o', '--option', '-c', '--config-file', '-t', '--target-release', '--default-release', '-a',
  '--host-architecture',
];

function apt(ctx: ToolContext, tool: string, p: ParsedArgs, words: readonly Word[]): Action[] {
  const [sub = '', ...pkgs] = p.positionals;
  if (
    has(p, '-s', '--simulate', '--just-print', '--dry-run', '--recon', '--no-act', '--assume-no')
  ) {
    return [pkgRead(ctx, tool, sub, 'simulation only: nothing is installed or removed')];
  }
  const targets = wordsOf(pkgs, words);
  if (['remove', 'purge', 'autoremove', 'autopurge'].includes(sub)) {
    return removal(ctx, tool, sub, targets, sub.includes('purge') || has(p, '--purge'));
  }
  if (sub === 'install' || sub === 'reinstall') {
    // `apt-get install foo-` removes foo.
    const removed = targets.filter((w) => w.text.endsWith('-') && w.text.length > 1);
    if (removed.length > 0) {
      return removal(
        ctx,
        tool,
        'install pkg-',
        removed.map((w) => ({ ...w, text: w.text.slice(0, -1) })),
        has(p, '--purge'),
      );
    }
  }
  if (APT_READ.has(sub) || sub === '') return [pkgRead(ctx, tool, sub || tool)];
  return [pkgWrite(ctx, tool, sub, `${tool} ${sub} installs, upgrades or cleans packages`, pkgs)];
}

/** dpkg and rpm: the action is an option (`-r`, `-P`, `-e`). */
function lowLevel(ctx: ToolContext, tool: string, p: ParsedArgs, words: readonly Word[]): Action[] {
  if (has(p, '--dry-run', '--no-act', '--simulate', '--test'))
    return [pkgRead(ctx, tool, tool, 'dry run')];
  const targets = wordsOf(p.positionals, words);
  if (tool === 'dpkg' && has(p, '-r', '--remove', '-P', '--purge')) {
    return removal(
      ctx,
      tool,
      has(p, '-P', '--purge') ? 'purge' : 'remove',
      targets,
      has(p, '-P', '--purge'),
    );
  }
  if (tool === 'rpm' && has(p, '-q', '--query', '-V', '--verify', '--checksig', '-K'))
    return [pkgRead(ctx, tool, 'query')];
  if (tool === 'rpm' && has(p, '-e', '--erase')) return removal(ctx, tool, 'erase', targets, false);
  if (
    has(
      p,
      '-i',
      '--install',
      '-U',
      '--upgrade',
      '-F',
      '--freshen',
      '--configure',
      '--unpack',
      '--set-selections',
      '--reinstall',
      '--rebuilddb',
      '--import',
    )
  ) {
    return [pkgWrite(ctx, tool, tool, 'installs or configures packages', p.positionals)];
  }
  return [pkgRead(ctx, tool, tool)];
}

const DNF_REMOVE = new Set(['remove', 'erase', 'rm', 'autoremove', 'purge', 'uninstall']);
// prettier-ignore
const DNF_READ = new Set([
  'list', 'info', 'search', 'provides', 'whatprovides', 'repolist', 'repoquery', 'history',
  'check-update', 'deplist', 'help', 'updateinfo', 'mark',
]);

function rpmFamily(
  ctx: ToolContext,
  tool: string,
  p: ParsedArgs,
  words: readonly Word[],
): Action[] {
  const [sub = '', ...pkgs] = p.positionals;
  if (
    has(p, '--assumeno', '--dry-run', '-D') ||
    (p.opts.get('--setopt') ?? []).some((v) => /tsflags=test/.test(v))
  ) {
    return [pkgRead(ctx, tool, sub, 'dry run')];
  }
  if (DNF_REMOVE.has(sub)) return removal(ctx, tool, sub, wordsOf(pkgs, words), false);
  if (DNF_READ.has(sub) || sub === '') return [pkgRead(ctx, tool, sub || tool)];
  return [pkgWrite(ctx, tool, sub, `${tool} ${sub} installs, upgrades or cleans packages`, pkgs)];
}

function pacman(ctx: ToolContext, tool: string, p: ParsedArgs, words: readonly Word[]): Action[] {
  if (has(p, '-p', '--print', '--print-format'))
    return [pkgRead(ctx, tool, tool, 'prints the targets only')];
  if (has(p, '-R', '--remove'))
    return removal(ctx, tool, '-R', wordsOf(p.positionals, words), has(p, '-n', '--nosave'));
  if (
    has(p, '-Q', '--query', '-F', '--files') ||
    (has(p, '-S', '--sync') && has(p, '-s', '--search', '-i', '--info', '-l', '--list'))
  ) {
    return [pkgRead(ctx, tool, tool)];
  }
  return [pkgWrite(ctx, tool, tool, 'installs or upgrades packages', p.positionals)];
}

function apk(ctx: ToolContext, p: ParsedArgs, words: readonly Word[]): Action[] {
  const [sub = '', ...pkgs] = p.positionals;
  if (has(p, '-s', '--simulate')) return [pkgRead(ctx, 'apk', sub, 'simulation only')];
  if (sub === 'del' || sub === 'delete')
    return removal(ctx, 'apk', 'del', wordsOf(pkgs, words), has(p, '--purge'));
  if (['info', 'search', 'list', 'policy', 'dot', 'stats', 'version'].includes(sub))
    return [pkgRead(ctx, 'apk', sub)];
  return [pkgWrite(ctx, 'apk', sub, `apk ${sub} installs or upgrades packages`, pkgs)];
}

const VALUES = [
  ...APT_VALUES,
  '--root',
  '--installroot',
  '--setopt',
  '--enablerepo',
  '--disablerepo',
  '-x',
  '--exclude',
  '--releasever',
  '-X',
  '--repository',
  '--profile',
  '--dbpath',
  '--admindir',
  '--instdir',
  '--arch',
  '--channel',
  '--revision',
  '--file',
  '--config',
];

/** OS and user package managers. Returns undefined when `tool` is not one of them. */
export function systemPackages(
  tool: string,
  words: readonly Word[],
  ctx: ToolContext,
): Action[] | undefined {
  const args = words.map((w) => w.text);
  const p = parseArgs(args, {
    value:
      tool === 'pacman' || tool === 'yay' || tool === 'paru'
        ? ['--root', '--dbpath', '--config', '--cachedir']
        : VALUES,
  });
  if (has(p, '--help', '-h') && tool !== 'dpkg' && tool !== 'rpm')
    return [pkgRead(ctx, tool, 'help', 'prints help')];
  switch (tool) {
    case 'apt':
    case 'apt-get':
    case 'aptitude':
      return apt(ctx, tool, p, words);
    case 'dpkg':
    case 'rpm':
      return lowLevel(ctx, tool, p, words);
    case 'yum':
    case 'dnf':
    case 'zypper':
      return rpmFamily(ctx, tool, p, words);
    case 'pacman':
    case 'yay':
    case 'paru':
      return pacman(ctx, tool, p, words);
    case 'apk':
      return apk(ctx, p, words);
    case 'snap':
      return snap(ctx, p);
    case 'flatpak':
    case 'brew':
    case 'port':
    case 'nix-env':
      return userManager(ctx, tool, p);
    default:
      return undefined;
  }
}
