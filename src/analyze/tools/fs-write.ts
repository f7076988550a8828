/**
 * Writing to files: what overwriting, emptying, appending to or editing a target costs. Shared by the
 * redirections (`>`, `>>`), tee, dd, truncate, sed -i and the destinations of cp/mv/install.
 */
import type { Target, Verdict } from './fs-common.js';
import { isSecretFile, isSecurityFile, isShellRc } from '../paths.js';

/**
 * - overwrite: the old content is replaced (`>`, `tee`, `cp` onto it);
 * - truncate: the content is emptied or cut (`truncate -s 0`, `cp /dev/null f`);
 * - append: content is added (`>>`, `tee -a`);
 * - edit: content is changed in place (`sed -i`).
 */
export type WriteMode = 'overwrite' | 'truncate' | 'append' | 'edit';

const v = (
  risk: Verdict['risk'],
  rule: string,
  reason: string,
  effect: Verdict['effect'] = 'write',
): Verdict => ({ risk, rule, reason, effect });

/** Project files that are a database or state: overwriting one loses data, not code. */
const STATE_FILE = /\.(db|sqlite|sqlite3|db3|mdb|duckdb|realm|tfstate)$/;

/**
 * System files that are one-piece drop-ins or runtime knobs rather than the system's own configuration:
 * `/etc/apt/sources.list.d/x.list`, `/etc/sysctl.d/99-x.conf`, a systemd unit, an nginx site, `/proc/sys/...`.
 */
export const DROP_IN =
  /^\/etc\/([^/]+\/)*[^/]+\.d\/[^/]+$|^\/etc\/(nginx\/sites-(available|enabled)|apache2\/(sites|conf)-(available|enabled)|systemd\/(system|user|network))\/[^/]+$|^\/(proc\/sys|sys)\//;

/** The verdict for writing to one target in the given mode. */
export function writeVerdict(t: Target, mode: WriteMode): Verdict {
  const { kind, path } = t.info;
  const adds = mode === 'append';
  const replaces = mode === 'overwrite' || mode === 'truncate';
  if (kind === 'device') {
    return v(
      'catastrophic',
      'fs/write-device',
      `writes straight onto the block device ${path}: its file systems are destroyed`,
      'destroy',
    );
  }
  if (kind === 'device-other')
    return v('none', 'fs/write-null', `writes to ${path}, which keeps nothing`, 'read');
  if (kind === 'system-critical' && replaces) {
    return v(
      'catastrophic',
      'fs/overwrite-system',
      `replaces ${path}: the machine may not boot or accept logins`,
      'destroy',
    );
  }
  if (path === '/proc/sysrq-trigger' || /^\/sys\/.*\/(remove|delete)$/.test(path)) {
    return v(
      'high',
      'fs/write-kernel',
      `${path} makes the kernel act at once (reboot, crash, remove a device)`,
    );
  }
  if (isSecurityFile(path)) {
    const what = /authorized_keys/.test(path)
      ? 'who can log in over SSH'
      : 'who may log in or run what as root';
    return v(
      'high',
      'fs/write-security',
      `${adds ? 'adds to' : replaces ? 'replaces' : 'edits'} ${path}, which decides ${what}`,
    );
  }
  if (kind === 'system-critical') {
    return replaces
      ? v(
          'catastrophic',
          'fs/overwrite-system',
          `replaces ${path}: the machine may not boot or accept logins`,
          'destroy',
        )
      : v('low', 'fs/edit-system', `changes ${path}`);
  }
  if (kind === 'live-data') {
    return replaces || mode === 'edit'
      ? v(
          'catastrophic',
          'fs/overwrite-live-data',
          `overwrites the files of a live data store (${path})`,
          'destroy',
        )
      : v(
          'high',
          'fs/overwrite-live-data',
          `writes into the files of a live data store (${path}): they may be corrupted`,
        );
  }
  if (adds || mode === 'edit')
    return v('low', 'fs/write', `${adds ? 'appends to' : 'edits'} ${path}`);
  // From here on the old content is lost.
  if (DROP_IN.test(path))
    return v('low', 'fs/write-config', `writes the drop-in configuration ${path}`);
  if (kind === 'root' || kind === 'system-top' || kind === 'system') {
    return v('high', 'fs/overwrite-system', `replaces the system file ${path}`);
  }
  if (isShellRc(path))
    return v(
      'high',
      'fs/overwrite-rc',
      `replaces the shell start-up file ${path} and its settings`,
    );
  if (
    (kind === 'home-precious' || kind === 'outside' || kind === 'home-other') &&
    isSecretFile(path)
  ) {
    return v(
      'high',
      'fs/overwrite-secret',
      `replaces the credentials in ${path}: they cannot be recovered`,
    );
  }
  if (kind === 'logs') return v('high', 'fs/truncate-log', `erases the log ${path}`);
  if (kind === 'project-data' && STATE_FILE.test(path))
    return v('high', 'fs/overwrite-data', `replaces the database or state file ${path}`);
  if (kind === 'dynamic-root')
    return v(
      'high',
      'fs/write-dynamic',
      `writes to ${t.text}, which may name a system file when the variable is empty`,
    );
  if (mode === 'truncate') {
    const keep: readonly string[] = [
      'artifact',
      'scratch',
      'scratch-root',
      'project',
      'project-root',
      'system-cache',
      'home-cache',
      'system-user',
      'dynamic',
    ];
    if (!keep.includes(kind))
      return v('high', 'fs/truncate', `empties ${path}, whose contents are not regenerable`);
  }
  if (
    kind === 'artifact' ||
    kind === 'scratch' ||
    kind === 'home-cache' ||
    kind === 'system-cache'
  ) {
    return v('none', 'fs/write-scratch', `writes the scratch or regenerable file ${path}`);
  }
  return v('low', 'fs/write', `writes ${path}`);
}
