/**
 * What happens to a guest (a VM or container) under the verbs every hypervisor shares, so qm, pct,
 * virsh, incus, vim-cmd, govc and xe judge the same act the same way: destroying one guest,
 * stopping it, rolling it back or deleting one of its snapshots is high (one VM, one snapshot, a
 * service stop); creating, starting, restarting and snapshotting destroy nothing.
 */
import type { Finding } from './system-common.js';

export type GuestOp =
  | 'read'
  | 'snapshot'
  | 'change'
  | 'stop'
  | 'destroy'
  | 'undefine'
  | 'rollback'
  | 'snapshot-delete'
  | 'volume-delete'
  | 'node-power';

const TEXT: Readonly<Record<Exclude<GuestOp, 'read' | 'change'>, { rule: string; why: string }>> = {
  snapshot: { rule: 'homelab/snapshot-create', why: 'creates a snapshot: destroys nothing' },
  stop: { rule: 'homelab/vm-stop', why: 'stops or pauses the guest: its services go down' },
  destroy: { rule: 'homelab/vm-destroy', why: 'destroys the guest and its disks' },
  undefine: {
    rule: 'homelab/vm-undefine',
    why: 'removes the guest definition (its configuration is lost)',
  },
  rollback: {
    rule: 'homelab/vm-rollback',
    why: 'rolls the guest back to a snapshot: everything since is lost',
  },
  'snapshot-delete': {
    rule: 'homelab/snapshot-delete',
    why: 'deletes a snapshot (a restore point) for good',
  },
  'volume-delete': {
    rule: 'homelab/volume-delete',
    why: 'deletes a disk image or volume and its data',
  },
  'node-power': {
    rule: 'homelab/node-power',
    why: 'shuts down or reboots the host: every guest on it goes down',
  },
};

/** The finding for one guest operation; `extra` reasons are appended (flags that make it worse). */
export function guest(
  op: GuestOp,
  verb: string,
  targets: readonly string[],
  extra: readonly string[] = [],
): Finding {
  if (op === 'read')
    return { verb, risk: 'none', rule: 'homelab/read', targets, reasons: ['read-only', ...extra] };
  if (op === 'change') {
    return {
      verb,
      risk: 'low',
      rule: 'homelab/vm-change',
      targets,
      reasons: [`${verb}: a recoverable change`, ...extra],
    };
  }
  const t = TEXT[op];
  if (op === 'snapshot')
    return {
      verb,
      risk: 'none',
      effect: 'write',
      rule: t.rule,
      targets,
      reasons: [t.why, ...extra],
    };
  const effect = op === 'stop' || op === 'node-power' ? 'write' : 'destroy';
  return { verb, risk: 'high', effect, rule: t.rule, targets, reasons: [t.why, ...extra] };
}

/**
 * Verbs that destroy whatever they name, for tools and API paths this model does not know in
 * detail.
 */
export const DESTRUCTIVE_WORD =
  /(^|[._/-])(delete|destroy|remove|rm|purge|wipe|erase|uninstall|unregister|kill|drop|terminate)([._/-]|$)/i;
