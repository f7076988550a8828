/**
 * Device nodes: which are block devices (a disk, a partition, a volume, an array) and which are harmless
 * pseudo devices (`/dev/null`, `/dev/stdout`, a terminal). Re-exported by `../paths.ts`.
 */

/** Pseudo devices: writing to them stores nothing, removing them is the only harm. */
export const HARMLESS_DEVICES =
  /^\/dev\/(null|zero|full|random|urandom|stdin|stdout|stderr|tty\w*|console|ptmx|pts\/.*|fd\/.*|shm(\/.*)?|log|kmsg)$/;

const BLOCK =
  /^\/dev\/((s|h|v|xv)d[a-z]+\d*|nvme\d+(n\d+(p\d+)?)?|mmcblk\d+(p\d+)?|md\d*(\/.*|p\d+)?|dm-\d+|mapper\/.+|disk\/.+|loop\d+(p\d+)?|zvol\/.+|r?disk\d+(s\d+)?|nbd\d+(p\d+)?|rbd\d+|bcache\d+|sr\d+|drbd\d+|[^/]+\/[^/]+)$/;
const DISK = /^\/dev\/((s|h|v|xv)d[a-z]+|nvme\d+n\d+|mmcblk\d+|r?disk\d+|nbd\d+|rbd\d+)$/;
const PARTITION =
  /^\/dev\/((s|h|v|xv)d[a-z]+\d+|nvme\d+n\d+p\d+|mmcblk\d+p\d+|r?disk\d+s\d+|nbd\d+p\d+)$/;

/** True for a block device node: a disk, a partition, a volume (`/dev/vg/lv`, `/dev/mapper/x`), an array. */
export function isBlockDevice(path: string): boolean {
  return path.startsWith('/dev/') && !HARMLESS_DEVICES.test(path) && BLOCK.test(path);
}

/** The kind of block device: a whole disk, a partition, a loop device, or a volume/array/mapping. */
export function deviceKind(path: string): 'disk' | 'partition' | 'volume' | 'loop' | 'other' {
  if (DISK.test(path)) return 'disk';
  if (PARTITION.test(path)) return 'partition';
  if (/^\/dev\/loop\d+/.test(path)) return 'loop';
  return isBlockDevice(path) ? 'volume' : 'other';
}
