/**
 * The systemd unit that runs the gate as its own system user. The point is the file boundary: the vault key, the
 * SQLite store (which also holds the token and audit signing keys) and the config live where only that user can
 * read them, so an agent running as its operator's user can reach the gate over loopback HTTP and nothing else.
 * The hardening directives are chosen to fit a Node daemon that also starts brokered commands (kubectl, ssh,
 * psql, docker): whatever the unit forbids, an approved command cannot do either.
 */
import { isAbsolute, normalize } from 'node:path';

/** Where the unit file goes on a real system. */
export const UNIT_PATH = '/etc/systemd/system/portcullis.service';
/** The unit's name for systemctl. */
export const UNIT_NAME = 'portcullis';

/** The defaults of `portcullis service install`. */
export const SERVICE_DEFAULTS = {
  user: 'portcullis',
  dataDir: '/var/lib/portcullis',
  config: '/etc/portcullis/gate.yaml',
  port: 7421,
} as const;

/** Everything the unit depends on; validated by `checkUnitOptions`. */
export interface UnitOptions {
  /** The system user (and group) the gate runs as. */
  user: string;
  /** Absolute data directory: portcullis.db, vault.key. */
  dataDir: string;
  /** Absolute path of gate.yaml. */
  config: string;
  /** Loopback port; hooks expect 7421 unless PORTCULLIS_GATE says otherwise. */
  port: number;
  /** Absolute path of the node binary. */
  nodePath: string;
  /** Absolute path of dist/portcullis.mjs. */
  cliPath: string;
  /**
   * `read-only` (default): the gate may read project policies and run brokered commands in the agent's working
   * directory when file permissions let its user in; `true`: homes are invisible to the gate and its commands.
   */
  protectHome: 'true' | 'read-only';
}

const USER_NAME = /^[a-z_][a-z0-9_-]{0,31}$/;

/** Throws a readable error when an option would make a broken or unsafe unit (fail closed, before any write). */
export function checkUnitOptions(o: UnitOptions): void {
  if (!USER_NAME.test(o.user) || o.user === 'root')
    throw new Error(`--user must be a system user name other than root, not "${o.user}"`);
  for (const [flag, path] of [
    ['--data-dir', o.dataDir],
    ['--config', o.config],
    ['node', o.nodePath],
    ['the CLI', o.cliPath],
  ] as const) {
    if (!isAbsolute(path) || normalize(path) !== path || /[\n\r\0]/.test(path) || path === '/')
      throw new Error(`${flag} must be an absolute, normalised path, not "${path}"`);
  }
  if (/^\/(home|root|run\/user)(\/|$)/.test(o.dataDir))
    throw new Error(`--data-dir ${o.dataDir} is under a home directory; use /var/lib/portcullis`);
  if (!Number.isInteger(o.port) || o.port < 1 || o.port > 65_535)
    throw new Error(`--port must be a port number from 1 to 65535, not "${String(o.port)}"`);
}

/**
 * One ExecStart word. systemd splits on spaces, honours double quotes and backslashes, and expands `%` specifiers
 * and `$VAR`: a path that contains any of them is quoted and escaped so it reaches the gate as written.
 */
export function systemdWord(word: string): string {
  if (/^[A-Za-z0-9_@+=:,./-]+$/.test(word)) return word;
  const escaped = word
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/%/g, '%%')
    .replace(/\$/g, '$$$$');
  return `"${escaped}"`;
}

/** `/var/lib/portcullis` → `portcullis` (StateDirectory takes a path relative to /var/lib). */
function stateDirectoryOf(dataDir: string): string | undefined {
  const m = /^\/var\/lib\/(.+)$/.exec(dataDir);
  return m?.[1];
}

/** The unit file text for `o` (call `checkUnitOptions` first). Stable: tests pin it. */
export function renderUnit(o: UnitOptions): string {
  const exec = [o.nodePath, o.cliPath, 'serve', '--data-dir', o.dataDir, '--config', o.config];
  if (o.port !== SERVICE_DEFAULTS.port) exec.push('--port', String(o.port));
  const state = stateDirectoryOf(o.dataDir);
  const lines = [
    "# Written by `portcullis service install`. The gate runs as its own user so that the agent's user can",
    '# read neither the vault key, the store (with the signing keys) nor the config. Hooks reach it over',
    `# loopback at http://127.0.0.1:${String(o.port)}.`,
    '[Unit]',
    'Description=Portcullis gate (approvals, broker, vault, audit)',
    'After=network-online.target',
    'Wants=network-online.target',
    '',
    '[Service]',
    'Type=simple',
    `User=${o.user}`,
    `Group=${o.user}`,
    `ExecStart=${exec.map(systemdWord).join(' ')}`,
    'Restart=on-failure',
    'RestartSec=2s',
    `WorkingDirectory=${systemdWord(o.dataDir)}`,
    `Environment=HOME=${systemdWord(o.dataDir)}`,
    'Environment=NODE_ENV=production',
    ...(state !== undefined ? [`StateDirectory=${state}`, 'StateDirectoryMode=0700'] : []),
    'ConfigurationDirectory=portcullis',
    'ConfigurationDirectoryMode=0755',
    'UMask=0077',
    `ReadWritePaths=${systemdWord(o.dataDir)}`,
    '# Hardening. Not MemoryDenyWriteExecute (V8 needs W+X pages) and no SystemCallFilter (brokered',
    '# commands such as kubectl or docker are run under the same filter and would fail in odd ways).',
    'NoNewPrivileges=true',
    'ProtectSystem=strict',
    `ProtectHome=${o.protectHome}`,
    'PrivateTmp=true',
    'PrivateDevices=true',
    'ProtectKernelTunables=true',
    'ProtectKernelModules=true',
    'ProtectKernelLogs=true',
    'ProtectControlGroups=true',
    'ProtectClock=true',
    'ProtectHostname=true',
    'ProtectProc=invisible',
    'RestrictNamespaces=true',
    'RestrictRealtime=true',
    'RestrictSUIDSGID=true',
    'RemoveIPC=true',
    'LockPersonality=true',
    'CapabilityBoundingSet=',
    'AmbientCapabilities=',
    'RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6',
    'SystemCallArchitectures=native',
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ];
  return lines.join('\n');
}

/**
 * A minimal gate.yaml for a fresh service: loopback on the hooks' port. Written only when no config exists, so
 * an operator's file is never replaced.
 */
export function defaultGateConfig(port: number): string {
  return [
    "# The gate config (docs/deploy.md). Readable by root and the gate's group only: it may name",
    '# notification tokens. Bindings give brokered commands their credentials from the vault.',
    'listen:',
    '  host: 127.0.0.1',
    `  port: ${String(port)}`,
    '',
  ].join('\n');
}
