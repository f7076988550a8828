import { describe, expect, it } from 'vitest';
import {
  classifyPath,
  deviceKind,
  envFromPath,
  expandBraces,
  isBlockDevice,
  isSecretFile,
  isSecurityFile,
  isShellRc,
  projectOf,
  resolvePath,
  type PathKind,
} from './paths.js';

const P = '/home/dev/project';

describe('resolvePath', () => {
  it.each([
    ['src/a.ts', P, '/home/dev/project/src/a.ts'],
    ['../x', P, '/home/dev/x'],
    ['~/x', P, '~/x'],
    ['/etc//nginx/', P, '/etc/nginx/'],
  ])('%s in %s', (p, cwd, out) => {
    expect(resolvePath(p, cwd)).toBe(out);
  });
});

describe('envFromPath', () => {
  it('reads the environment from the directory, not the user name', () => {
    expect(envFromPath('/home/dev/infra/envs/prod')).toBe('prod');
    expect(envFromPath('/home/prod/project')).toBe('unknown');
  });
});

describe('classifyPath (static)', () => {
  const rows: ReadonlyArray<readonly [string, PathKind]> = [
    ['/', 'root'],
    ['/*', 'root'],
    ['/.', 'root'],
    ['/etc', 'system-top'],
    ['/usr/*', 'system-top'],
    ['/var/lib', 'system-top'],
    ['/etc/passwd', 'system-critical'],
    ['/boot/grub/grub.cfg', 'system-critical'],
    ['/etc/nginx/nginx.conf', 'system'],
    ['/usr/local/bin/tool', 'system-user'],
    ['/opt/app', 'system-user'],
    ['/var/lib/postgresql/16/main', 'live-data'],
    ['/var/lib/docker', 'live-data'],
    ['/srv/minecraft', 'live-data'],
    ['/data/es', 'live-data'],
    ['/var/log/syslog', 'logs'],
    ['/var/cache/apt', 'system-cache'],
    ['/var/backups', 'backup'],
    ['/mnt/backup/*', 'backup'],
    ['/mnt', 'mount-all'],
    ['/media/dev/usb', 'mount'],
    ['/home', 'home-all'],
    ['/home/*', 'home-all'],
    ['~', 'home'],
    ['~/', 'home'],
    ['~/*', 'home'],
    ['/home/alice', 'home'],
    ['/Users/alice/', 'home'],
    ['/root', 'home'],
    ['..', 'home'],
    ['~/.ssh', 'home-precious'],
    ['~/Documents/cv.pdf', 'home-precious'],
    ['~/.cache', 'home-cache'],
    ['~/.m2/repository', 'home-cache'],
    ['~/code/app/node_modules', 'home-cache'],
    ['~/scratch.txt', 'home-other'],
    ['/dev/sda', 'device'],
    ['/dev/nvme0n1p2', 'device'],
    ['/dev/mapper/vg0-root', 'device'],
    ['/dev/vg0/data', 'device'],
    ['/dev/null', 'device-other'],
    ['/dev/stdout', 'device-other'],
    ['/tmp', 'scratch-root'],
    ['/tmp/*', 'scratch'],
    ['/tmp/x/y', 'scratch'],
    ['/var/tmp/cache', 'scratch'],
    ['.', 'project-root'],
    ['./', 'project-root'],
    ['*', 'project-root'],
    ['.[!.]*', 'project-root'],
    ['.git', 'project-vcs'],
    ['data', 'project-data'],
    ['db.sqlite3', 'project-data'],
    ['.env', 'project-data'],
    ['node_modules', 'artifact'],
    ['packages/a/dist', 'artifact'],
    ['*.pyc', 'artifact'],
    ['logs/app.log', 'artifact'],
    ['src', 'project'],
    ['src/index.ts', 'project'],
    ['/workspace/other', 'outside'],
  ];
  it.each(rows)('%s → %s', (text, kind) => {
    expect(classifyPath(text, P).kind).toBe(kind);
  });

  it('uses the home implied by the cwd for ~', () => {
    expect(classifyPath('~/project/src', P).kind).toBe('project');
    expect(classifyPath('~/project/src', P).path).toBe('/home/dev/project/src');
  });
  it('has no project when the cwd is a home, the root or a system directory', () => {
    expect(projectOf('/home/dev')).toBeUndefined();
    expect(projectOf('/')).toBeUndefined();
    expect(projectOf('/etc/nginx')).toBeUndefined();
    expect(projectOf(P)).toBe(P);
    expect(classifyPath('*', '/').kind).toBe('root');
    expect(classifyPath('*', '/home/dev').kind).toBe('home');
    expect(classifyPath('nginx', '/etc').kind).toBe('system');
  });
  it('marks specific globs', () => {
    expect(classifyPath('src/*.ts', P).glob).toBe(true);
    expect(classifyPath('src/a.ts', P).glob).toBe(false);
  });
});

describe('classifyPath (dynamic)', () => {
  const rows: ReadonlyArray<readonly [string, PathKind]> = [
    ['$DIR/*', 'dynamic-root'],
    ['$DIR/', 'dynamic-root'],
    ['${DIR}/etc', 'dynamic-root'],
    ['/var/lib/$APP', 'dynamic-root'],
    ['/home/$NAME', 'dynamic-root'],
    ['$DIR', 'dynamic'],
    ['${DIR:?}/*', 'dynamic'],
    ['$DIR/src', 'dynamic'],
    ['$DIR/node_modules', 'artifact'],
    ['$BUILD/*.pyc', 'artifact'],
    ['/tmp/$USER', 'scratch'],
    ['/home/$USER', 'home'],
    ['$TMPDIR/x', 'scratch'],
    ['$(mktemp -d)', 'scratch'],
    ['$(pwd)', 'project-root'],
    ['${ROOT:-/srv/app}/data', 'live-data'],
    ['$(ls -d backups/*)', 'project-data'],
    ['$(find /var/lib/mysql -name "*.ibd")', 'live-data'],
    ['$(docker ps -q)', 'dynamic'],
    ['/dev/$DISK', 'device'],
  ];
  it.each(rows)('%s → %s', (text, kind) => {
    expect(classifyPath(text, P, true).kind).toBe(kind);
  });
});

describe('devices', () => {
  it.each([
    ['/dev/sda', 'disk'],
    ['/dev/sda1', 'partition'],
    ['/dev/nvme0n1', 'disk'],
    ['/dev/nvme0n1p3', 'partition'],
    ['/dev/mmcblk0p1', 'partition'],
    ['/dev/xvdf', 'disk'],
    ['/dev/disk2', 'disk'],
    ['/dev/md0', 'volume'],
    ['/dev/mapper/cryptroot', 'volume'],
    ['/dev/disk/by-uuid/1234', 'volume'],
    ['/dev/loop0', 'loop'],
    ['/dev/null', 'other'],
  ] as const)('%s is a %s', (path, kind) => {
    expect(deviceKind(path)).toBe(kind);
  });
  it('knows pseudo devices are not block devices', () => {
    for (const p of [
      '/dev/null',
      '/dev/zero',
      '/dev/urandom',
      '/dev/tty',
      '/dev/stderr',
      '/dev/shm/x',
      '/dev/fd/3',
    ]) {
      expect(isBlockDevice(p)).toBe(false);
    }
  });
});

describe('file roles', () => {
  it('recognises secrets', () => {
    for (const p of [
      '/home/dev/.ssh/id_rsa',
      'deploy.pem',
      '.env',
      '.env.local',
      '/home/dev/.aws/credentials',
      'kubeconfig',
    ]) {
      expect(isSecretFile(p)).toBe(true);
    }
    for (const p of [
      '/home/dev/.ssh/id_rsa.pub',
      '.env.example',
      '/home/dev/.ssh/known_hosts',
      'src/key.ts',
    ]) {
      expect(isSecretFile(p)).toBe(false);
    }
  });
  it('recognises access-control files', () => {
    for (const p of [
      '/root/.ssh/authorized_keys',
      '/etc/sudoers.d/x',
      '/etc/crontab',
      '/etc/ssh/sshd_config',
      '/etc/shadow',
    ]) {
      expect(isSecurityFile(p)).toBe(true);
    }
    expect(isSecurityFile('/etc/hosts')).toBe(false);
  });
  it('recognises shell start-up files', () => {
    expect(isShellRc('/home/dev/.bashrc')).toBe(true);
    expect(isShellRc('~/.config/fish/config.fish')).toBe(true);
    expect(isShellRc('/home/dev/project/.bashrc')).toBe(false);
  });
  it('expands braces', () => {
    expect(expandBraces('{src,lib}/x')).toEqual(['src/x', 'lib/x']);
    expect(expandBraces('a{1,2}b{x,y}')).toEqual(['a1bx', 'a1by', 'a2bx', 'a2by']);
    expect(expandBraces('plain')).toEqual(['plain']);
  });
});
