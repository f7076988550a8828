/**
 * Shared judgements for the backup tools: where a restore or a mirror writes (over `/`, a system
 * directory or a home it is destructive), whether a path is a remote location, and whether what is
 * copied off the machine is a credential.
 */
import type { ToolContext } from '../model.js';
import { classifyPath, isSecretFile, type PathKind } from '../paths.js';
import type { Finding } from './system-common.js';

/** Kinds of place whose contents are the machine itself or someone's home. */
const VITAL: readonly PathKind[] = [
  'root',
  'system-top',
  'system-critical',
  'home',
  'home-all',
  'live-data',
  'dynamic-root',
];

/** How a local destination path classifies (`~` and relative paths resolved against the cwd). */
export function placeKind(path: string, ctx: ToolContext, dynamic = false): PathKind {
  return classifyPath(path, ctx.cwd, dynamic).kind;
}

/**
 * True for `/`, system directories, homes and live service data: overwriting or mirroring there is
 * severe.
 */
export function isVital(kind: PathKind): boolean {
  return VITAL.includes(kind);
}

/**
 * `host:path`, `user@host:path`, `rsync://`, `host::module`, `remote:path` (rclone) — not `C:\` or
 * `./a:b`.
 */
export function remotePart(spec: string): { host: string; path: string } | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(spec)) {
    const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/]*@)?([^/:]+)(?::\d+)?(\/.*)?$/i.exec(spec);
    return { host: m?.[1] ?? spec, path: m?.[2] ?? '' };
  }
  const m = /^([A-Za-z0-9_.@-][A-Za-z0-9_.@ -]*?):(:?)(.*)$/.exec(spec);
  if (!m || spec.startsWith('/') || spec.startsWith('.') || /^[A-Za-z]:[\\/]/.test(spec))
    return undefined;
  const host = (m[1] ?? '').replace(/^[^@]*@/, '');
  return { host, path: m[3] ?? '' };
}

/** A credential file or a directory of them (`~/.ssh`, `~/.aws`, `.env`, `id_ed25519`). */
export function isSecretPath(path: string): boolean {
  return isSecretFile(path) || /(^|\/)\.(ssh|gnupg|aws|kube|password-store|docker)\/?$/.test(path);
}

/** Judge a restore into `target` (undefined = the working directory). */
export function restoreInto(
  tool: string,
  target: string | undefined,
  ctx: ToolContext,
  verb = 'restore',
): Finding {
  const where = target ?? '.';
  const kind = placeKind(where, ctx);
  if (isVital(kind)) {
    return {
      verb,
      risk: 'high',
      effect: 'write',
      rule: 'backups/restore-overwrite',
      targets: [where],
      reasons: [
        `${tool} restores over ${where}: the files there are overwritten with the backup's copies`,
      ],
    };
  }
  return {
    verb,
    risk: 'low',
    rule: 'backups/restore',
    targets: [where],
    reasons: ['restores files from a backup'],
  };
}

/** A dry run, a preview or help. */
export function preview(verb: string, targets: readonly string[] = []): Finding {
  return {
    verb,
    risk: 'none',
    rule: 'backups/dry-run',
    targets,
    reasons: ['dry run, preview or help: nothing changes'],
  };
}

/** Making a backup destroys nothing. */
export function makesBackup(verb: string, targets: readonly string[] = []): Finding {
  return {
    verb,
    risk: 'none',
    effect: 'write',
    rule: 'backups/create',
    targets,
    reasons: ['creates a backup: destroys nothing'],
  };
}

/** Read-only. */
export function reads(verb: string, targets: readonly string[] = []): Finding {
  return { verb, risk: 'none', rule: 'backups/read', targets, reasons: ['read-only'] };
}
