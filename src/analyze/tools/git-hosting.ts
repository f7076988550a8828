/**
 * GitHub and GitLab CLIs (`gh`, `glab`, `hub`): deleting repositories, releases, secrets and keys, making a
 * repository public, uploading secret files to gists and releases, and raw API calls with DELETE.
 */
import { has, parseArgs, value, values } from '../args.js';
import type { ToolContext } from '../model.js';
import type { Action } from '../types.js';
import { secretInfo } from './secrets-paths.js';

// prettier-ignore
const DELETE_VERBS = new Set([
  'delete', 'remove', 'rm', 'destroy', 'purge', 'wipe', 'drop', 'delete-asset',
]);

// Deleting these loses nothing that matters: caches regenerate, run logs and labels are incidental, an
// extension or alias is reinstalled in a second.
// prettier-ignore
const HARMLESS_DELETE = new Set([
  'cache', 'run', 'ci', 'label', 'extension', 'alias', 'pipeline', 'schedule',
]);

// Per-command options that take a value, enough to find positionals.
// prettier-ignore
const VALUES = [
  '-R', '--repo', '--hostname', '-X', '--method', '-f', '--raw-field', '-F', '--field', '-H',
  '--header', '--input', '-q', '--jq', '-t', '--template', '-d', '--desc', '--description',
  '--visibility', '-b', '--body', '--body-file', '-n', '--notes', '--notes-file', '--title',
  '--source', '--remote', '-e', '--env', '--org', '--app', '-u', '--user', '--branch', '--cache',
  '--filename', '-a', '--assignee', '-l', '--label', '-g', '--group', '--scope', '--key',
  '--value', '--type', '--ref', '--name', '--homepage', '--default-branch',
];

function act(
  ctx: ToolContext,
  tool: string,
  init: Omit<Parameters<ToolContext['action']>[0], 'tool'>,
): Action {
  return ctx.action({ tool, ...init });
}

function destroy(
  ctx: ToolContext,
  tool: string,
  verb: string,
  rule: string,
  targets: readonly string[],
  reason: string,
): Action {
  return act(ctx, tool, {
    verb,
    effect: 'destroy',
    risk: 'high',
    rule,
    targets,
    reversible: false,
    reasons: [reason],
  });
}

/** Method and body of `gh api` / `glab api` / `hub api`. */
function apiCall(ctx: ToolContext, tool: string, args: readonly string[]): Action[] {
  const p = parseArgs(args, { value: VALUES });
  const endpoint = p.positionals[0] ?? '';
  const fields = values(p, '-f', '--raw-field', '-F', '--field');
  const method = (
    value(p, '-X', '--method') ?? (fields.length > 0 || has(p, '--input') ? 'POST' : 'GET')
  ).toUpperCase();
  const body = fields.join(' ');
  if (method === 'DELETE') {
    return [
      destroy(
        ctx,
        tool,
        'api DELETE',
        `${tool}/api-delete`,
        [endpoint],
        `sends DELETE to ${endpoint}`,
      ),
    ];
  }
  if (/\bmutation\b/.test(body) && /\b(delete|remove|archive|transfer)\w*/i.test(body)) {
    return [
      destroy(
        ctx,
        tool,
        'api graphql',
        `${tool}/api-delete`,
        [endpoint],
        'runs a GraphQL mutation that deletes',
      ),
    ];
  }
  if (/(^|\s)(visibility=public|private=false)(\s|$)/i.test(body)) {
    return [exposure(ctx, tool, endpoint, 'makes the repository public through the API')];
  }
  if (method === 'GET' || method === 'HEAD') {
    return [
      act(ctx, tool, {
        verb: 'api',
        effect: 'read',
        risk: 'none',
        rule: `${tool}/read`,
        targets: [endpoint],
        reasons: ['reads from the API'],
      }),
    ];
  }
  return [
    act(ctx, tool, {
      verb: `api ${method}`,
      effect: 'write',
      risk: 'low',
      rule: `${tool}/api-write`,
      targets: [endpoint],
      reasons: [`sends ${method} to ${endpoint}`],
    }),
  ];
}

function exposure(ctx: ToolContext, tool: string, target: string, reason: string): Action {
  return act(ctx, tool, {
    verb: 'make public',
    effect: 'write',
    risk: 'high',
    rule: `${tool}/repo-public`,
    targets: [target],
    reversible: false,
    reasons: [reason, 'its code and history become visible to everyone and may be copied'],
  });
}

/** Files uploaded to a gist, snippet or release that hold secrets. */
function secretUploads(
  ctx: ToolContext,
  tool: string,
  verb: string,
  files: readonly string[],
): Action[] {
  const leaks = files.filter((f) => secretInfo(f) !== undefined);
  if (leaks.length === 0) return [];
  const what = leaks.map((f) => `${f} (${secretInfo(f)?.what ?? 'secret'})`).join(', ');
  return [
    act(ctx, tool, {
      verb,
      effect: 'write',
      risk: 'high',
      rule: 'secrets/exfiltration',
      targets: leaks,
      reversible: false,
      reasons: [`uploads ${what} to the hosting service`],
    }),
  ];
}

/**
 * `gh`/`glab`/`hub` group-verb commands. `hub` commands that are not its own are passed back (undefined) so
 * the caller can treat them as git.
 */
export function hostingCommand(tool: string, args: readonly string[], ctx: ToolContext): Action[] {
  const p = parseArgs(args, { value: VALUES });
  const [group = '', verb = '', ...rest] = p.positionals;
  const read = (): Action[] => [
    act(ctx, tool, {
      verb: `${group} ${verb}`.trim(),
      effect: 'read',
      risk: 'none',
      rule: `${tool}/read`,
      reasons: ['reads from the hosting service'],
    }),
  ];
  if (has(p, '--help', '-h') || group === 'help' || group === '') return read();
  if (group === 'api') return apiCall(ctx, tool, args.slice(args.indexOf('api') + 1));
  const repo = value(p, '-R', '--repo');
  const target =
    rest[0] ?? (group === 'repo' ? verb : undefined) ?? repo ?? 'the current repository';

  if (group === 'repo') {
    const name = rest[0] ?? repo ?? 'the current repository';
    if (verb === 'delete')
      return [
        destroy(
          ctx,
          tool,
          'repo delete',
          `${tool}/repo-delete`,
          [name],
          `deletes the repository ${name} with its issues, pull requests, wiki and releases`,
        ),
      ];
    if (verb === 'edit' && (value(p, '--visibility') ?? '').toLowerCase() === 'public') {
      return [exposure(ctx, tool, name, `makes ${name} public`)];
    }
    if (verb === 'create' && has(p, '--public') && has(p, '--push', '--source')) {
      return [
        exposure(
          ctx,
          tool,
          rest[0] ?? 'new repository',
          'publishes the local repository as a public repository',
        ),
      ];
    }
    if (verb === 'sync' && has(p, '--force')) {
      return [
        destroy(
          ctx,
          tool,
          'repo sync --force',
          `${tool}/repo-sync-force`,
          [name],
          'overwrites the destination branch, discarding its own commits',
        ),
      ];
    }
    if (verb === 'archive' && tool !== 'glab') {
      return [
        act(ctx, tool, {
          verb: 'repo archive',
          effect: 'write',
          risk: 'low',
          rule: `${tool}/write`,
          targets: [name],
          reasons: ['archives the repository read-only; it can be unarchived'],
        }),
      ];
    }
  }
  if (group === 'gist' && (verb === 'create' || verb === 'new' || verb === 'edit')) {
    const leak = secretUploads(ctx, tool, 'gist create', [...rest, ...values(p, '-a', '--add')]);
    if (leak.length > 0) return leak;
  }
  if (group === 'snippet' && (verb === 'create' || verb === 'new')) {
    const leak = secretUploads(ctx, tool, 'snippet create', rest);
    if (leak.length > 0) return leak;
  }
  if (group === 'release' && (verb === 'upload' || verb === 'create')) {
    const files = rest.slice(1).map((f) => f.replace(/#.*$/, ''));
    const leak = secretUploads(ctx, tool, `release ${verb}`, files);
    if (leak.length > 0) return leak;
  }
  if (DELETE_VERBS.has(verb) || (tool === 'hub' && group === 'delete')) {
    if (HARMLESS_DELETE.has(group)) {
      return [
        act(ctx, tool, {
          verb: `${group} ${verb}`,
          effect: 'delete',
          risk: 'low',
          rule: `${tool}/write`,
          targets: [target],
          reasons: [`deletes a ${group}, which is regenerable or incidental`],
        }),
      ];
    }
    const what = tool === 'hub' && group === 'delete' ? 'repository' : group;
    const rule = tool === 'hub' && group === 'delete' ? 'hub/repo-delete' : `${tool}/delete`;
    const name = tool === 'hub' && group === 'delete' ? verb || 'the repository' : target;
    return [
      destroy(
        ctx,
        tool,
        `${group} ${verb}`.trim(),
        rule,
        [name],
        `deletes the ${what} ${name} on the hosting service`,
      ),
    ];
  }
  if (
    [
      'list',
      'view',
      'status',
      'diff',
      'checks',
      'show',
      'browse',
      'search',
      'watch',
      'download',
      'clone',
      'token',
      'get',
    ].includes(verb)
  ) {
    return read();
  }
  if (['status', 'search', 'browse', 'version', 'completion'].includes(group)) return read();
  return [
    act(ctx, tool, {
      verb: `${group} ${verb}`.trim(),
      effect: 'write',
      risk: 'low',
      rule: `${tool}/write`,
      targets: [target],
      reasons: ['changes something on the hosting service that can be changed back'],
    }),
  ];
}
