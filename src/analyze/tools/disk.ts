/**
 * Tool model: disk. File system makers (mkfs*, mke2fs, mkswap), signature and block erasers (wipefs,
 * blkdiscard, badblocks -w), partition editors (parted, fdisk, gdisk, cfdisk, sfdisk, sgdisk), volume managers
 * (LVM, mdadm, cryptsetup), file system maintenance (fsck, e2fsck, xfs_repair, resize2fs, tune2fs), drive
 * tools (hdparm, nvme, smartctl, losetup) and read-only listings (blkid, lsblk). A whole disk, a partition or a
 * volume wiped is catastrophic; one logical volume removed or shrunk is high; dry runs and reports are none.
 */
import type { Action } from '../types.js';
import { defineTool, type Invocation, type ToolContext } from '../model.js';
import {
  MKFS_NAMES,
  analyzeBadblocks,
  analyzeBlkdiscard,
  analyzeMkfs,
  analyzeWipefs,
} from './disk-format.js';
import { analyzeFdisk, analyzeParted, analyzeSfdisk, analyzeSgdisk } from './disk-part.js';
import { LVM_NAMES, analyzeLvm } from './disk-lvm.js';
import { analyzeCryptsetup, analyzeMdadm } from './disk-raid.js';
import { analyzeFsck, analyzeResize2fs, analyzeTune2fs, analyzeXfsRepair } from './disk-fsck.js';
import {
  analyzeBlockList,
  analyzeHdparm,
  analyzeLosetup,
  analyzeNvme,
  analyzeSmartctl,
} from './disk-drive.js';

type Analyzer = (inv: Invocation, ctx: ToolContext) => Action[];

const BY_NAME: Readonly<Record<string, Analyzer>> = {
  ...Object.fromEntries(MKFS_NAMES.map((n) => [n, analyzeMkfs])),
  ...Object.fromEntries(LVM_NAMES.map((n) => [n, analyzeLvm])),
  wipefs: analyzeWipefs,
  blkdiscard: analyzeBlkdiscard,
  badblocks: analyzeBadblocks,
  parted: analyzeParted,
  fdisk: analyzeFdisk,
  gdisk: analyzeFdisk,
  cfdisk: analyzeFdisk,
  sfdisk: analyzeSfdisk,
  sgdisk: analyzeSgdisk,
  cryptsetup: analyzeCryptsetup,
  mdadm: analyzeMdadm,
  e2fsck: analyzeFsck,
  fsck: analyzeFsck,
  xfs_repair: analyzeXfsRepair,
  resize2fs: analyzeResize2fs,
  tune2fs: analyzeTune2fs,
  losetup: analyzeLosetup,
  hdparm: analyzeHdparm,
  nvme: analyzeNvme,
  smartctl: analyzeSmartctl,
  blkid: analyzeBlockList,
  lsblk: analyzeBlockList,
};

export const diskModel = defineTool({
  family: 'disk',
  commands: Object.keys(BY_NAME),
  analyze(inv, ctx) {
    const analyzer = BY_NAME[inv.name];
    return analyzer ? analyzer(inv, ctx) : [];
  },
});
