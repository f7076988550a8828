/**
 * Proxmox cluster, storage, Ceph, HA and backup tools: vzdump, pvecm, pveceph, pvesm, ha-manager,
 * proxmox-backup-client. A Ceph pool or file system holds every disk stored in it (catastrophic);
 * removing a node, an OSD, a storage or a volume is high; making backups destroys nothing.
 */
import type { Action } from '../types.js';
import type { Invocation, ToolContext } from '../model.js';
import { classifyPath } from '../paths.js';
import { finding, isHelp, optValue, type Finding } from './system-common.js';
import { DESTRUCTIVE_WORD, guest } from './homelab-common.js';

function positionals(args: readonly string[]): string[] {
  return args.filter((a) => !a.startsWith('-'));
}

function dry(args: readonly string[]): boolean {
  return args.some(
    (a) => a === '--dry-run' || a === '--dry-run=1' || a === '--dry-run=true' || a === '-n',
  );
}

/** `vzdump VMID... [--mode stop]`: makes a backup. */
export function vzdump(inv: Invocation, ctx: ToolContext): Action[] {
  const stop = inv.args.includes('stop') && inv.args.includes('--mode');
  return [
    finding(ctx, 'vzdump', {
      verb: 'vzdump',
      risk: stop ? 'low' : 'none',
      effect: 'write',
      rule: 'homelab/backup',
      targets: positionals(inv.args),
      env: ctx.envOf(),
      reasons: [
        stop
          ? 'backs up in stop mode: the guest is stopped during the backup and started again'
          : 'creates a backup: destroys nothing',
      ],
    }),
  ];
}

/** `pvecm status|nodes|add|delnode|expected|...`. */
export function pvecm(inv: Invocation, ctx: ToolContext): Action[] {
  const [verb = 'help', ...rest] = positionals(inv.args);
  const out = (f: Finding): Action[] => [finding(ctx, 'pvecm', { ...f, env: ctx.envOf(...rest) })];
  if (isHelp(inv.args) || /^(status|nodes|help|qdevice-status)$/.test(verb))
    return out(guest('read', `pvecm ${verb}`, rest));
  if (verb === 'delnode') {
    return out({
      verb: 'pvecm delnode',
      risk: 'high',
      rule: 'homelab/cluster-delnode',
      targets: rest,
      reasons: [
        `removes ${rest[0] ?? 'a node'} from the cluster: it cannot rejoin without a reinstall`,
      ],
    });
  }
  return out({
    verb: `pvecm ${verb}`,
    risk: 'low',
    rule: 'homelab/cluster-change',
    targets: rest,
    reasons: [
      verb === 'expected'
        ? 'overrides the expected votes (quorum)'
        : `pvecm ${verb}: a cluster configuration change`,
    ],
  });
}

/** `pveceph pool|osd|mon|mgr|mds|fs VERB NAME`, `pveceph purge`, `pveceph stop`. */
export function pveceph(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'pveceph';
  const words = positionals(inv.args);
  let [group = 'help', verb = '', name = ''] = words;
  // Old spellings: destroypool, destroyosd, createosd ...
  const old = /^(create|destroy)(pool|osd|mon|mgr|mds)$/.exec(group);
  if (old) [group, verb, name] = [old[2] ?? '', old[1] ?? '', words[1] ?? ''];
  const targets = [`${group} ${name}`.trim()];
  const out = (f: Finding): Action[] => [finding(ctx, tool, { ...f, env: ctx.envOf() })];
  const destroy = /^(destroy|delete|remove|rm)$/.test(verb);
  if (group === 'purge') {
    return out({
      verb: 'pveceph purge',
      risk: 'catastrophic',
      rule: 'homelab/ceph-purge',
      targets: ['ceph'],
      reasons: ['removes Ceph and its data directories from the node'],
    });
  }
  if ((group === 'pool' || group === 'fs') && destroy) {
    return out({
      verb: `pveceph ${group} destroy`,
      risk: 'catastrophic',
      rule: 'homelab/ceph-pool-destroy',
      targets,
      reasons: [
        `destroys the Ceph ${group} ${name}: every disk image or file stored in it is gone`,
      ],
    });
  }
  if (group === 'osd' && verb === 'create') {
    return out({
      verb: 'pveceph osd create',
      risk: 'catastrophic',
      rule: 'homelab/disk-format',
      targets: [name],
      reasons: [`formats ${name} as a Ceph OSD: whatever was on the disk is destroyed`],
    });
  }
  if (destroy) {
    return out({
      verb: `pveceph ${group} destroy`,
      risk: 'high',
      rule: 'homelab/ceph-destroy',
      targets,
      reasons: [
        `destroys the Ceph ${group} ${name}${inv.args.includes('--cleanup') ? ' and wipes its disk' : ''}`,
      ],
    });
  }
  if (group === 'stop')
    return out(
      guest(
        'stop',
        'pveceph stop',
        ['ceph'],
        ['stops Ceph services: storage on them becomes unavailable'],
      ),
    );
  if (
    isHelp(inv.args) ||
    group === 'status' ||
    group === 'help' ||
    /^(ls|list|get|status)$/.test(verb)
  )
    return out(guest('read', `pveceph ${group} ${verb}`, targets));
  return out({
    verb: `pveceph ${group} ${verb}`,
    risk: 'low',
    rule: 'homelab/ceph-change',
    targets,
    reasons: ['a Ceph configuration change'],
  });
}

/** `pvesm status|list|remove|free|prune-backups|...`. */
export function pvesm(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'pvesm';
  const [verb = 'help', ...rest] = positionals(inv.args);
  const out = (f: Finding): Action[] => [finding(ctx, tool, { ...f, env: ctx.envOf(...rest) })];
  if (isHelp(inv.args) || /^(status|list|path|extractconfig|help|apiinfo|scan|.*scan)$/.test(verb))
    return out(guest('read', `pvesm ${verb}`, rest));
  if (verb === 'remove') {
    return out({
      verb: 'pvesm remove',
      risk: 'high',
      rule: 'homelab/storage-remove',
      targets: rest,
      reasons: [`removes the storage ${rest[0] ?? ''}: guests whose disks live there stop working`],
    });
  }
  if (verb === 'free') return out(guest('volume-delete', 'pvesm free', rest));
  if (verb === 'prune-backups') {
    if (dry(inv.args))
      return out({
        verb: 'pvesm prune-backups --dry-run',
        risk: 'none',
        rule: 'homelab/dry-run',
        targets: rest,
        reasons: ['dry run'],
      });
    return out({
      verb: 'pvesm prune-backups',
      risk: 'high',
      rule: 'homelab/backup-prune',
      targets: rest,
      reasons: ['deletes backups outside the retention policy'],
    });
  }
  return out({
    verb: `pvesm ${verb}`,
    risk: 'low',
    rule: 'homelab/storage-change',
    targets: rest,
    reasons: ['a storage configuration change'],
  });
}

/** `ha-manager status|config|add|set|remove|migrate|crm-command ...`. */
export function haManager(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'ha-manager';
  const words = positionals(inv.args);
  const [verb = 'help', ...rest] = words;
  const out = (f: Finding): Action[] => [finding(ctx, tool, { ...f, env: ctx.envOf() })];
  if (isHelp(inv.args) || /^(status|config|groupconfig|help)$/.test(verb))
    return out(guest('read', `ha-manager ${verb}`, rest));
  const state = optValue(inv.args, '--state') ?? '';
  if (
    (verb === 'set' && /^(stopped|disabled)$/.test(state)) ||
    (verb === 'crm-command' && rest[0] === 'stop')
  ) {
    return out(guest('stop', `ha-manager ${verb}`, rest));
  }
  return out(guest('change', `ha-manager ${verb}`, rest));
}

/** `proxmox-backup-client backup|list|snapshot|forget|prune|restore|...`. */
export function pbsClient(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'proxmox-backup-client';
  const words = positionals(inv.args);
  const [first = 'help', ...rest] = words;
  let verb = first;
  if ((verb === 'snapshot' || verb === 'snapshots') && rest[0])
    verb = `snapshot ${rest.shift() ?? ''}`;
  const repo = optValue(inv.args, '--repository');
  const out = (f: Finding): Action[] => [
    finding(ctx, tool, { ...f, env: ctx.envOf(repo, ctx.env.PBS_REPOSITORY) }),
  ];
  if (isHelp(inv.args) || dry(inv.args))
    return out({
      verb,
      risk: 'none',
      rule: 'homelab/dry-run',
      targets: rest,
      reasons: ['dry run or help'],
    });
  if (verb === 'backup')
    return out({
      verb: 'backup',
      risk: 'none',
      effect: 'write',
      rule: 'homelab/backup',
      targets: rest,
      reasons: ['creates a backup: destroys nothing'],
    });
  if (verb === 'forget' || verb === 'snapshot forget') {
    return out({
      verb,
      risk: 'high',
      rule: 'homelab/backup-forget',
      targets: rest,
      reasons: ['deletes a backup snapshot from the datastore'],
    });
  }
  if (verb === 'prune') {
    return out({
      verb,
      risk: 'high',
      rule: 'homelab/backup-prune',
      targets: rest,
      reasons: ['deletes backups outside the retention policy'],
    });
  }
  if (verb === 'restore') {
    const target = rest[2] ?? '';
    const kind = target === '-' ? 'stdout' : classifyPath(target, ctx.cwd).kind;
    if (/^(root|system-top|system|system-critical|home|home-all|live-data)$/.test(kind)) {
      return out({
        verb: 'restore',
        risk: 'high',
        rule: 'homelab/restore-overwrite',
        targets: [target],
        reasons: [`restores over ${target}: the files there are overwritten`],
      });
    }
    return out({
      verb: 'restore',
      risk: 'low',
      rule: 'homelab/restore',
      targets: [target],
      reasons: ['restores a backup into a directory'],
    });
  }
  if (
    /^(list|snapshot list|snapshot files|snapshot notes|catalog|status|version|benchmark|task|key|help|files)/.test(
      verb,
    ) &&
    !DESTRUCTIVE_WORD.test(verb)
  ) {
    return out(guest('read', verb, rest));
  }
  if (DESTRUCTIVE_WORD.test(verb))
    return out({
      verb,
      risk: 'high',
      rule: 'homelab/backup-forget',
      targets: rest,
      reasons: [`${verb} deletes backup data`],
    });
  return out({
    verb,
    risk: 'low',
    rule: 'homelab/backup-change',
    targets: rest,
    reasons: [`${verb}: a recoverable change`],
  });
}
