/**
 * Python packaging: pip, uv, poetry, twine. Installing and removing packages in an environment is low;
 * uploading a release is publishing; `pip config set global.trusted-host` or a plain-http index weakens every
 * later install (one-off flags on a single command are noted as low).
 */
import { has, parseArgs, value, values, type ParsedArgs } from '../args.js';
import type { ToolContext } from '../model.js';
import type { Action } from '../types.js';
import { oneOffWeakening, publish, settingWeakening, weakening } from './pkg-publish.js';
import { pkgRead, pkgWrite, splitSub } from './pkg-removal.js';

// prettier-ignore
/** Options of the language package managers that take a value. */
export const LANG_VALUES = [
  '-i', '--index-url', '--extra-index-url', '--trusted-host', '-r', '--requirement', '-c',
  '--constraint', '--target', '-t', '--prefix', '--root', '-e', '--editable', '--python', '-p',
  '--repository', '--repository-url', '-u', '--username', '--password', '--token', '--registry',
  '--index', '--index-token', '--version', '--source', '--config', '--sign-with', '--identity',
  '--comment', '-C', '--directory', '--project', '-P', '--key', '--host', '--otp',
  '--manifest-path', '--package', '--features', '-f', '--file', '--settings', '--api-key', '-k',
  '--publish-url', '--allow-insecure-host', '--connection', '--environment', '--context',
];

export function pip(ctx: ToolContext, tool: string, p: ParsedArgs): Action[] {
  const [cmd, rest] = splitSub(p);
  if (cmd === 'config') {
    const [op = 'list', key = '', val = ''] = rest;
    const scope = has(p, '--global') ? 'global' : has(p, '--site') ? 'site' : 'user';
    const why = op === 'set' ? settingWeakening(key, val) : undefined;
    if (why) return [weakening(ctx, tool, key, why, scope)];
    return [
      op === 'set' || op === 'unset'
        ? pkgWrite(ctx, tool, `config ${op}`, 'changes a pip setting', [key])
        : pkgRead(ctx, tool, `config ${op}`),
    ];
  }
  if (
    [
      'list',
      'show',
      'freeze',
      'check',
      'search',
      'inspect',
      'index',
      'debug',
      'help',
      'hash',
      'cache',
    ].includes(cmd)
  ) {
    return [
      pkgRead(ctx, tool, cmd, cmd === 'cache' ? 'the download cache is regenerable' : undefined),
    ];
  }
  if (has(p, '--dry-run')) return [pkgRead(ctx, tool, `${cmd} --dry-run`, 'dry run')];
  const base = [
    pkgWrite(
      ctx,
      tool,
      cmd,
      `${tool} ${cmd} installs or removes Python packages; they can be reinstalled`,
      rest,
    ),
  ];
  return withOneOffs(ctx, tool, p, base);
}

/** One-off `--trusted-host`, `-i http://...` flags: low, but named. */
function withOneOffs(ctx: ToolContext, tool: string, p: ParsedArgs, base: Action[]): Action[] {
  const out = [...base];
  for (const h of values(p, '--trusted-host', '--allow-insecure-host'))
    out.push(
      oneOffWeakening(ctx, tool, `--trusted-host ${h}`, `trusts ${h} without TLS verification`),
    );
  for (const u of values(p, '-i', '--index-url', '--extra-index-url', '--index')) {
    const why = settingWeakening('index-url', u);
    if (why) out.push(oneOffWeakening(ctx, tool, `--index-url ${u}`, why));
  }
  return out;
}

export function uv(ctx: ToolContext, p: ParsedArgs): Action[] {
  const [cmd, rest] = splitSub(p);
  if (cmd === 'publish') {
    return [
      has(p, '--dry-run')
        ? pkgRead(ctx, 'uv', 'publish --dry-run', 'dry run')
        : publish(
            ctx,
            'uv',
            'publish',
            'the built distributions',
            value(p, '--publish-url', '--index'),
          ),
    ];
  }
  if (cmd === 'pip')
    return pip(
      ctx,
      'uv',
      parseArgs(p.positionals.slice(1).concat(flags(p)), { value: LANG_VALUES }),
    );
  if (['tree', 'version', 'help'].includes(cmd) || (cmd === 'python' && rest[0] === 'list'))
    return [pkgRead(ctx, 'uv', cmd)];
  if (cmd === 'cache') return [pkgRead(ctx, 'uv', 'cache', 'the package cache is regenerable')];
  return withOneOffs(ctx, 'uv', p, [
    pkgWrite(ctx, 'uv', cmd, `uv ${cmd} manages the project environment`, rest),
  ]);
}

/** Options back as arguments (for re-parsing a nested sub-command). */
function flags(p: ParsedArgs): string[] {
  return [...p.opts].flatMap(([k, vs]) => vs.map((v) => (v === '' ? k : `${k}=${v}`)));
}

export function poetry(ctx: ToolContext, p: ParsedArgs): Action[] {
  const [cmd, rest] = splitSub(p);
  if (cmd === 'publish') {
    if (has(p, '--dry-run')) return [pkgRead(ctx, 'poetry', 'publish --dry-run', 'dry run')];
    return [
      publish(ctx, 'poetry', 'publish', 'the current package', value(p, '-r', '--repository')),
    ];
  }
  if (cmd === 'config') {
    const [key = '', val = ''] = rest;
    const why = settingWeakening(key, val);
    if (why && !has(p, '--unset'))
      return [weakening(ctx, 'poetry', key, why, has(p, '--local') ? 'project' : 'user')];
    return [
      rest.length >= 2
        ? pkgWrite(ctx, 'poetry', 'config', 'changes a poetry setting', [key])
        : pkgRead(ctx, 'poetry', 'config'),
    ];
  }
  if (
    ['show', 'check', 'search', 'about', 'list', 'help', 'version'].includes(cmd) &&
    rest.length === 0
  )
    return [pkgRead(ctx, 'poetry', cmd)];
  if (has(p, '--dry-run')) return [pkgRead(ctx, 'poetry', `${cmd} --dry-run`, 'dry run')];
  return [pkgWrite(ctx, 'poetry', cmd, `poetry ${cmd} manages the project environment`, rest)];
}

export function twine(ctx: ToolContext, p: ParsedArgs): Action[] {
  const [cmd, rest] = splitSub(p);
  if (cmd === 'upload' || cmd === 'register') {
    const repo = value(p, '--repository-url') ?? value(p, '-r', '--repository');
    return [publish(ctx, 'twine', cmd, rest.join(' ') || 'dist/*', repo)];
  }
  return [pkgRead(ctx, 'twine', cmd || 'twine', 'checks distributions only')];
}
