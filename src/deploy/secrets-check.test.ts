import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { realStat, type StatFn, type StatLike } from './reach.js';
import {
  checkGateSecrets,
  dataDirsToCheck,
  renderSecretsCheck,
  SECRETS_FIX,
} from './secrets-check.js';

// Real files and real chmod in a scratch directory. Ownership is the one thing a test cannot set without root,
// so the stat keeps the real mode bits and reports everything under the scratch directory as owned by `owner`.
const GATE = 990;
const AGENT = 1000;
let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'portcullis-secrets-'));
  chmodSync(tmp, 0o755);
});
afterEach(() => {
  rmSync(tmp, { recursive: true, force: true });
});

function ownedBy(owner: number): StatFn {
  return (p) => {
    const st = realStat(p);
    if (typeof st === 'string' || !p.startsWith(tmp)) return st;
    const faked: StatLike = {
      uid: owner,
      gid: owner,
      mode: st.mode,
      isDirectory: () => st.isDirectory(),
    };
    return faked;
  };
}

/** A data directory with a store and a vault key, at the given modes. */
function dataDir(name: string, dirMode: number, fileMode: number): string {
  const dir = join(tmp, name);
  mkdirSync(dir);
  for (const f of ['portcullis.db', 'vault.key']) {
    writeFileSync(join(dir, f), 'x');
    chmodSync(join(dir, f), fileMode);
  }
  chmodSync(dir, dirMode);
  return dir;
}

const agent = { uid: AGENT, gids: [AGENT] };

describe('gate secrets are private', () => {
  it('warns when the gate runs as the agent: it owns (and reads) the store and the key', () => {
    const dir = dataDir('data', 0o700, 0o600);
    const check = checkGateSecrets([dir], agent, ownedBy(AGENT));
    expect([check.status, check.fix, check.findings]).toEqual([
      'warn',
      SECRETS_FIX,
      [
        `${dir}/portcullis.db is readable by you (the gate runs as you)`,
        `${dir}/vault.key is readable by you (the gate runs as you)`,
        `${dir} (mode 0700) can be listed by you`,
      ],
    ]);
  });

  it('warns when the gate has its own user but left the files world-readable in an open directory', () => {
    const dir = dataDir('data', 0o755, 0o644);
    const check = checkGateSecrets([dir], agent, ownedBy(GATE));
    expect([check.status, check.findings]).toEqual([
      'warn',
      [
        `${dir}/portcullis.db is readable by you (mode 0644)`,
        `${dir}/vault.key is readable by you (mode 0644)`,
        `${dir} (mode 0755) can be listed by you`,
      ],
    ]);
  });

  it('is ok when the directory is 0700 and belongs to the gate, whatever the file modes', () => {
    const dir = dataDir('data', 0o700, 0o644);
    const check = checkGateSecrets([dir], agent, ownedBy(GATE));
    expect([check.status, check.detail]).toEqual(['ok', `not readable by this user: ${dir}`]);
  });

  it('is ok when the directory can be searched but not listed and the files are 0600', () => {
    const dir = dataDir('data', 0o711, 0o600);
    const check = checkGateSecrets([dir], agent, ownedBy(GATE));
    expect(check.status).toBe('ok');
  });

  it('ignores a user data dir that holds only install manifests, and missing directories', () => {
    const dir = join(tmp, 'manifests');
    mkdirSync(dir);
    writeFileSync(join(dir, 'install.json'), '{}');
    const check = checkGateSecrets([dir, join(tmp, 'nope')], agent, ownedBy(AGENT));
    expect(check.status).toBe('info');
  });

  it('a data dir under a closed directory (stat denied) counts as private', () => {
    const stat: StatFn = (p) => (p === '/var/lib/portcullis' ? 'denied' : 'missing');
    expect(checkGateSecrets(['/var/lib/portcullis'], agent, stat).status).toBe('ok');
  });

  it('as root, judges what other users can read and says so', () => {
    const open = dataDir('open', 0o755, 0o644);
    const closed = dataDir('closed', 0o700, 0o600);
    const root = { uid: 0, gids: [0] };
    const check = checkGateSecrets([open, closed], root, ownedBy(GATE));
    expect(check.status).toBe('warn');
    expect(check.findings).toEqual([
      `${open}/portcullis.db is readable by other users (mode 0644)`,
      `${open}/vault.key is readable by other users (mode 0644)`,
      `${open} (mode 0755) can be listed by other users`,
    ]);
    expect(check.detail).toMatch(/doctor runs as root/);
    expect(checkGateSecrets([closed], root, ownedBy(GATE)).status).toBe('ok');
  });

  it('renders a warning with its fix', () => {
    const dir = dataDir('data', 0o700, 0o600);
    const text = renderSecretsCheck(checkGateSecrets([dir], agent, ownedBy(AGENT)), false);
    expect(text.split('\n')[0]).toBe('Gate secrets');
    expect(text).toContain(`      fix: ${SECRETS_FIX}\n`);
  });
});

describe('dataDirsToCheck', () => {
  const cases: [string, Record<string, string>, string | undefined, string[]][] = [
    ['defaults', {}, undefined, ['/home/a/.local/share/portcullis', '/var/lib/portcullis']],
    [
      'XDG_DATA_HOME and --data-dir',
      { XDG_DATA_HOME: '/data' },
      '/srv/gate',
      ['/srv/gate', '/data/portcullis', '/var/lib/portcullis'],
    ],
    [
      'no duplicates',
      {},
      '/var/lib/portcullis',
      ['/var/lib/portcullis', '/home/a/.local/share/portcullis'],
    ],
  ];
  it.each(cases)('%s', (_name, env, extra, expected) => {
    expect(dataDirsToCheck('/home/a', env, extra)).toEqual(expected);
  });
});
