/**
 * Tool model: fs. Deleting (rm, unlink, rmdir, shred, srm, wipe), writing (truncate, tee, dd, sed -i),
 * copying and moving (cp, mv, install, ln) and permissions (chmod, chown, chgrp, chattr). Targets are judged
 * by what they are (`../paths.ts`): the root file system, a system directory, a home, a live database's
 * files, a disk, project sources, regenerable artifacts or scratch. Output redirections are in
 * `fs-redirect.ts`.
 */
import type { Action } from '../types.js';
import { defineTool, type Invocation, type ToolContext } from '../model.js';
import { analyzeRm, analyzeRmdir, analyzeShred, analyzeUnlink } from './fs-delete.js';
import { analyzeDd, analyzeSed, analyzeTee, analyzeTruncate } from './fs-edit.js';
import { analyzeCp, analyzeInstall, analyzeLn, analyzeMv } from './fs-copy.js';
import { analyzeChattr, analyzeChmod, analyzeChown } from './fs-perm.js';

type Analyzer = (inv: Invocation, ctx: ToolContext) => Action[];

const BY_NAME: Readonly<Record<string, Analyzer>> = {
  rm: analyzeRm,
  unlink: analyzeUnlink,
  rmdir: analyzeRmdir,
  shred: analyzeShred,
  srm: analyzeShred,
  wipe: analyzeShred,
  truncate: analyzeTruncate,
  tee: analyzeTee,
  dd: analyzeDd,
  sed: analyzeSed,
  cp: analyzeCp,
  mv: analyzeMv,
  install: analyzeInstall,
  ln: analyzeLn,
  chmod: analyzeChmod,
  chown: analyzeChown,
  chgrp: analyzeChown,
  chattr: analyzeChattr,
};

export const fsModel = defineTool({
  family: 'fs',
  commands: Object.keys(BY_NAME),
  analyze(inv, ctx) {
    const analyzer = BY_NAME[inv.name];
    return analyzer ? analyzer(inv, ctx) : [];
  },
});
