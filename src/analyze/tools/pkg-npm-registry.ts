/**
 * Registry-facing commands shared by npm, pnpm and yarn: publish, unpublish, deprecate, dist-tag, owner,
 * access, team/org membership, and `config set` settings that weaken TLS or registry integrity.
 */
import { has, value, type ParsedArgs } from '../args.js';
import type { ToolContext } from '../model.js';
import type { Action } from '../types.js';
import { publish, registryChange, settingWeakening, weakening } from './pkg-publish.js';
import { pkgRead, pkgWrite } from './pkg-removal.js';

export function dry(p: ParsedArgs): boolean {
  return has(p, '--dry-run', '--dry');
}

/** `config set k v`, `config set k=v`, `set k v`: the settings being written. */
function settingsOf(args: readonly string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    const eq = a.indexOf('=');
    if (eq > 0) out.push([a.slice(0, eq), a.slice(eq + 1)]);
    else if (args[i + 1] !== undefined) out.push([a, args[++i] ?? '']);
  }
  return out;
}

export function configCommand(
  ctx: ToolContext,
  tool: string,
  args: readonly string[],
  p: ParsedArgs,
): Action[] {
  const [op = 'list', ...rest] = args;
  const scope =
    has(p, '-g', '--global') || value(p, '--location') === 'global'
      ? 'global'
      : (value(p, '--location') ?? 'user');
  if (op === 'set') {
    const actions = settingsOf(rest).flatMap(([k, v]) => {
      const why = settingWeakening(k, v);
      return why ? [weakening(ctx, tool, k, why, scope)] : [];
    });
    return actions.length > 0
      ? actions
      : [pkgWrite(ctx, tool, 'config set', 'changes a package-manager setting', rest.slice(0, 1))];
  }
  if (op === 'delete' || op === 'unset' || op === 'edit' || op === 'fix') {
    return [
      pkgWrite(ctx, tool, `config ${op}`, 'changes package-manager settings', rest.slice(0, 1)),
    ];
  }
  return [pkgRead(ctx, tool, `config ${op}`)];
}

/** Commands npm, pnpm and yarn share for the registry side. */
export function registryCommand(
  ctx: ToolContext,
  tool: string,
  cmd: string,
  pos: readonly string[],
  p: ParsedArgs,
): Action[] | undefined {
  const registry = value(p, '--registry');
  const pkg = pos[0] ?? 'the current package';
  switch (cmd) {
    case 'publish':
      return [
        dry(p)
          ? pkgRead(ctx, tool, 'publish --dry-run', 'dry run: nothing is published')
          : publish(ctx, tool, 'publish', pos[0] ?? 'the current package', registry),
      ];
    case 'unpublish':
      if (dry(p)) return [pkgRead(ctx, tool, 'unpublish --dry-run', 'dry run')];
      return [
        registryChange(
          ctx,
          tool,
          'unpublish',
          'pkg/unpublish',
          pkg,
          `removes ${pkg} from the registry: that version can never be published again and dependents break`,
        ),
      ];
    case 'deprecate':
      if (pos.length >= 2 && pos[1] === '')
        return [pkgWrite(ctx, tool, 'deprecate ""', 'removes a deprecation notice')];
      return [
        registryChange(
          ctx,
          tool,
          'deprecate',
          'pkg/deprecate',
          pkg,
          `marks ${pkg} deprecated for every user who installs it`,
        ),
      ];
    case 'dist-tag':
    case 'tag':
      if (['rm', 'remove', 'delete'].includes(pos[0] ?? '')) {
        return [
          registryChange(
            ctx,
            tool,
            'dist-tag rm',
            'pkg/dist-tag-rm',
            pos[1] ?? pkg,
            `removes a dist-tag from ${pos[1] ?? pkg}: installs by that tag fail`,
          ),
        ];
      }
      return [
        pos[0] === 'add'
          ? pkgWrite(ctx, tool, 'dist-tag add', 'points a dist-tag at a version')
          : pkgRead(ctx, tool, 'dist-tag ls'),
      ];
    case 'owner':
      if (['rm', 'remove'].includes(pos[0] ?? '')) {
        return [
          registryChange(
            ctx,
            tool,
            'owner rm',
            'pkg/owner-rm',
            pos[2] ?? pkg,
            `removes ${pos[1] ?? 'a user'} as an owner of ${pos[2] ?? pkg}`,
          ),
        ];
      }
      return [
        pos[0] === 'add'
          ? pkgWrite(ctx, tool, 'owner add', 'adds a package owner')
          : pkgRead(ctx, tool, 'owner ls'),
      ];
    case 'access': {
      const text = pos.join(' ');
      if (/^public\b|status=public/.test(text)) {
        return [
          registryChange(
            ctx,
            tool,
            'access public',
            'pkg/access-public',
            pos[pos.length - 1] ?? pkg,
            'makes a private package public: its code becomes visible to everyone',
          ),
        ];
      }
      return [
        /^(ls|list|get)/.test(text)
          ? pkgRead(ctx, tool, 'access')
          : pkgWrite(ctx, tool, 'access', 'changes package access'),
      ];
    }
    case 'team':
    case 'org':
      if (['destroy', 'rm', 'remove', 'delete'].includes(pos[0] ?? '')) {
        return [
          registryChange(
            ctx,
            tool,
            `${cmd} ${pos[0] ?? ''}`,
            'pkg/registry-delete',
            pos[1] ?? cmd,
            `removes ${pos[1] ?? 'a member'} from the registry ${cmd}`,
          ),
        ];
      }
      return [
        pos[0] === 'ls'
          ? pkgRead(ctx, tool, cmd)
          : pkgWrite(ctx, tool, cmd, `changes a registry ${cmd}`),
      ];
    default:
      return undefined;
  }
}
