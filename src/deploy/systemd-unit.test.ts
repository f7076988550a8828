import { describe, expect, it } from 'vitest';
import { checkUnitOptions, renderUnit, systemdWord, type UnitOptions } from './systemd-unit.js';

const base: UnitOptions = {
  user: 'portcullis',
  dataDir: '/var/lib/portcullis',
  config: '/etc/portcullis/gate.yaml',
  port: 7421,
  nodePath: '/usr/bin/node',
  cliPath: '/usr/lib/node_modules/portcullis/dist/portcullis.mjs',
  protectHome: 'read-only',
};

const directives = (text: string): string[] =>
  text.split('\n').filter((l) => /^[A-Za-z]+=/.test(l));

describe('renderUnit', () => {
  it('pins the service section of the default unit', () => {
    expect(directives(renderUnit(base))).toEqual([
      'Description=Portcullis gate (approvals, broker, vault, audit)',
      'After=network-online.target',
      'Wants=network-online.target',
      'Type=simple',
      'User=portcullis',
      'Group=portcullis',
      'ExecStart=/usr/bin/node /usr/lib/node_modules/portcullis/dist/portcullis.mjs serve --data-dir /var/lib/portcullis --config /etc/portcullis/gate.yaml',
      'Restart=on-failure',
      'RestartSec=2s',
      'WorkingDirectory=/var/lib/portcullis',
      'Environment=HOME=/var/lib/portcullis',
      'Environment=NODE_ENV=production',
      'StateDirectory=portcullis',
      'StateDirectoryMode=0700',
      'ConfigurationDirectory=portcullis',
      'ConfigurationDirectoryMode=0755',
      'UMask=0077',
      'ReadWritePaths=/var/lib/portcullis',
      'NoNewPrivileges=true',
      'ProtectSystem=strict',
      'ProtectHome=read-only',
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
      'WantedBy=multi-user.target',
    ]);
    // V8 needs writable+executable pages: this directive would crash the gate at start.
    expect(renderUnit(base)).not.toMatch(/^MemoryDenyWriteExecute/m);
  });

  it('a data dir outside /var/lib: no StateDirectory, still the only writable path; a port other than 7421', () => {
    const lines = directives(
      renderUnit({ ...base, dataDir: '/srv/gate', port: 8421, user: 'gate', protectHome: 'true' }),
    );
    expect(lines.filter((l) => /^(State|ReadWrite|User|ProtectHome|ExecStart)/.test(l))).toEqual([
      'User=gate',
      'ExecStart=/usr/bin/node /usr/lib/node_modules/portcullis/dist/portcullis.mjs serve --data-dir /srv/gate --config /etc/portcullis/gate.yaml --port 8421',
      'ReadWritePaths=/srv/gate',
      'ProtectHome=true',
    ]);
  });
});

describe('systemdWord', () => {
  const cases: [string, string][] = [
    ['/usr/bin/node', '/usr/bin/node'],
    ['/opt/my apps/node', '"/opt/my apps/node"'],
    ['/opt/100%/node', '"/opt/100%%/node"'],
    ['/opt/$HOME/node', '"/opt/$$HOME/node"'],
    ['/opt/a"b\\c', '"/opt/a\\"b\\\\c"'],
  ];
  it.each(cases)('%s → %s', (word, quoted) => {
    expect(systemdWord(word)).toBe(quoted);
  });
});

describe('checkUnitOptions refuses a unit that would be broken or unsafe', () => {
  const bad: [string, Partial<UnitOptions>, RegExp][] = [
    ['root as the user', { user: 'root' }, /other than root/],
    ['a user name with a space', { user: 'a b' }, /--user/],
    ['a relative data dir', { dataDir: 'data' }, /--data-dir/],
    ['a data dir with ..', { dataDir: '/var/lib/../tmp' }, /--data-dir/],
    ['a data dir under /home', { dataDir: '/home/me/gate' }, /home directory/],
    ['the root directory', { dataDir: '/' }, /--data-dir/],
    ['a newline in the config path', { config: '/etc/x\nExecStartPre=/bin/sh' }, /--config/],
    ['port 0', { port: 0 }, /--port/],
    ['port 70000', { port: 70_000 }, /--port/],
    ['a relative CLI', { cliPath: 'dist/portcullis.mjs' }, /the CLI/],
  ];
  it.each(bad)('%s', (_name, patch, message) => {
    expect(() => {
      checkUnitOptions({ ...base, ...patch });
    }).toThrow(message);
  });

  it('accepts the defaults', () => {
    expect(() => {
      checkUnitOptions(base);
    }).not.toThrow();
  });
});
