/**
 * Proxmox VE guests: qm (VMs), pct (containers) and the API shell pvesh. `qm destroy`, `pct
 * destroy`, stop/shutdown/reset, rollback and delsnapshot are high (one VM, a service stop, lost
 * state); list/config/ status are read-only; `pct exec` / `qm guest exec` payloads are analysed as
 * commands inside the guest.
 */
import type { Action } from '../types.js';
import type { Invocation, ToolContext } from '../model.js';
import { finding, isHelp, optValue, readOnly, type Finding } from './system-common.js';
import { DESTRUCTIVE_WORD, guest, type GuestOp } from './homelab-common.js';

const OPS: Readonly<Record<string, GuestOp>> = {
  list: 'read',
  config: 'read',
  status: 'read',
  pending: 'read',
  showcmd: 'read',
  listsnapshot: 'read',
  df: 'read',
  cpusets: 'read',
  help: 'read',
  wait: 'read',
  terminal: 'read',
  vncproxy: 'read',
  monitor: 'read',
  pull: 'read',
  snapshot: 'snapshot',
  destroy: 'destroy',
  stop: 'stop',
  shutdown: 'stop',
  reset: 'stop',
  reboot: 'stop',
  suspend: 'stop',
  rollback: 'rollback',
  delsnapshot: 'snapshot-delete',
};

/** A Proxmox boolean option: `--purge`, `--purge 1`, `--purge=1` are on; `--purge 0` is off. */
function flagOn(args: readonly string[], name: string): boolean {
  const i = args.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (i < 0) return false;
  const a = args[i] ?? '';
  const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[i + 1];
  return v !== '0' && v !== 'false' && v !== 'no';
}

/** `qm VERB VMID ...` and `pct VERB CTID ...`. */
export function qmPct(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = inv.name;
  const kind = tool === 'qm' ? 'VM' : 'CT';
  if (isHelp(inv.args)) return [readOnly(ctx, tool, 'help', 'homelab/read')];
  const [first = 'help', ...rest] = inv.args;
  let verb = first;
  // `qm disk move|resize|import|rescan|unlink` is the newer spelling of move-disk, resize ...
  if (verb === 'disk' && rest[0]) verb = `disk ${rest.shift() ?? ''}`;
  if (verb === 'guest' && rest[0]) verb = `guest ${rest.shift() ?? ''}`;
  const id = rest.find((a) => !a.startsWith('-')) ?? '';
  const targets = id ? [`${kind} ${id}`] : [];
  const out = (f: Finding): Action[] => [finding(ctx, tool, { ...f, env: ctx.envOf() })];

  if (verb === 'exec' || verb === 'guest exec') {
    const dash = inv.args.indexOf('--');
    const payload =
      dash >= 0 ? inv.words.slice(dash + 1) : inv.words.slice(inv.args.indexOf(id) + 1);
    if (payload.length > 0)
      ctx.argv(payload, `${tool} ${verb} ${id}`, { remote: true, env: ctx.envOf() });
    return out(guest('read', `${tool} ${verb}`, targets, [`runs a command inside ${kind} ${id}`]));
  }
  if (verb === 'guest cmd' || verb === 'agent') {
    const cmd = rest.filter((a) => !a.startsWith('-'))[1] ?? '';
    if (/shutdown|suspend|fsfreeze-freeze/.test(cmd))
      return out(guest('stop', `${tool} guest cmd ${cmd}`, targets));
    return out(guest('read', `${tool} guest cmd ${cmd}`, targets));
  }
  const op = OPS[verb];
  if (op === 'destroy') {
    const extra: string[] = [];
    if (flagOn(rest, '--purge'))
      extra.push('--purge also removes it from backup jobs, replication and HA');
    if (flagOn(rest, '--destroy-unreferenced-disks'))
      extra.push('--destroy-unreferenced-disks also deletes disks not referenced in its config');
    return out(guest('destroy', `${tool} destroy`, targets, extra));
  }
  if (op) return out(guest(op, `${tool} ${verb}`, targets));
  if (verb === 'restore' && flagOn(rest, '--force')) {
    return out({
      verb: `${tool} restore --force`,
      risk: 'high',
      rule: 'homelab/vm-restore-overwrite',
      targets,
      reasons: [`overwrites the existing ${kind} ${id} with the backup`],
    });
  }
  if ((verb === 'disk unlink' || verb === 'unlink') && flagOn(rest, '--force')) {
    return out(
      guest('volume-delete', `${tool} ${verb} --force`, targets, [
        '--force removes the disk images physically',
      ]),
    );
  }
  if (verb === 'cloudinit' && rest[0] === 'dump')
    return out(guest('read', `${tool} cloudinit dump`, targets));
  if (DESTRUCTIVE_WORD.test(verb)) return out(guest('destroy', `${tool} ${verb}`, targets));
  return out(guest('change', `${tool} ${verb}`, targets));
}

/** What a DELETE on a Proxmox API path destroys. */
function apiDelete(path: string): Finding {
  const targets = [path];
  if (/\/(qemu|lxc)\/[^/]+\/snapshot\/[^/]+$/.test(path))
    return guest('snapshot-delete', 'pvesh delete', targets);
  if (/\/(qemu|lxc)\/[^/]+$/.test(path)) return guest('destroy', 'pvesh delete', targets);
  if (/\/storage\/[^/]+\/content\/.+/.test(path))
    return guest('volume-delete', 'pvesh delete', targets);
  if (/^\/?storage\/[^/]+$/.test(path)) {
    return {
      verb: 'pvesh delete',
      risk: 'high',
      rule: 'homelab/storage-remove',
      targets,
      reasons: ['removes a storage definition: guests using it stop working'],
    };
  }
  if (/\/cluster\/config\/nodes\/[^/]+$/.test(path)) {
    return {
      verb: 'pvesh delete',
      risk: 'high',
      rule: 'homelab/cluster-delnode',
      targets,
      reasons: ['removes a node from the cluster'],
    };
  }
  return {
    verb: 'pvesh delete',
    risk: 'high',
    rule: 'homelab/api-delete',
    targets,
    reasons: [`deletes ${path} through the Proxmox API`],
  };
}

/** What a POST (`pvesh create`) on a Proxmox API path does. */
function apiCreate(path: string, args: readonly string[]): Finding {
  const targets = [path];
  const status = /\/(qemu|lxc)\/[^/]+\/status\/([a-z]+)$/.exec(path);
  if (status && /^(stop|shutdown|reset|reboot|suspend)$/.test(status[2] ?? ''))
    return guest('stop', `pvesh create status/${status[2] ?? ''}`, targets);
  if (/\/snapshot\/[^/]+\/rollback$/.test(path))
    return guest('rollback', 'pvesh create rollback', targets);
  if (/\/(qemu|lxc)\/[^/]+\/snapshot$/.test(path))
    return guest('snapshot', 'pvesh create snapshot', targets);
  if (/\/nodes\/[^/]+\/stopall$/.test(path))
    return guest('stop', 'pvesh create stopall', targets, ['stops every guest on the node']);
  const cmd = optValue(args, '--command') ?? '';
  if (/\/nodes\/[^/]+\/status$/.test(path) && /^(shutdown|reboot)$/.test(cmd))
    return guest('node-power', `pvesh create status ${cmd}`, targets);
  if (/\/vzdump$/.test(path))
    return {
      verb: 'vzdump',
      risk: 'none',
      effect: 'write',
      rule: 'homelab/backup',
      targets,
      reasons: ['creates a backup: destroys nothing'],
    };
  return guest('change', 'pvesh create', targets);
}

/** `pvesh get|ls|usage|help|create|set|delete PATH [opts]`. */
export function pvesh(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'pvesh';
  const [verb = 'help', path = '/'] = inv.args.filter((a) => !a.startsWith('-'));
  const out = (f: Finding): Action[] => [finding(ctx, tool, { ...f, env: ctx.envOf(path) })];
  if (isHelp(inv.args) || /^(get|ls|usage|help)$/.test(verb))
    return out(guest('read', `pvesh ${verb}`, [path]));
  if (verb === 'delete' || verb === 'del') return out(apiDelete(path));
  if (verb === 'create') return out(apiCreate(path, inv.args));
  return out(guest('change', `pvesh ${verb}`, [path]));
}
