import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import { makeWorld, type World } from '../integrations/install/test-kit.js';
import { registerDoctorCommand } from './doctor.js';

// The "gate secrets" line of `portcullis doctor`, in-process against a temporary world with no hooks (so no
// hook runs). A world-readable store in an open directory warns whoever runs the test: as its owner, or as root
// (then judged for other users). The warning never changes the exit code.
let world: World | undefined;
afterEach(() => {
  world?.cleanup();
  world = undefined;
});

async function doctor(w: World, argv: string[]): Promise<{ code: number; out: string }> {
  let code = -1;
  let out = '';
  const program = new Command().exitOverride();
  registerDoctorCommand(program, {
    setExitCode: (c) => {
      code = c;
    },
    context: () => w.ctx,
    out: (s) => {
      out += s;
    },
    color: false,
  });
  await program.parseAsync(['doctor', ...argv], { from: 'user' });
  return { code, out };
}

function openStore(w: World): string {
  chmodSync(w.root, 0o755);
  const dir = join(w.root, 'gate-data');
  mkdirSync(dir, { mode: 0o755 });
  chmodSync(dir, 0o755);
  writeFileSync(join(dir, 'portcullis.db'), 'x', { mode: 0o644 });
  chmodSync(join(dir, 'portcullis.db'), 0o644);
  return dir;
}

describe('doctor: gate secrets', () => {
  it('--json carries the check; a readable store warns with the fix, exit code unchanged', async () => {
    const w = (world = makeWorld());
    const dir = openStore(w);
    const r = await doctor(w, ['--json', '--data-dir', dir]);
    const report = JSON.parse(r.out) as {
      ok: boolean;
      gateSecrets: { name: string; status: string; fix?: string; findings: string[] };
    };
    expect(r.code).toBe(1); // no hook installed: that, not the warning, sets the exit code
    expect([report.gateSecrets.name, report.gateSecrets.status, report.gateSecrets.fix]).toEqual([
      'gate secrets',
      'warn',
      'run the gate as its own user: sudo portcullis service install',
    ]);
    expect(report.gateSecrets.findings[0]).toMatch(
      new RegExp(`^${dir}/portcullis\\.db is readable by (you|other users)`),
    );
  });

  it('text: a "Gate secrets" block after the hooks', async () => {
    const w = (world = makeWorld());
    const dir = openStore(w);
    const r = await doctor(w, ['--data-dir', dir]);
    const lines = r.out.split('\n');
    const at = lines.indexOf('Gate secrets');
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toMatch(/^ {2}! gate secrets +the gate's store or vault key is readable/);
    expect(lines[at + 2]).toBe(
      '      fix: run the gate as its own user: sudo portcullis service install',
    );
  });
});
