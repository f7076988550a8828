/**
 * vagrant, packer, nomad and waypoint. A Vagrant VM holds whatever was done inside it; a Nomad job stop is a
 * service outage (and `-purge` drops its history); Waypoint's `destroy` removes every deployment of an app.
 * Packer only builds images.
 */
import { has, parseArgs, value } from '../args.js';
import type { ActionInit, Invocation, ToolContext } from '../model.js';
import type { Action, Effect, Risk } from '../types.js';
import { destroyInit } from './iac-common.js';
import { wordList } from './k8s-common.js';

type Row = readonly [Risk, Effect, string, string];

function row(tool: string, verb: string, r: Row, extra: Partial<ActionInit> = {}): ActionInit {
  const [risk, effect, rule, reason] = r;
  return { tool, verb, risk, effect, rule, reasons: [reason], ...extra };
}

const READ: Row = ['none', 'read', 'iac/read', 'read-only'];
const WRITE: Row = ['low', 'write', 'iac/write', 'a reversible change'];

/** vagrant: destroy and snapshot restore lose the VM's state; halt/suspend/reload are reversible. */
export function analyzeVagrant(inv: Invocation, ctx: ToolContext): Action[] {
  const p = parseArgs(inv.args, { value: ['-c', '--command', '--provider', '--provision-with'] });
  const [sub = '', action = '', ...rest] = p.positionals;
  const env = ctx.envOf(action);
  const one = (
    verb: string,
    r: Row,
    targets: readonly string[] = [action, ...rest].filter((x) => x),
  ): Action[] => [ctx.action({ ...row('vagrant', verb, r), targets, env })];
  if (sub === '' || has(p, '--help', '-h')) return one(sub || 'help', READ);
  switch (sub) {
    case 'destroy':
      return one('destroy', [
        'high',
        'destroy',
        'vagrant/destroy',
        'destroys the VM and everything done inside it',
      ]);
    case 'snapshot':
      if (action === 'delete')
        return one(
          'snapshot delete',
          ['high', 'delete', 'vagrant/snapshot-delete', 'deletes a snapshot'],
          rest,
        );
      if (action === 'restore' || action === 'pop') {
        return one(
          `snapshot ${action}`,
          [
            'high',
            'destroy',
            'vagrant/snapshot-restore',
            'rolls the VM back: everything since the snapshot is lost',
          ],
          rest,
        );
      }
      return one(`snapshot ${action}`, action === 'list' ? READ : WRITE, rest);
    case 'ssh': {
      const cmd = value(p, '-c', '--command') ?? (p.rest.length > 0 ? p.rest.join(' ') : undefined);
      if (cmd) ctx.script(cmd, `vagrant ssh ${action}`.trim(), { env, remote: true });
      return one('ssh', [
        'none',
        'exec',
        'iac/exec',
        cmd ? `runs ${cmd} in the VM` : 'opens a shell in the VM',
      ]);
    }
    case 'status':
    case 'global-status':
    case 'ssh-config':
    case 'validate':
    case 'version':
    case 'port':
      return one(sub, READ);
    default:
      return one(sub, WRITE);
  }
}

/** packer: builds images; nothing live is touched. */
export function analyzePacker(inv: Invocation, ctx: ToolContext): Action[] {
  const sub = inv.args.find((a) => !a.startsWith('-')) ?? '';
  const builds = sub === 'build' || sub === 'init' || sub === 'fmt';
  return [
    ctx.action(
      row(
        'packer',
        sub || 'help',
        builds ? ['low', 'write', 'iac/write', 'builds machine images'] : READ,
      ),
    ),
  ];
}

const NOMAD_VALUE = wordList(`
  -address -region -namespace -token -ca-cert -client-cert -client-key -tls-server-name -task
  -group -job -output -deadline -meta -var -var-file -node-pool -t
`).flatMap((o) => [o, `-${o}`]);

/** nomad: job stop (-purge), node drain, volume/namespace/var deletion, raft and snapshot surgery. */
export function analyzeNomad(inv: Invocation, ctx: ToolContext): Action[] {
  const p = parseArgs(inv.args, { value: NOMAD_VALUE, longSingleDash: true });
  let pos = [...p.positionals];
  // `nomad stop` / `nomad run` / `nomad status` are aliases of the job commands.
  if (['stop', 'run', 'plan', 'status', 'inspect', 'validate'].includes(pos[0] ?? ''))
    pos = ['job', ...pos];
  const [noun = '', verb = '', ...rest] = pos;
  const opt = (n: string): boolean => has(p, `-${n}`, `--${n}`);
  const env = ctx.envOf(
    value(p, '-address', '--address', '-namespace', '--namespace', '-region', '--region'),
    ctx.env.NOMAD_ADDR,
    ctx.env.NOMAD_NAMESPACE,
    ...rest,
  );
  const one = (v: string, r: Row): Action[] => [
    ctx.action({ ...row('nomad', v, r), targets: rest, env }),
  ];
  const key = `${noun} ${verb}`;
  if (noun === '' || opt('help') || opt('h')) return one(noun || 'help', READ);
  if (noun === 'alloc' && verb === 'exec') {
    const [alloc, ...cmd] = rest;
    if (cmd.length > 0)
      ctx.script(cmd.join(' '), `nomad alloc exec ${alloc ?? ''}`, { env, remote: true });
    return one('alloc exec', ['none', 'exec', 'iac/exec', 'runs a command in an allocation']);
  }
  switch (key) {
    case 'job stop':
      return one(opt('purge') ? 'job stop -purge' : 'job stop', [
        'high',
        'destroy',
        'nomad/job-stop',
        'stops every allocation of the job: an outage',
      ]);
    case 'job scale':
      return rest[rest.length - 1] === '0'
        ? one(key, ['high', 'destroy', 'nomad/job-stop', 'scales the group to zero: an outage'])
        : one(key, WRITE);
    case 'node drain':
      return opt('enable')
        ? one('node drain -enable', [
            'high',
            'destroy',
            'nomad/drain',
            'moves every allocation off the node',
          ])
        : one(key, WRITE);
    case 'volume delete':
    case 'volume deregister':
      return one(key, [
        'high',
        'delete',
        'nomad/volume-delete',
        'deletes (or forgets) a storage volume',
      ]);
    case 'namespace delete':
    case 'var purge':
    case 'var delete':
    case 'server force-leave':
      return one(key, ['high', 'delete', 'nomad/delete', `${key} removes cluster state`]);
    case 'operator raft':
      return verb === 'raft' && rest[0] === 'remove-peer'
        ? one('operator raft remove-peer', [
            'high',
            'delete',
            'nomad/delete',
            'removes a server from the raft quorum',
          ])
        : one(key, READ);
    case 'operator snapshot':
      return rest[0] === 'restore'
        ? one('operator snapshot restore', [
            'high',
            'destroy',
            'nomad/snapshot-restore',
            'replaces the cluster state with a snapshot',
          ])
        : one(key, READ);
    case 'job plan':
    case 'job status':
    case 'job inspect':
    case 'job validate':
    case 'job history':
      return one(key, READ);
    default:
      return wordList(`
        status logs fs list inspect info read members version get
      `).includes(verb) || ['status', 'version', 'agent-info', 'monitor', 'ui'].includes(noun)
        ? one(key.trim(), READ)
        : one(key.trim(), WRITE);
  }
}

/** waypoint: `destroy` removes every deployment and release of the app. */
export function analyzeWaypoint(inv: Invocation, ctx: ToolContext): Action[] {
  const p = parseArgs(inv.args, {
    value: ['-app', '-workspace', '-project', '-p', '-a', '-w'],
    longSingleDash: true,
  });
  const [sub = '', action = ''] = p.positionals;
  const env = ctx.envOf(value(p, '-workspace', '-w', '-project', '-p', '-app', '-a'));
  if (sub === 'destroy' || (sub === 'project' && action === 'destroy'))
    return [
      ctx.action({
        ...destroyInit('waypoint', 'destroy', [], env),
        reasons: ['destroys every deployment and release of the app'],
      }),
    ];
  if (sub === 'server' && action === 'uninstall')
    return [
      ctx.action({
        ...row('waypoint', 'server uninstall', [
          'high',
          'delete',
          'iac/uninstall',
          'removes the Waypoint server and its data',
        ]),
        env,
      }),
    ];
  const writes = ['up', 'deploy', 'release', 'build', 'init', 'install', 'context'].includes(sub);
  return [ctx.action({ ...row('waypoint', sub || 'help', writes ? WRITE : READ), env })];
}
