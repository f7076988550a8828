import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DoctorReport } from '../integrations/install/doctor.js';
import { renderDoctor } from './doctor.js';

// `portcullis install`, `doctor` and `uninstall` through the bundled CLI (`npm test` builds first), with HOME
// pointed at a temporary directory and nothing of the real environment passed on.
const cli = new URL('../../dist/portcullis.mjs', import.meta.url).pathname;
let root: string | undefined;
afterEach(() => {
  if (root !== undefined) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

function portcullis(dir: string, ...args: string[]) {
  const home = join(dir, 'home');
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd: join(dir, 'project'),
    env: { PATH: process.env.PATH, HOME: home },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('portcullis install / doctor / uninstall', () => {
  it('installs with absolute paths, proves the hook, and uninstalls to an empty home', () => {
    const dir = (root = mkdtempSync(join(tmpdir(), 'portcullis-cli-')));
    mkdirSync(join(dir, 'home'));
    mkdirSync(join(dir, 'project'));
    const install = portcullis(dir, 'install', 'kiro');
    expect(install.code).toBe(0);
    expect(install.stdout).toContain(`created ${join(dir, 'home/.kiro/agents/portcullis.json')}`);
    expect(install.stdout).toContain(`Hook command: ${process.execPath} ${cli} hook <agent>`);
    const doctor = portcullis(dir, 'doctor', '--json');
    const report = JSON.parse(doctor.stdout) as DoctorReport;
    expect([doctor.code, report.ok, report.hooks.map((h) => h.agent)]).toEqual([0, true, ['kiro']]);
    const uninstall = portcullis(dir, 'uninstall', 'kiro');
    expect(uninstall.code).toBe(0);
    expect(uninstall.stdout).toContain('deleted (Portcullis created it)');
    // Only Portcullis' own state remains.
    expect(readdirSync(join(dir, 'home'))).toEqual(['.local']);
    expect(portcullis(dir, 'doctor').code).toBe(1);
  }, 60_000);

  it('rejects an unknown agent or scope as a usage error, and a missing scope as an error', () => {
    const dir = (root = mkdtempSync(join(tmpdir(), 'portcullis-cli-')));
    mkdirSync(join(dir, 'home'));
    mkdirSync(join(dir, 'project'));
    expect(portcullis(dir, 'install', 'vim').code).toBe(2);
    expect(portcullis(dir, 'install', 'codex', '--scope', 'global').code).toBe(2);
    const r = portcullis(dir, 'install', 'opencode', '--scope', 'system');
    expect([r.code, r.stderr]).toEqual([1, 'portcullis install: no system scope for opencode\n']);
  });
});

describe('renderDoctor', () => {
  const report: DoctorReport = {
    ok: false,
    notInstalled: ['codex'],
    hooks: [
      {
        agent: 'claude-code',
        title: 'Claude Code',
        scope: 'user',
        path: '/h/.claude/settings.json',
        event: 'PreToolUse',
        command: 'node /p/portcullis.mjs hook claude-code',
        checks: [
          {
            name: 'fail-closed',
            status: 'fail',
            detail: 'onFailure is not "block"',
            fix: 'portcullis install claude-code --scope user',
          },
          { name: 'deny', status: 'ok', detail: 'rm -rf ~ → blocked' },
        ],
        latencyMs: { destructive: 12, safe: 10 },
        ok: false,
      },
    ],
  };

  it('prints a red line with the fix for what is wrong (colour only when asked)', () => {
    expect(renderDoctor(report, false)).toBe(
      `Claude Code (claude-code) · user · /h/.claude/settings.json · PreToolUse
  runs: node /p/portcullis.mjs hook claude-code
  ✗ fail-closed onFailure is not "block"
      fix: portcullis install claude-code --scope user
  ✓ deny        rm -rf ~ → blocked
  latency: 12 ms (destructive), 10 ms (safe)

Not installed: codex (portcullis install <agent>)
1 of 1 hooks have problems (red lines above).
`,
    );
    expect(renderDoctor(report, true)).toContain(
      '\x1b[31m  ✗ fail-closed onFailure is not "block"\x1b[0m\n\x1b[31m      fix: portcullis install claude-code --scope user\x1b[0m',
    );
  });
});
