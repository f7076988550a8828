/**
 * JavaScript package managers: npm, pnpm, yarn (classic and berry), bun. Installs, builds, scripts and cache
 * cleaning are local; publishing, unpublishing, deprecating, dist-tag and owner removal reach everyone who
 * depends on the package; `config set strict-ssl false` and plain-http registries weaken every later install.
 */
import { has, parseArgs, value, type ParsedArgs } from '../args.js';
import type { ToolContext } from '../model.js';
import type { Action } from '../types.js';
import { oneOffWeakening, publish, settingWeakening } from './pkg-publish.js';
import { configCommand, dry, registryCommand } from './pkg-npm-registry.js';
import { pkgRead, pkgWrite } from './pkg-removal.js';

// prettier-ignore
const VALUES = [
  '--registry', '--prefix', '-w', '--workspace', '--tag', '--otp', '--access', '--userconfig',
  '--globalconfig', '--cache', '--scope', '--location', '--loglevel', '--auth-type', '--omit',
  '--include', '-C', '--dir', '--filter', '-F', '--cwd', '--message', '-m', '--preid',
  '--reporter', '--network-concurrency',
];

// npm's abbreviations and aliases, mapped to the command they run.
const ALIASES: Readonly<Record<string, string>> = {
  i: 'install',
  in: 'install',
  ins: 'install',
  inst: 'install',
  isntall: 'install',
  add: 'install',
  it: 'install-test',
  cit: 'install-ci-test',
  'clean-install': 'ci',
  ic: 'ci',
  'install-clean': 'ci',
  un: 'uninstall',
  remove: 'uninstall',
  rm: 'uninstall',
  r: 'uninstall',
  unlink: 'uninstall',
  c: 'config',
  'dist-tags': 'dist-tag',
  author: 'owner',
  'run-script': 'run',
  rum: 'run',
  urn: 'run',
  t: 'test',
  tst: 'test',
  up: 'update',
  upgrade: 'update',
  ln: 'link',
  v: 'view',
  info: 'view',
  show: 'view',
  list: 'ls',
  la: 'ls',
  ll: 'ls',
};

// prettier-ignore
const READS = new Set([
  'view', 'ls', 'outdated', 'search', 'whoami', 'explain', 'why', 'doctor', 'help', 'fund', 'docs',
  'bugs', 'repo', 'ping', 'prefix', 'root', 'bin', 'query', 'sbom', 'diff', 'help-search',
  'completion', 'licenses', 'info', 'audit', 'stars', 'cache', 'store',
]);

/** npm and pnpm (pnpm passes registry commands through to npm). */
function npmLike(ctx: ToolContext, tool: string, args: readonly string[], p: ParsedArgs): Action[] {
  const [first = '', ...pos] = p.positionals;
  const cmd = ALIASES[first] ?? first;
  if (cmd === 'config' || cmd === 'c')
    return configCommand(
      ctx,
      tool,
      args.slice(args.indexOf(first) + 1).filter((a) => !a.startsWith('-')),
      p,
    );
  if (cmd === 'set' || cmd === 'get') {
    return configCommand(
      ctx,
      tool,
      [cmd, ...args.slice(args.indexOf(first) + 1).filter((a) => !a.startsWith('-'))],
      p,
    );
  }
  const reg = registryCommand(ctx, tool, cmd, pos, p);
  if (reg) return reg;
  if (cmd === 'explore' && p.rest.length > 0) {
    ctx.script(p.rest.join(' '), `${tool} explore`);
  }
  if (cmd === 'token' && pos[0] === 'revoke')
    return [pkgWrite(ctx, tool, 'token revoke', 'revokes a registry token')];
  if (READS.has(cmd) || cmd === '') {
    if (cmd === 'audit' && pos[0] === 'fix')
      return [pkgWrite(ctx, tool, 'audit fix', 'upgrades vulnerable dependencies')];
    return [
      pkgRead(
        ctx,
        tool,
        cmd || tool,
        cmd === 'cache' || cmd === 'store' ? 'cache and store data is regenerable' : undefined,
      ),
    ];
  }
  return oneOffs(ctx, tool, p, [
    pkgWrite(ctx, tool, cmd, `${tool} ${cmd} installs, builds or runs project scripts`, pos),
  ]);
}

/** `--strict-ssl=false`, `--registry http://...` on one command: noted, low. */
function oneOffs(ctx: ToolContext, tool: string, p: ParsedArgs, base: Action[]): Action[] {
  const out = [...base];
  for (const [k, vs] of p.opts) {
    for (const v of vs) {
      const why = settingWeakening(k, v);
      if (why) out.push(oneOffWeakening(ctx, tool, `${k}=${v}`, why));
    }
  }
  return out;
}

function yarn(ctx: ToolContext, args: readonly string[], p: ParsedArgs): Action[] {
  const [first = '', ...pos] = p.positionals;
  // yarn berry: `yarn npm publish`, `yarn npm tag remove`.
  if (first === 'npm')
    return (
      registryCommand(ctx, 'yarn', pos[0] ?? '', pos.slice(1), p) ?? [pkgRead(ctx, 'yarn', 'npm')]
    );
  if (first === 'config')
    return configCommand(
      ctx,
      'yarn',
      args.slice(args.indexOf('config') + 1).filter((a) => !a.startsWith('-')),
      p,
    );
  const reg = registryCommand(ctx, 'yarn', first, pos, p);
  if (reg) return reg;
  if (
    [
      'info',
      'list',
      'outdated',
      'why',
      'licenses',
      'audit',
      'help',
      'cache',
      'versions',
      'owner',
      'search',
      'constraints',
    ].includes(first)
  ) {
    return [pkgRead(ctx, 'yarn', first)];
  }
  return oneOffs(ctx, 'yarn', p, [
    pkgWrite(
      ctx,
      'yarn',
      first || 'install',
      `yarn ${first || 'install'} installs, builds or runs project scripts`,
      pos,
    ),
  ]);
}

function bun(ctx: ToolContext, p: ParsedArgs): Action[] {
  const [first = '', ...pos] = p.positionals;
  if (first === 'publish') {
    return [
      dry(p)
        ? pkgRead(ctx, 'bun', 'publish --dry-run', 'dry run')
        : publish(ctx, 'bun', 'publish', 'the current package', value(p, '--registry')),
    ];
  }
  if (first === 'pm')
    return [pkgRead(ctx, 'bun', `pm ${pos[0] ?? ''}`, 'inspects or cleans the package cache')];
  return [
    pkgWrite(ctx, 'bun', first || 'run', `bun ${first} installs, builds or runs project code`, pos),
  ];
}

/** npm, pnpm, yarn, bun. Returns undefined for other tools. */
export function nodePackages(
  tool: string,
  args: readonly string[],
  ctx: ToolContext,
): Action[] | undefined {
  const p = parseArgs(args, { value: VALUES });
  if (!['npm', 'pnpm', 'yarn', 'bun'].includes(tool)) return undefined;
  if (has(p, '--help', '-h') || p.positionals[0] === 'help')
    return [pkgRead(ctx, tool, 'help', 'prints help')];
  if (tool === 'yarn') return yarn(ctx, args, p);
  if (tool === 'bun') return bun(ctx, p);
  return npmLike(ctx, tool, args, p);
}
