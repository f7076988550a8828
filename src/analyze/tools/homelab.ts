/**
 * Tool model: homelab and virtualisation. Proxmox guests and API (homelab-proxmox), Proxmox
 * cluster/storage/ Ceph/HA/backup tools (homelab-pve), ZFS (homelab-zfs), btrfs (homelab-btrfs),
 * libvirt and LXD/Incus (homelab-virt), TrueNAS/IPMI (homelab-vendor), VMware/Xen (homelab-vmware).
 * Shared guest semantics live in homelab-common.
 */
import type { Action } from '../types.js';
import type { Invocation, ToolContext } from '../model.js';
import { defineTool } from '../model.js';
import { pvesh, qmPct } from './homelab-proxmox.js';
import { haManager, pbsClient, pveceph, pvecm, pvesm, vzdump } from './homelab-pve.js';
import { zfs, zpool } from './homelab-zfs.js';
import { btrfs } from './homelab-btrfs.js';
import { incus, virsh, virtInstall } from './homelab-virt.js';
import { ipmitool, midclt } from './homelab-vendor.js';
import { esxcli, govc, vimCmd, xe } from './homelab-vmware.js';

type Analyzer = (inv: Invocation, ctx: ToolContext) => Action[];

const BY_NAME: Readonly<Record<string, Analyzer>> = {
  qm: qmPct,
  pct: qmPct,
  pvesh,
  vzdump,
  pvecm,
  pveceph,
  pvesm,
  'ha-manager': haManager,
  'proxmox-backup-client': pbsClient,
  zfs,
  zpool,
  btrfs,
  virsh,
  'virt-install': virtInstall,
  incus,
  lxc: incus,
  lxd: incus,
  midclt,
  ipmitool,
  esxcli,
  'vim-cmd': vimCmd,
  govc,
  xe,
};

export const homelabModel = defineTool({
  family: 'homelab',
  commands: Object.keys(BY_NAME),
  analyze(inv, ctx) {
    const analyzer = BY_NAME[inv.name];
    return analyzer ? analyzer(inv, ctx) : [];
  },
});
