/**
 * Output redirections as file writes: `> file` replaces the file, `>> file` appends to it, `&> /dev/sda`
 * writes onto a disk. Judged with the same table as tee and cp destinations (`fs-write.ts`).
 */
import { protectedPath } from '../self.js';
import type { Action } from '../types.js';
import type { Redirect, ToolContext } from '../model.js';
import { classifyPath } from '../paths.js';
import { writeVerdict, type WriteMode } from './fs-write.js';
import type { Target } from './fs-common.js';

const REPLACE = new Set(['>', '>|', '&>', '>&']);
const APPEND = new Set(['>>', '&>>']);

/** Actions for a command's output redirections (`> file`, `>> file`, `&> /dev/sda`). */
export function redirectActions(redirects: readonly Redirect[], ctx: ToolContext): Action[] {
  const actions: Action[] = [];
  for (const r of redirects) {
    const mode: WriteMode | undefined = REPLACE.has(r.op)
      ? 'overwrite'
      : APPEND.has(r.op)
        ? 'append'
        : undefined;
    if (!mode) continue;
    // `2>&1`, `>&2`, `>&-`: a descriptor is duplicated or closed, no file is written.
    if (r.op === '>&' && /^(\d+|-)$/.test(r.target)) continue;
    if (r.target === '') continue;
    const t: Target = {
      text: r.target,
      dynamic: r.dynamic,
      info: classifyPath(r.target, ctx.cwd, r.dynamic),
    };
    const v = writeVerdict(t, mode);
    // Writes to /dev/null, to scratch files and to new project files are everyday: leave them unrecorded.
    if (v.risk === 'none' && !protectedPath(t.info.path, ctx.cwd)) continue;
    actions.push(
      ctx.action({
        tool: 'shell',
        verb: mode === 'append' ? '>>' : '>',
        effect: v.effect ?? 'write',
        risk: v.risk,
        rule: v.rule.replace(/^fs\/write$/, 'fs/redirect'),
        targets: [t.info.path],
        reasons: [v.reason],
        reversible: v.risk === 'low',
      }),
    );
  }
  return actions;
}
