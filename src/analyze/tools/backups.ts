/**
 * Tool model: backups. A backup repository as a whole is catastrophic to lose; one archive or
 * snapshot is high; making, listing and checking backups is safe. restic/kopia (backups-restic),
 * borg/borgmatic (backups-borg), rclone (backups-rclone), rsync/tar (backups-rsync), and the rest
 * (backups-misc).
 */
import type { Action } from '../types.js';
import type { Invocation, ToolContext } from '../model.js';
import { defineTool } from '../model.js';
import { kopia, restic } from './backups-restic.js';
import { borg, borgmatic } from './backups-borg.js';
import { rclone } from './backups-rclone.js';
import { rsync, tar } from './backups-rsync.js';
import {
  bup,
  duplicity,
  rdiffBackup,
  rsnapshot,
  snapper,
  tarsnap,
  timeshift,
} from './backups-misc.js';

type Analyzer = (inv: Invocation, ctx: ToolContext) => Action[];

const BY_NAME: Readonly<Record<string, Analyzer>> = {
  restic,
  kopia,
  borg,
  borgmatic,
  rclone,
  rsync,
  tar,
  duplicity,
  'rdiff-backup': rdiffBackup,
  rsnapshot,
  tarsnap,
  bup,
  timeshift,
  snapper,
};

export const backupsModel = defineTool({
  family: 'backups',
  commands: Object.keys(BY_NAME),
  analyze(inv, ctx) {
    const analyzer = BY_NAME[inv.name];
    return analyzer ? analyzer(inv, ctx) : [];
  },
});
