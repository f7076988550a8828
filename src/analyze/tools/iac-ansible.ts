/**
 * ansible and ansible-playbook. An ad-hoc `ansible HOSTS -m shell -a CMD` runs CMD on every matched host, so
 * CMD is judged as a remote script in the hosts' environment; `-m file state=absent` is a delete; reboots and
 * service stops are outages. A playbook's tasks are not visible here: a run is an ordinary change unless its
 * name, tags or variables say it tears something down.
 */
import { has, parseArgs, value, values } from '../args.js';
import type { Invocation, ToolContext, Word } from '../model.js';
import type { Action, Env } from '../types.js';
import { wordList } from './k8s-common.js';

const VALUE = wordList(`
  -m --module-name -a --args -i --inventory --inventory-file -l --limit -u --user -e
  --extra-vars -f --forks -t --tree --tags --skip-tags -B --background -P --poll --become-user
  --become-method -c --connection --private-key --key-file -T --timeout -M --module-path
  --vault-id --vault-password-file --ssh-common-args --sftp-extra-args --scp-extra-args
  --ssh-extra-args --playbook-dir --task-timeout --start-at-task -R --remote-user
`);
const PREVIEW = [
  '-C',
  '--check',
  '--list-hosts',
  '--list-tasks',
  '--list-tags',
  '--syntax-check',
  '--help',
  '-h',
  '--version',
];
const TEARDOWN = new Set(
  wordList(`
  destroy teardown decommission decom wipe delete remove purge nuke reset drop uninstall
  deprovision absent erase terminate reboot shutdown poweroff halt restore format reimage
  reinstall truncate flush
`),
);
const COMMAND_PARAMS =
  /^(chdir|creates|removes|executable|warn|stdin|stdin_add_newline|strip_empty_ends)=/;

/** `key=value key2="v w"` or a JSON object, as a map. */
function moduleParams(args: string): Map<string, string> {
  const out = new Map<string, string>();
  const trimmed = args.trim();
  if (trimmed.startsWith('{')) {
    try {
      for (const [k, v] of Object.entries(JSON.parse(trimmed) as Record<string, unknown>))
        out.set(k, String(v));
      return out;
    } catch {
      return out;
    }
  }
  for (const m of trimmed.matchAll(/([A-Za-z_]+)=("([^"]*)"|'([^']*)'|\S+)/g)) {
    out.set(m[1] ?? '', m[3] ?? m[4] ?? m[2] ?? '');
  }
  return out;
}

function tokens(...names: readonly string[]): string[] {
  return names.flatMap((n) => n.toLowerCase().split(/[^a-z0-9]+/)).filter((t) => t.length > 0);
}

/** Ad-hoc `ansible PATTERN -m MODULE -a ARGS`. */
export function analyzeAnsible(inv: Invocation, ctx: ToolContext): Action[] {
  const p = parseArgs(inv.args, { value: VALUE });
  const pattern = p.positionals[0] ?? '';
  const env: Env = ctx.envOf(
    pattern,
    value(p, '-l', '--limit'),
    ...values(p, '-i', '--inventory', '--inventory-file'),
  );
  const module = (value(p, '-m', '--module-name') ?? 'command').split('.').pop() ?? 'command';
  const args = value(p, '-a', '--args') ?? '';
  const hop = `ansible ${pattern}`;
  const act = (
    risk: Action['risk'],
    effect: Action['effect'],
    rule: string,
    reason: string,
  ): Action[] => [
    ctx.action({
      tool: 'ansible',
      verb: `-m ${module}`,
      effect,
      risk,
      rule,
      targets: [pattern],
      env,
      reasons: [reason],
    }),
  ];
  if (PREVIEW.some((f) => p.opts.has(f)))
    return act('none', 'read', 'ansible/check', 'check mode or listing: nothing changes');
  const params = moduleParams(args);
  const state = params.get('state') ?? '';
  switch (module) {
    case 'command':
    case 'shell':
    case 'raw':
    case 'win_shell':
    case 'win_command': {
      const cmd =
        params.get('cmd') ??
        args
          .split(/\s+/)
          .filter((t) => !COMMAND_PARAMS.test(t))
          .join(' ');
      if (cmd.trim()) ctx.script(cmd, hop, { env, remote: true });
      return act('none', 'exec', 'ansible/exec', `runs ${cmd} on every host matching ${pattern}`);
    }
    case 'script': {
      const destroys = tokens(args.split(/\s+/)[0] ?? '').some((t) => TEARDOWN.has(t));
      return destroys
        ? act(
            'high',
            'unknown',
            'ansible/script-destructive',
            `runs the local script ${args} on ${pattern}: its name says it destroys`,
          )
        : act('low', 'exec', 'ansible/script', `runs the local script ${args} on ${pattern}`);
    }
    case 'file':
      if (state === 'absent') {
        const path = params.get('path') ?? params.get('dest') ?? params.get('name') ?? '';
        const word: Word = { text: path, dynamic: path.includes('{{') };
        ctx.argv([{ text: 'rm', dynamic: false }, { text: '-rf', dynamic: false }, word], hop, {
          env,
          remote: true,
        });
        return act(
          'none',
          'delete',
          'ansible/module',
          `deletes ${path} on every host matching ${pattern}`,
        );
      }
      return act('low', 'write', 'ansible/module', 'manages files');
    case 'reboot':
    case 'win_reboot':
      return act('high', 'destroy', 'ansible/reboot', `reboots every host matching ${pattern}`);
    case 'service':
    case 'systemd':
    case 'systemd_service':
    case 'sysvinit':
    case 'win_service':
      return state === 'stopped'
        ? act(
            'high',
            'destroy',
            'ansible/service-stop',
            `stops ${params.get('name') ?? 'a service'} on ${pattern}`,
          )
        : act('low', 'write', 'ansible/module', 'manages a service');
    case 'user':
      return state === 'absent'
        ? act(
            'high',
            'delete',
            'ansible/user-remove',
            `removes the user ${params.get('name') ?? ''}${params.get('remove') === 'yes' ? ' and their home' : ''}`,
          )
        : act('low', 'write', 'ansible/module', 'manages a user');
    case 'ping':
    case 'setup':
    case 'gather_facts':
    case 'debug':
    case 'stat':
    case 'slurp':
    case 'fetch':
    case 'service_facts':
    case 'package_facts':
      return act('none', 'read', 'ansible/read', 'gathers information');
    default: {
      if (state === 'absent' || state === 'dropped') {
        const db = /db|database|sql|mongo|redis/.test(module);
        const infra =
          /ec2|instance|vm|volume|bucket|s3|rds|cluster|disk|lvol|lvg|zfs|parted|snapshot|stack|droplet|server|container|image|network/.test(
            module,
          );
        if (db)
          return act(
            env === 'prod' ? 'catastrophic' : 'high',
            'destroy',
            'ansible/db-drop',
            `${module} state=absent drops a database`,
          );
        if (infra)
          return act(
            'high',
            'delete',
            'ansible/state-absent',
            `${module} state=absent deletes the resource`,
          );
      }
      if (
        module === 'filesystem' &&
        (params.get('force') === 'yes' || params.get('force') === 'true')
      ) {
        return act(
          'high',
          'destroy',
          'ansible/mkfs',
          'formats a device over an existing file system',
        );
      }
      return act('low', 'write', 'ansible/module', `${module}: configuration management`);
    }
  }
}

/** ansible-playbook: check/list runs are safe; a teardown by name or tag is flagged; the rest is a change. */
export function analyzePlaybook(inv: Invocation, ctx: ToolContext): Action[] {
  const p = parseArgs(inv.args, { value: VALUE });
  const playbooks = p.positionals;
  const inventories = values(p, '-i', '--inventory', '--inventory-file');
  const limit = value(p, '-l', '--limit');
  const env = ctx.envOf(limit, ...inventories, ...playbooks, ...values(p, '-e', '--extra-vars'));
  const targets = [...playbooks, ...(limit ? [limit] : []), ...inventories];
  if (PREVIEW.some((f) => has(p, f))) {
    return [
      ctx.action({
        tool: 'ansible-playbook',
        verb: 'check',
        effect: 'read',
        risk: 'none',
        rule: 'ansible/check',
        targets,
        env,
        reasons: ['check mode, syntax check or listing: nothing changes'],
      }),
    ];
  }
  const named = tokens(
    ...playbooks.map((pb) => pb.split('/').pop() ?? pb),
    ...values(p, '-t', '--tags'),
    ...values(p, '-e', '--extra-vars'),
  );
  const teardown = named.filter((t) => TEARDOWN.has(t));
  if (teardown.length > 0) {
    return [
      ctx.action({
        tool: 'ansible-playbook',
        verb: 'run',
        effect: 'destroy',
        risk: 'high',
        rule: 'ansible/playbook-destructive',
        targets,
        env,
        reasons: [`the playbook's name, tags or variables say it will ${teardown[0] ?? 'destroy'}`],
      }),
    ];
  }
  return [
    ctx.action({
      tool: 'ansible-playbook',
      verb: 'run',
      effect: 'write',
      risk: 'low',
      rule: 'ansible/playbook',
      targets,
      env,
      reasons: ['applies configuration; the playbook tasks are not visible here'],
    }),
  ];
}
