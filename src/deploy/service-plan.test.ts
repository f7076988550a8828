import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  applyPlan,
  planInstall,
  planUninstall,
  stepLine,
  type PlanFs,
  type RunResult,
} from './service-plan.js';
import type { UnitOptions } from './systemd-unit.js';

const unit: UnitOptions = {
  user: 'portcullis',
  dataDir: '/var/lib/portcullis',
  config: '/etc/portcullis/gate.yaml',
  port: 7421,
  nodePath: '/usr/bin/node',
  cliPath: '/usr/lib/node_modules/portcullis/dist/portcullis.mjs',
  protectHome: 'read-only',
};

/** An in-memory disk, so live runs in tests never touch /etc. */
function memoryFs(existing: Record<string, string> = {}) {
  const files = new Map<string, { content: string; mode: number }>(
    Object.entries(existing).map(([p, c]) => [p, { content: c, mode: 0o600 }]),
  );
  const fs: PlanFs = {
    exists: (p) => files.has(p),
    write: (p, content, mode) => void files.set(p, { content, mode }),
    remove: (p) => void files.delete(p),
  };
  return { fs, files };
}

/** A runner that records argv and answers from a table (default exit 0). */
function recorder(answers: Record<string, RunResult> = {}) {
  const ran: string[] = [];
  return {
    ran,
    run: (argv: readonly string[]): RunResult => {
      const line = argv.join(' ');
      ran.push(line);
      return answers[line] ?? { code: 0, stderr: '' };
    },
  };
}

let tmp: string | undefined;
afterEach(() => {
  if (tmp !== undefined) rmSync(tmp, { recursive: true, force: true });
  tmp = undefined;
});

describe('planInstall', () => {
  it('pins every step, in order', () => {
    expect(planInstall(unit).steps.map(stepLine)).toEqual([
      'id -u portcullis >/dev/null 2>&1 || useradd --system --user-group --home-dir /var/lib/portcullis --no-create-home --shell /usr/sbin/nologin portcullis',
      'install -d -m 0700 -o portcullis -g portcullis /var/lib/portcullis',
      '# write /etc/portcullis/gate.yaml (mode 0640, only if missing)',
      'chown root:portcullis /etc/portcullis/gate.yaml',
      'chmod 0640 /etc/portcullis/gate.yaml',
      '# write /etc/systemd/system/portcullis.service (mode 0644)',
      'systemctl daemon-reload',
      'systemctl enable --now portcullis',
    ]);
  });

  it('refuses bad options before planning anything', () => {
    expect(() => planInstall({ ...unit, user: 'root' })).toThrow(/root/);
  });

  it('tells hooks where the gate is when the port moves', () => {
    expect(planInstall({ ...unit, port: 8421 }).notes.at(-1)).toBe(
      'Hooks look for the gate at 127.0.0.1:7421; set PORTCULLIS_GATE=http://127.0.0.1:8421 for agents.',
    );
  });
});

describe('applyPlan', () => {
  it('dry-run prints the commands and the files, and writes nothing', () => {
    const { fs, files } = memoryFs();
    const r = applyPlan(planInstall(unit), { kind: 'dry-run' }, fs);
    expect(r.ok).toBe(true);
    expect(files.size).toBe(0);
    expect(r.lines).toContain('    User=portcullis');
    expect(r.lines).toContain('systemctl enable --now portcullis');
  });

  it('root-dir writes the files under DIR with their modes, keeps an existing config, runs nothing', () => {
    tmp = mkdtempSync(join(tmpdir(), 'portcullis-deploy-'));
    const config = join(tmp, 'etc/portcullis/gate.yaml');
    mkdirSync(dirname(config), { recursive: true });
    writeFileSync(config, 'listen: {port: 7421}\n');
    const disk: PlanFs = {
      exists: (p) => {
        try {
          statSync(p);
          return true;
        } catch {
          return false;
        }
      },
      write: (p, content, mode) => {
        mkdirSync(dirname(p), { recursive: true });
        writeFileSync(p, content, { mode });
      },
      remove: (p) => {
        rmSync(p, { force: true });
      },
    };
    const r = applyPlan(planInstall(unit), { kind: 'root-dir', root: tmp }, disk);
    const unitFile = join(tmp, 'etc/systemd/system/portcullis.service');
    expect(r.ok).toBe(true);
    expect(readFileSync(config, 'utf8')).toBe('listen: {port: 7421}\n');
    expect(readFileSync(unitFile, 'utf8')).toMatch(/^User=portcullis$/m);
    expect(statSync(unitFile).mode & 0o777).toBe(0o644);
    expect(r.lines).toEqual([
      'run: id -u portcullis >/dev/null 2>&1 || useradd --system --user-group --home-dir /var/lib/portcullis --no-create-home --shell /usr/sbin/nologin portcullis',
      'run: install -d -m 0700 -o portcullis -g portcullis /var/lib/portcullis',
      `kept ${config}`,
      'run: chown root:portcullis /etc/portcullis/gate.yaml',
      'run: chmod 0640 /etc/portcullis/gate.yaml',
      `wrote ${unitFile}`,
      'run: systemctl daemon-reload',
      'run: systemctl enable --now portcullis',
    ]);
  });

  it('live: skips useradd when the user exists, writes the config 0640 and the unit, then starts it', () => {
    const { fs, files } = memoryFs();
    const runner = recorder();
    const r = applyPlan(planInstall(unit), { kind: 'live', run: runner.run }, fs);
    expect(r.ok).toBe(true);
    expect(runner.ran).toEqual([
      'id -u portcullis',
      'install -d -m 0700 -o portcullis -g portcullis /var/lib/portcullis',
      'chown root:portcullis /etc/portcullis/gate.yaml',
      'chmod 0640 /etc/portcullis/gate.yaml',
      'systemctl daemon-reload',
      'systemctl enable --now portcullis',
    ]);
    expect(files.get('/etc/portcullis/gate.yaml')?.mode).toBe(0o640);
    expect(files.get('/etc/systemd/system/portcullis.service')?.mode).toBe(0o644);
  });

  it('live: creates the user when `id` fails, and stops at the first failed command', () => {
    const { fs, files } = memoryFs();
    const runner = recorder({
      'id -u portcullis': { code: 1, stderr: 'no such user' },
      'systemctl daemon-reload': { code: 1, stderr: 'System has not been booted with systemd' },
    });
    const r = applyPlan(planInstall(unit), { kind: 'live', run: runner.run }, fs);
    expect(r.ok).toBe(false);
    expect(runner.ran[1]).toMatch(/^useradd --system/);
    expect(runner.ran.at(-1)).toBe('systemctl daemon-reload');
    expect(r.lines.slice(-2)).toEqual([
      'failed (exit 1): systemctl daemon-reload',
      '  System has not been booted with systemd',
    ]);
    expect(files.has('/etc/systemd/system/portcullis.service')).toBe(true);
  });

  it('live: refuses a plan with problems and runs nothing', () => {
    const { fs, files } = memoryFs();
    const runner = recorder();
    const r = applyPlan(
      planInstall(unit, ['the "portcullis" user cannot run node']),
      { kind: 'live', run: runner.run },
      fs,
    );
    expect([r.ok, runner.ran, files.size, r.lines]).toEqual([
      false,
      [],
      0,
      ['refusing: the "portcullis" user cannot run node'],
    ]);
  });

  it('uninstall: disable may fail (not running), the unit goes, the data stays', () => {
    const { fs, files } = memoryFs({ '/etc/systemd/system/portcullis.service': 'x' });
    const runner = recorder({
      'systemctl disable --now portcullis': { code: 5, stderr: 'not loaded' },
    });
    const plan = planUninstall(unit);
    const r = applyPlan(plan, { kind: 'live', run: runner.run }, fs);
    expect([r.ok, runner.ran, files.size]).toEqual([
      true,
      ['systemctl disable --now portcullis', 'systemctl daemon-reload'],
      0,
    ]);
    expect(plan.notes[0]).toBe(
      'Kept: /var/lib/portcullis (store, vault key, audit) and the user "portcullis".',
    );
  });
});
