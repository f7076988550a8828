/**
 * `git push`: publishing commits is low; overwriting remote history (force, `+refspec`), deleting remote refs
 * (`--delete`, `:branch`), mirroring and pruning are `high`. Remote history is shared: overwriting it loses other
 * people's commits, so one branch is enough.
 */
import { has, value } from '../args.js';
import type { Action } from '../types.js';
import {
  gitAction,
  gitPreview,
  isSharedBranch,
  parseSub,
  wantsHelp,
  type GitRun,
} from './git-util.js';

const PUSH_VALUES = ['--repo', '-o', '--push-option', '--receive-pack', '--exec'];

interface Refspec {
  force: boolean;
  remove: boolean;
  dst: string;
}

function parseRefspec(spec: string): Refspec {
  const force = spec.startsWith('+');
  const body = force ? spec.slice(1) : spec;
  const colon = body.lastIndexOf(':');
  const dst = colon >= 0 ? body.slice(colon + 1) : body;
  return {
    force,
    remove: colon === 0,
    dst: dst.replace(/^refs\/(heads|tags)\//, ''),
  };
}

function pushReasons(what: string, branches: readonly string[]): string[] {
  const reasons = [what];
  const shared = branches.filter((b) => isSharedBranch(b));
  if (shared.length > 0) reasons.push(`${shared.join(', ')} is a shared branch others build on`);
  return reasons;
}

/** `git push`: publishing commits is fine; overwriting or deleting remote refs is not. */
export function gitPush(g: GitRun, args: readonly string[]): Action[] {
  const p = parseSub(args, { value: PUSH_VALUES });
  if (wantsHelp(p)) return [gitPreview(g, 'push', 'help')];
  if (has(p, '-n', '--dry-run')) return [gitPreview(g, 'push --dry-run', 'dry run')];
  const remote = p.positionals[0] ?? value(p, '--repo') ?? '<upstream>';
  const specs = p.positionals.slice(1).map(parseRefspec);
  const on = (dst: string): string => `${remote}/${dst}`;
  const all = has(p, '--all', '--branches', '--tags');
  const current = specs.length === 0 && !all ? [on('<current branch>')] : [];
  const actions: Action[] = [];
  const destroy = (
    verb: string,
    rule: string,
    targets: readonly string[],
    reasons: string[],
  ): void => {
    actions.push(
      gitAction(g, {
        verb,
        effect: 'destroy',
        risk: 'high',
        rule,
        targets,
        reversible: false,
        reasons,
      }),
    );
  };

  if (has(p, '--mirror')) {
    destroy(
      'push --mirror',
      'git/push-mirror',
      [remote],
      [
        `makes ${remote} an exact mirror: remote refs are overwritten and those missing locally are deleted`,
      ],
    );
  }
  const deleting = has(p, '-d', '--delete') ? specs : specs.filter((s) => s.remove);
  if (deleting.length > 0) {
    const names = deleting.map((s) => s.dst);
    destroy(
      'push --delete',
      'git/push-delete',
      names.map(on),
      pushReasons(`deletes ${names.join(', ')} on ${remote}`, names),
    );
  }
  const forceAll = has(p, '-f', '--force', '--force-with-lease', '--force-if-includes');
  const forced = specs.filter(
    (s) => !s.remove && (forceAll || s.force) && !has(p, '-d', '--delete'),
  );
  if (forced.length > 0 || (forceAll && specs.length === 0)) {
    const names = forced.map((s) => s.dst);
    const targets = names.length > 0 ? names.map(on) : all ? [`${remote} (all branches)`] : current;
    const lease = has(p, '--force-with-lease')
      ? ' (--force-with-lease only checks that nobody pushed since the last fetch)'
      : '';
    destroy(
      'push --force',
      'git/force-push',
      targets,
      pushReasons(`rewrites the history of ${targets.join(', ')} on the remote${lease}`, names),
    );
  }
  if (has(p, '--prune')) {
    destroy(
      'push --prune',
      'git/push-prune',
      [remote],
      [`deletes branches on ${remote} that have no local counterpart`],
    );
  }
  if (actions.length > 0) return actions;
  const targets = specs.length > 0 ? specs.map((s) => on(s.dst)) : all ? [remote] : current;
  return [
    gitAction(g, {
      verb: 'push',
      effect: 'write',
      risk: 'low',
      rule: 'git/push',
      targets,
      reasons: ['publishes local commits; a non-forced push cannot overwrite remote history'],
    }),
  ];
}
