import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  chmodSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunResult } from '../deploy/service-plan.js';
import { registerDeployCommands } from './service.js';

// `portcullis service install | uninstall` in-process. Only --dry-run and --root (a scratch directory) are
// driven here; the live path is refused without root, and its runner is a recorder that must stay empty.
let tmp: string | undefined;
afterEach(() => {
  if (tmp !== undefined) rmSync(tmp, { recursive: true, force: true });
  tmp = undefined;
});

const PATHS = {
  nodePath: '/usr/bin/node',
  cliPath: '/usr/lib/node_modules/portcullis/dist/portcullis.mjs',
};

async function run(
  argv: string[],
  o: { root?: boolean; paths?: { nodePath: string; cliPath: string } } = {},
): Promise<{ code: number; out: string; err: string; ran: string[] }> {
  let code = -1;
  let out = '';
  let err = '';
  const ran: string[] = [];
  const program = new Command().exitOverride();
  registerDeployCommands(program, {
    setExitCode: (c) => {
      code = c;
    },
    out: (s) => {
      out += s;
    },
    err: (s) => {
      err += s;
    },
    isRoot: () => o.root ?? false,
    runner: (a): RunResult => {
      ran.push(a.join(' '));
      return { code: 0, stderr: '' };
    },
    paths: () => Promise.resolve(o.paths ?? PATHS),
    // A live run must never reach the real /etc from a test.
    ...(o.root === true
      ? {
          fs: () =>
            Promise.resolve({
              exists: () => false,
              write: (p: string) => {
                throw new Error(`test tried to write ${p}`);
              },
              remove: (p: string) => {
                throw new Error(`test tried to remove ${p}`);
              },
            }),
        }
      : {}),
  });
  await program.parseAsync(argv, { from: 'user' });
  return { code, out, err, ran };
}

describe('portcullis service install', () => {
  it('--dry-run prints the unit and the commands, writes and runs nothing', async () => {
    const r = await run(['service', 'install', '--dry-run']);
    expect([r.code, r.err, r.ran]).toEqual([0, '', []]);
    expect(r.out).toContain(
      '    ExecStart=/usr/bin/node /usr/lib/node_modules/portcullis/dist/portcullis.mjs serve --data-dir /var/lib/portcullis --config /etc/portcullis/gate.yaml\n',
    );
    expect(r.out).toContain('systemctl enable --now portcullis\n');
    expect(r.out).toContain("sudo journalctl -u portcullis | grep -A3 'First start'");
  });

  it('--root DIR stages the unit and a 0640 config, and prints the commands', async () => {
    tmp = mkdtempSync(join(tmpdir(), 'portcullis-service-'));
    const r = await run(['service', 'install', '--root', tmp, '--user', 'gate', '--port', '8421']);
    expect([r.code, r.ran]).toEqual([0, []]);
    const unit = readFileSync(join(tmp, 'etc/systemd/system/portcullis.service'), 'utf8');
    expect(unit).toMatch(/^User=gate$/m);
    expect(unit).toMatch(/ --port 8421$/m);
    const config = join(tmp, 'etc/portcullis/gate.yaml');
    expect(readFileSync(config, 'utf8')).toContain('  port: 8421\n');
    expect(statSync(config).mode & 0o777).toBe(0o640);
    expect(r.out).toContain('run: chown root:gate /etc/portcullis/gate.yaml\n');
    expect(r.out).toContain('set PORTCULLIS_GATE=http://127.0.0.1:8421');
  });

  it('without root, --dry-run or --root: refuses, runs nothing', async () => {
    const r = await run(['service', 'install']);
    expect([r.code, r.ran, r.out]).toEqual([1, [], '']);
    expect(r.err).toMatch(/needs root \(sudo portcullis service install\)/);
  });

  const bad: [string, string[], RegExp][] = [
    ['a port that is not a number', ['--port', '80a'], /--port/],
    ['root as the service user', ['--user', 'root'], /other than root/],
    ['a relative data dir', ['--data-dir', 'data'], /--data-dir/],
    ['an unknown --protect-home', ['--protect-home', 'yes'], /--protect-home/],
  ];
  it.each(bad)('%s: exit 2 before anything happens', async (_name, flags, message) => {
    const r = await run(['service', 'install', '--dry-run', ...flags]);
    expect([r.code, r.out, r.ran]).toEqual([2, '', []]);
    expect(r.err).toMatch(message);
  });

  it('warns (dry-run) and refuses (live) when the service user could not read the CLI', async () => {
    tmp = mkdtempSync(join(tmpdir(), 'portcullis-service-'));
    chmodSync(tmp, 0o755);
    const closed = join(tmp, 'closed');
    mkdirSync(closed);
    writeFileSync(join(closed, 'portcullis.mjs'), '');
    chmodSync(closed, 0o700);
    const paths = { nodePath: PATHS.nodePath, cliPath: join(closed, 'portcullis.mjs') };
    const dry = await run(['service', 'install', '--dry-run'], { paths });
    expect(dry.out).toContain(`(blocked at ${closed})`);
    expect(dry.out.split('\n')[0]).toMatch(
      /^warning: the "portcullis" user cannot read the Portcullis CLI/,
    );
    const live = await run(['service', 'install'], { paths, root: true });
    expect([live.code, live.ran]).toEqual([1, []]);
    expect(live.err).toMatch(/^refusing: the "portcullis" user cannot read/);
  });
});

describe('portcullis service uninstall', () => {
  it('--dry-run: disable, remove the unit, reload; the data stays', async () => {
    const r = await run(['service', 'uninstall', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.out.split('\n').slice(0, 3)).toEqual([
      'systemctl disable --now portcullis || true',
      'rm -f /etc/systemd/system/portcullis.service',
      'systemctl daemon-reload',
    ]);
    expect(r.out).toContain('Kept: /var/lib/portcullis');
  });

  it('--root DIR removes the staged unit only', async () => {
    tmp = mkdtempSync(join(tmpdir(), 'portcullis-service-'));
    await run(['service', 'install', '--root', tmp]);
    const r = await run(['service', 'uninstall', '--root', tmp]);
    expect(r.code).toBe(0);
    expect(() => statSync(join(tmp ?? '', 'etc/systemd/system/portcullis.service'))).toThrow();
    expect(statSync(join(tmp, 'etc/portcullis/gate.yaml')).isFile()).toBe(true);
  });
});
