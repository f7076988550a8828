/**
 * Verdicts for one path of a file-tool request (Write, Edit, apply_patch, fs_write ...). The fs model's tables
 * (`tools/fs-write.ts`, `tools/fs-delete.ts`) judge what is lost; on top of them, a file tool writing a place
 * whose contents run later (git hooks, shell start-up files, crontabs, autostart entries, git configuration)
 * or a system file is high: the agent is planting code or changing the machine, not editing its project.
 */
import { classifyPath, isShellRc } from './paths.js';
import { isStartupFile } from './shell/env-risk.js';
import { deleteVerdict } from './tools/fs-delete.js';
import { fileLike, type Target, type Verdict } from './tools/fs-common.js';
import { writeVerdict } from './tools/fs-write.js';

/** What a file tool does to one path. */
export type FileOp = 'write' | 'edit' | 'delete' | 'move-source' | 'move-dest';

/** Places whose contents run later, with the rule and the words for the reason. */
const RUNS_LATER: ReadonlyArray<readonly [RegExp, string, string]> = [
  [
    /(^|\/)\.git\/hooks\/[^/]+$/,
    'files/git-hook',
    'a git hook: git runs it on the next commit, merge or push',
  ],
  [
    /(^|\/)(\.git\/config|\.gitconfig|\.config\/git\/config)$|^\/etc\/gitconfig$/,
    'files/git-config',
    'git configuration, which can name programs git runs (core.fsmonitor, core.sshCommand, aliases)',
  ],
  [
    /^\/etc\/(crontab|anacrontab|cron\.(d|daily|hourly|weekly|monthly)\/[^/]+)$|^\/var\/spool\/cron(\/crontabs)?\/[^/]+$/,
    'files/cron',
    'a crontab: its commands run on a schedule',
  ],
  [
    /(^|\/)(\.config\/autostart|\.config\/systemd\/user|Library\/LaunchAgents|Library\/LaunchDaemons)\/[^/]+$|^\/etc\/(systemd\/system\/[^/]+|init\.d\/[^/]+|rc\.local)$/,
    'files/autostart',
    'an autostart entry or service unit: it runs at login or boot',
  ],
];

const SYSTEM_KINDS = new Set(['root', 'system-top', 'system-critical', 'system']);

/** The resolved target of a path as written, as the fs model sees it. */
export function fileTarget(text: string, cwd: string): Target {
  return { text, dynamic: false, info: classifyPath(text, cwd) };
}

/** A place whose contents run later (rule and description), if `path` is one. */
export function runsLater(path: string): { rule: string; what: string } | undefined {
  if (isShellRc(path) || isStartupFile(path))
    return { rule: 'files/startup', what: 'a shell start-up file: it runs in every new shell' };
  for (const [re, rule, what] of RUNS_LATER) if (re.test(path)) return { rule, what };
  return undefined;
}

const verb: Readonly<Record<FileOp, string>> = {
  write: 'writes',
  edit: 'edits',
  delete: 'deletes',
  'move-source': 'moves away',
  'move-dest': 'writes (by moving a file onto it)',
};

/** The verdict for a file tool doing `op` to `t`. Rule ids are the fs model's, renamed `files/...`. */
export function judgePath(t: Target, op: FileOp): Verdict {
  const path = t.info.path;
  const later = runsLater(path);
  if (later && op !== 'delete' && op !== 'move-source') {
    return {
      risk: 'high',
      rule: later.rule,
      reason: `${verb[op]} ${path}, ${later.what}`,
      effect: 'write',
    };
  }
  const v =
    op === 'delete'
      ? deleteVerdict(t, { recursive: !fileLike(t.text), overwrite: false })
      : writeVerdict(t, op === 'edit' ? 'edit' : 'overwrite');
  const renamed: Verdict = { ...v, rule: v.rule.replace(/^fs\//, 'files/') };
  if (op === 'delete') return renamed;
  if (SYSTEM_KINDS.has(t.info.kind) && (v.risk === 'none' || v.risk === 'low')) {
    return {
      risk: 'high',
      rule: 'files/system',
      reason: `${verb[op]} the system file ${path}: it changes the machine, not the project`,
      effect: 'write',
    };
  }
  if (t.info.kind === 'project-vcs' && v.risk !== 'catastrophic') {
    return {
      risk: 'high',
      rule: 'files/vcs',
      reason: `${verb[op]} ${path} inside the version control store: the repository may be corrupted`,
      effect: 'write',
    };
  }
  return renamed;
}
