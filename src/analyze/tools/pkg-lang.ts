/**
 * Language package managers: gem, cargo, go, composer here, with Python (`pkg-python.ts`) and build tools
 * (`pkg-build.ts`) dispatched from `languagePackages`. Local installs and builds are low; publishing, yanking and
 * owner removal are high; settings that turn off TLS or checksum verification are high.
 */
import { has, parseArgs, value, type ParsedArgs } from '../args.js';
import type { ToolContext } from '../model.js';
import type { Action } from '../types.js';
import { publish, registryChange, settingWeakening, weakening } from './pkg-publish.js';
import { pkgRead, pkgWrite, splitSub } from './pkg-removal.js';
import { buildTool, dotnet } from './pkg-build.js';
import { LANG_VALUES, pip, poetry, twine, uv } from './pkg-python.js';

// gem takes its version with -v; pip's -v is verbosity.
const GEM_VALUES = ['-v', '--version', '--host', '--key', '--otp', '-s', '--source', '--platform'];

function gem(ctx: ToolContext, p: ParsedArgs): Action[] {
  const [cmd, rest] = splitSub(p);
  const name = rest[0] ?? 'a gem';
  if (cmd === 'push') return [publish(ctx, 'gem', 'push', name, value(p, '--host'))];
  if (cmd === 'yank') {
    return [
      registryChange(
        ctx,
        'gem',
        'yank',
        'pkg/yank',
        `${name}${value(p, '-v', '--version') ? `@${value(p, '-v', '--version') ?? ''}` : ''}`,
        `yanks ${name} from rubygems.org: every project pinned to it fails to install`,
      ),
    ];
  }
  if (cmd === 'owner' && has(p, '-r', '--remove')) {
    return [
      registryChange(
        ctx,
        'gem',
        'owner --remove',
        'pkg/owner-rm',
        name,
        `removes an owner of ${name}`,
      ),
    ];
  }
  if (
    [
      'list',
      'search',
      'info',
      'query',
      'specification',
      'contents',
      'dependency',
      'environment',
      'help',
      'outdated',
      'which',
      'owner',
      'sources',
    ].includes(cmd) &&
    !has(p, '-a', '--add')
  ) {
    return [pkgRead(ctx, 'gem', cmd)];
  }
  return [pkgWrite(ctx, 'gem', cmd, `gem ${cmd} installs or removes gems locally`, rest)];
}

function cargo(ctx: ToolContext, p: ParsedArgs): Action[] {
  const [cmd, rest] = splitSub(p);
  if (cmd === 'publish') {
    return [
      has(p, '--dry-run', '-n')
        ? pkgRead(ctx, 'cargo', 'publish --dry-run', 'dry run')
        : publish(
            ctx,
            'cargo',
            'publish',
            value(p, '-p', '--package') ?? 'the current crate',
            value(p, '--registry', '--index'),
          ),
    ];
  }
  if (cmd === 'yank') {
    if (has(p, '--undo'))
      return [pkgWrite(ctx, 'cargo', 'yank --undo', 'restores a yanked version')];
    const crate = rest[0] ?? 'the current crate';
    return [
      registryChange(
        ctx,
        'cargo',
        'yank',
        'pkg/yank',
        `${crate}${value(p, '--version', '--vers') ? `@${value(p, '--version', '--vers') ?? ''}` : ''}`,
        `yanks ${crate}: new lockfiles can no longer select that version`,
      ),
    ];
  }
  if (cmd === 'owner' && has(p, '-r', '--remove'))
    return [
      registryChange(
        ctx,
        'cargo',
        'owner --remove',
        'pkg/owner-rm',
        rest[0] ?? 'the current crate',
        'removes a crate owner',
      ),
    ];
  if (
    [
      'tree',
      'search',
      'metadata',
      'locate-project',
      'pkgid',
      'verify-project',
      'version',
      'help',
      'info',
      'check',
      'clippy',
      'fmt',
      'doc',
      'test',
      'bench',
    ].includes(cmd)
  ) {
    return [
      pkgRead(ctx, 'cargo', cmd, 'builds, checks or reads the project; nothing of value changes'),
    ];
  }
  return [
    pkgWrite(
      ctx,
      'cargo',
      cmd,
      `cargo ${cmd} builds, installs or cleans (target/ is regenerable)`,
      rest,
    ),
  ];
}

function goTool(ctx: ToolContext, p: ParsedArgs): Action[] {
  const [cmd, rest] = splitSub(p);
  if (cmd === 'env') {
    if (has(p, '-w')) {
      const actions = rest.flatMap((kv) => {
        const eq = kv.indexOf('=');
        const why = eq > 0 ? settingWeakening(kv.slice(0, eq), kv.slice(eq + 1)) : undefined;
        return why ? [weakening(ctx, 'go', kv.slice(0, eq), why, 'user')] : [];
      });
      return actions.length > 0
        ? actions
        : [pkgWrite(ctx, 'go', 'env -w', 'changes a Go setting', rest)];
    }
    return [pkgRead(ctx, 'go', 'env')];
  }
  if (['version', 'doc', 'list', 'vet', 'help', 'fmt', 'test'].includes(cmd))
    return [pkgRead(ctx, 'go', cmd)];
  return [
    pkgWrite(
      ctx,
      'go',
      cmd,
      `go ${cmd} builds, fetches modules or edits go.mod; all recoverable`,
      rest,
    ),
  ];
}

function composer(ctx: ToolContext, p: ParsedArgs): Action[] {
  const [cmd, rest] = splitSub(p);
  if (cmd === 'config' && rest.length >= 2) {
    const why = settingWeakening(rest[0] ?? '', rest[1] ?? '');
    if (why)
      return [
        weakening(
          ctx,
          'composer',
          rest[0] ?? '',
          why,
          has(p, '-g', '--global') ? 'global' : 'project',
        ),
      ];
  }
  if (
    [
      'show',
      'info',
      'search',
      'outdated',
      'validate',
      'diagnose',
      'licenses',
      'depends',
      'why',
      'prohibits',
      'why-not',
      'audit',
      'help',
      'list',
      'config',
    ].includes(cmd)
  ) {
    return [pkgRead(ctx, 'composer', cmd)];
  }
  return [
    pkgWrite(ctx, 'composer', cmd, `composer ${cmd} manages the project's PHP dependencies`, rest),
  ];
}

/** Language package managers and build tools; undefined for other tools. */
export function languagePackages(
  tool: string,
  args: readonly string[],
  ctx: ToolContext,
): Action[] | undefined {
  const p = parseArgs(args, { value: tool === 'gem' ? GEM_VALUES : LANG_VALUES });
  if (has(p, '--help') || (has(p, '-h') && tool !== 'go'))
    return [pkgRead(ctx, tool, 'help', 'prints help')];
  switch (tool) {
    case 'pip':
    case 'pip3':
      return pip(ctx, tool, p);
    case 'pipx':
      return [
        pkgWrite(
          ctx,
          'pipx',
          p.positionals[0] ?? 'pipx',
          'installs or removes command-line tools in their own environments',
          p.positionals.slice(1),
        ),
      ];
    case 'uv':
      return uv(ctx, p);
    case 'poetry':
      return poetry(ctx, p);
    case 'gem':
      return gem(ctx, p);
    case 'cargo':
      return cargo(ctx, p);
    case 'twine':
      return twine(ctx, p);
    case 'go':
      return goTool(ctx, p);
    case 'composer':
      return composer(ctx, p);
    case 'mvn':
    case 'gradle':
      return buildTool(ctx, tool, args);
    // The project wrappers (not claimed yet: their names were not assigned to this model).
    case 'mvnw':
      return buildTool(ctx, 'mvn', args);
    case 'gradlew':
      return buildTool(ctx, 'gradle', args);
    case 'dotnet':
      return dotnet(ctx, p);
    default:
      return undefined;
  }
}
