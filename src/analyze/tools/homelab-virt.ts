/**
 * libvirt (virsh, virt-install) and LXD/Incus (lxc, incus, lxd). `virsh destroy` pulls the plug on
 * a VM, `undefine` removes it (with `--remove-all-storage`, its disks), `incus delete` removes an
 * instance; `exec` payloads run inside the instance and are analysed there.
 */
import type { Action } from '../types.js';
import type { Invocation, ToolContext, Word } from '../model.js';
import { finding, hostOf, isHelp, optValue, readOnly, type Finding } from './system-common.js';
import { DESTRUCTIVE_WORD, guest, type GuestOp } from './homelab-common.js';

const VIRSH_VALUE = new Set([
  '-c',
  '--connect',
  '-d',
  '--debug',
  '-l',
  '--log',
  '-e',
  '--escape',
  '-k',
  '--keepalive-interval',
  '-K',
  '--keepalive-count',
]);

const VIRSH_OPS: Readonly<Record<string, GuestOp>> = {
  destroy: 'stop',
  shutdown: 'stop',
  reboot: 'stop',
  reset: 'stop',
  suspend: 'stop',
  managedsave: 'stop',
  save: 'stop',
  dompmsuspend: 'stop',
  undefine: 'undefine',
  'snapshot-delete': 'snapshot-delete',
  'checkpoint-delete': 'snapshot-delete',
  'snapshot-revert': 'rollback',
  'snapshot-create': 'snapshot',
  'snapshot-create-as': 'snapshot',
  'checkpoint-create': 'snapshot',
  'checkpoint-create-as': 'snapshot',
  'vol-delete': 'volume-delete',
  'vol-wipe': 'volume-delete',
};

const VIRSH_READ =
  /^(list|dom\w*|vcpu(info|count|pin)|vncdisplay|snapshot-(list|info|dumpxml|current|parent)|checkpoint-(list|info|dumpxml|parent)|net-(list|info|dumpxml|dhcp-leases|port-list)|pool-(list|info|dumpxml|capabilities)|vol-(list|info|dumpxml|path|key|name|pool)|node\w*(info|stats|list|dumpxml)|capabilities|version|sysinfo|hostname|uri|iface-(list|dumpxml|mac|name)|nwfilter-(list|dumpxml)|secret-(list|dumpxml)|help|guestinfo|dumpxml|freecell|cpu-(baseline|compare|models)|maxvcpus|echo|pwd|event|qemu-monitor-event)$/;

/** `virsh [opts] COMMAND [ARGS]`. */
export function virsh(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'virsh';
  let i = 0;
  for (; i < inv.args.length; i++) {
    const a = inv.args[i] ?? '';
    if (!a.startsWith('-')) break;
    if (VIRSH_VALUE.has(a)) i++;
  }
  const cmd = inv.args[i] ?? 'help';
  const rest = inv.args.slice(i + 1);
  const dom = rest.find((a) => !a.startsWith('-')) ?? '';
  const uri = optValue(inv.args.slice(0, i), '-c', '--connect') ?? ctx.env.LIBVIRT_DEFAULT_URI;
  const out = (f: Finding): Action[] => [
    finding(ctx, tool, { ...f, env: ctx.envOf(dom, hostOf(uri)) }),
  ];
  if (isHelp(inv.args) || inv.args.slice(0, i).some((a) => /^(-v|-V|--version|-h)$/.test(a)))
    return out(guest('read', 'virsh help', []));
  if (cmd === 'domtime' && rest.some((a) => a === '--now' || a === '--sync' || a === '--time'))
    return out(guest('change', 'virsh domtime', [dom]));
  if (VIRSH_READ.test(cmd)) return out(guest('read', `virsh ${cmd}`, dom ? [dom] : []));
  const op = VIRSH_OPS[cmd];
  if (op === 'undefine') {
    const storage = rest.some((a) =>
      /^--(remove-all-storage|storage|wipe-storage|delete-storage)/.test(a),
    );
    const snaps = rest.some((a) => /^--(snapshots-metadata|checkpoints-metadata)/.test(a));
    const extra = [
      ...(storage ? ['and deletes its disk images'] : []),
      ...(snaps ? ['with its snapshot metadata'] : []),
    ];
    return out(
      guest(
        storage ? 'destroy' : 'undefine',
        `virsh undefine${storage ? ' --remove-all-storage' : ''}`,
        [dom],
        extra,
      ),
    );
  }
  if (op)
    return out(
      guest(
        op,
        `virsh ${cmd}`,
        [dom],
        cmd === 'destroy' ? ['a hard power-off: like pulling the plug'] : [],
      ),
    );
  if (cmd === 'pool-delete' || (cmd === 'pool-build' && rest.includes('--overwrite'))) {
    return out({
      verb: `virsh ${cmd}`,
      risk: 'high',
      rule: 'homelab/storage-delete',
      targets: [dom],
      reasons: [`${cmd} deletes or reformats the storage behind the pool`],
    });
  }
  if (cmd === 'net-destroy' || cmd === 'iface-destroy') {
    return out(guest('stop', `virsh ${cmd}`, [dom], ['guests attached to it lose their network']));
  }
  return out(guest('change', `virsh ${cmd}`, dom ? [dom] : []));
}

/** `virt-install ...`: creates a VM. */
export function virtInstall(inv: Invocation, ctx: ToolContext): Action[] {
  if (isHelp(inv.args) || inv.args.includes('--dry-run'))
    return [readOnly(ctx, 'virt-install', 'dry run', 'homelab/dry-run', 'dry run')];
  const name = optValue(inv.args, '--name', '-n') ?? '';
  return [
    finding(ctx, 'virt-install', {
      ...guest('change', 'virt-install', [name], ['creates a new VM']),
      env: ctx.envOf(name),
    }),
  ];
}

const INCUS_VALUE = new Set([
  '--project',
  '-c',
  '--columns',
  '-f',
  '--format',
  '--env',
  '--cwd',
  '--user',
  '--group',
  '--mode',
  '--target',
  '-p',
  '--profile',
  '-s',
  '--storage',
  '-n',
  '--network',
  '--type',
  '-t',
  '--config',
  '--device',
  '-d',
  '--description',
  '--expiry',
  '--reuse',
  '--remote',
  '--timeout',
]);

/** Positional words of an lxc/incus command line (option values skipped). */
function incusWords(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--') break;
    if (INCUS_VALUE.has(a)) i++;
    else if (!a.startsWith('-')) out.push(a);
  }
  return out;
}

/** `lxc|incus COMMAND ...` and `lxd ...`. */
export function incus(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = inv.name;
  const words = incusWords(inv.args);
  const [cmd = 'help', ...rest] = words;
  const name = rest[0] ?? '';
  const out = (f: Finding): Action[] => [finding(ctx, tool, { ...f, env: ctx.envOf(name) })];
  if (isHelp(inv.args) || inv.args.includes('-h')) return out(guest('read', `${tool} help`, []));
  if (tool === 'lxd') {
    if (cmd === 'shutdown')
      return out(
        guest('stop', 'lxd shutdown', ['all instances'], ['stops every instance on the host']),
      );
    if (cmd === 'sql' && /\b(delete|drop|update)\b/i.test(rest.slice(1).join(' '))) {
      return out({
        verb: 'lxd sql',
        risk: 'high',
        rule: 'homelab/api-delete',
        targets: [name],
        reasons: ['changes the LXD database directly'],
      });
    }
    if (/^(version|waitready|activateifneeded|help)$/.test(cmd))
      return out(guest('read', `lxd ${cmd}`, []));
    return out(guest('change', `lxd ${cmd}`, rest));
  }
  if (cmd === 'exec' || cmd === 'shell') {
    const dash = inv.args.indexOf('--');
    const payload: readonly Word[] =
      dash >= 0 ? inv.words.slice(dash + 1) : inv.words.slice(inv.args.indexOf(name) + 1);
    if (cmd === 'exec' && payload.length > 0)
      ctx.argv(payload, `${tool} exec ${name}`, { remote: true, env: ctx.envOf(name) });
    return out(guest('read', `${tool} ${cmd}`, [name], [`runs a command inside ${name}`]));
  }
  const sub = rest[0] ?? '';
  const force = inv.args.some((a) => a === '-f' || a === '--force');
  if (cmd === 'delete' || cmd === 'rm') {
    const snaps = rest.filter((r) => r.includes('/'));
    if (snaps.length === rest.length && rest.length > 0)
      return out(guest('snapshot-delete', `${tool} delete`, rest));
    return out(
      guest(
        'destroy',
        `${tool} delete`,
        rest,
        force ? ['--force deletes it even while running'] : [],
      ),
    );
  }
  if (/^(stop|pause|freeze)$/.test(cmd))
    return out(
      guest('stop', `${tool} ${cmd}`, inv.args.includes('--all') ? ['all instances'] : rest),
    );
  if (cmd === 'restore') return out(guest('rollback', `${tool} restore`, rest));
  if (cmd === 'snapshot') {
    if (/^(delete|rm)$/.test(sub))
      return out(guest('snapshot-delete', `${tool} snapshot delete`, rest.slice(1)));
    if (sub === 'restore') return out(guest('rollback', `${tool} snapshot restore`, rest.slice(1)));
    if (/^(list|ls|show|info)$/.test(sub))
      return out(guest('read', `${tool} snapshot ${sub}`, rest.slice(1)));
    return out(guest('snapshot', `${tool} snapshot`, rest));
  }
  if (cmd === 'storage' && /^(delete|rm)$/.test(sub)) {
    return out({
      verb: `${tool} storage delete`,
      risk: 'high',
      rule: 'homelab/storage-delete',
      targets: rest.slice(1),
      reasons: ['deletes a storage pool'],
    });
  }
  if (cmd === 'storage' && sub === 'volume' && DESTRUCTIVE_WORD.test(rest[1] ?? '')) {
    return out(
      guest(
        rest.slice(2).some((r) => r.includes('/')) || rest[2] === 'snapshot'
          ? 'snapshot-delete'
          : 'volume-delete',
        `${tool} storage volume ${rest[1] ?? ''}`,
        rest.slice(2),
      ),
    );
  }
  if (cmd === 'cluster' && /^(remove|evacuate)$/.test(sub)) {
    return out(
      sub === 'remove'
        ? {
            verb: `${tool} cluster remove`,
            risk: 'high',
            rule: 'homelab/cluster-delnode',
            targets: rest.slice(1),
            reasons: ['removes a member from the cluster'],
          }
        : guest('stop', `${tool} cluster evacuate`, rest.slice(1), [
            'stops or moves every instance on the member',
          ]),
    );
  }
  if (cmd === 'project' && /^(delete|rm)$/.test(sub) && force) {
    return out({
      verb: `${tool} project delete --force`,
      risk: 'high',
      rule: 'homelab/api-delete',
      targets: rest.slice(1),
      reasons: ['deletes the project and everything in it'],
    });
  }
  if (cmd === 'admin' && sub === 'shutdown')
    return out(
      guest(
        'stop',
        `${tool} admin shutdown`,
        ['all instances'],
        ['stops every instance on the host'],
      ),
    );
  if (
    cmd === 'query' &&
    inv.args.some(
      (a, i) => (a === '-X' || a === '--request') && /^DELETE$/i.test(inv.args[i + 1] ?? ''),
    )
  ) {
    return out({
      verb: `${tool} query DELETE`,
      risk: 'high',
      rule: 'homelab/api-delete',
      targets: rest,
      reasons: ['a DELETE request to the API'],
    });
  }
  if (
    /^(list|ls|info|version|help|monitor|query|export|top|warning)$/.test(cmd) ||
    /^(list|ls|show|info|get|pull)$/.test(sub)
  ) {
    return out(guest('read', `${tool} ${cmd}${sub ? ` ${sub}` : ''}`, rest));
  }
  return out(guest('change', `${tool} ${cmd}`, rest));
}
