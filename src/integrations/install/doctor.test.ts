import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runDoctor, type DoctorReport } from './doctor.js';
import { runInstall } from './run.js';
import { makeWorld, type World } from './test-kit.js';

// doctor against real installs in a temporary home, spawning the built CLI (`npm test` builds first). The
// destructive sample is data on the hook's stdin: the hook only judges it, nothing executes it.
let world: World | undefined;
afterEach(() => {
  world?.cleanup();
  world = undefined;
});

/** The environment hooks run in: the temporary home, nothing of the real one. */
const envOf = (w: World): NodeJS.ProcessEnv => ({ PATH: process.env.PATH, HOME: w.ctx.home });

const statuses = (report: DoctorReport): [string, string, string][] =>
  report.hooks.flatMap((h) =>
    h.checks.map((c): [string, string, string] => [`${h.agent}:${h.event}`, c.name, c.status]),
  );

describe('doctor', () => {
  it('proves every agent: deny honoured, allow passes, with latencies', async () => {
    const w = (world = makeWorld({ realCli: true }));
    runInstall('all', 'user', w.ctx, false);
    const report = await runDoctor(w.ctx, { env: envOf(w), maxRunMs: 20_000 });
    expect(report.hooks.map((h) => `${h.agent}:${h.event}`)).toEqual([
      'claude-code:PreToolUse',
      'codex:PreToolUse',
      'gemini:BeforeTool',
      'cursor:beforeShellExecution',
      'cursor:beforeMCPExecution',
      'cursor:preToolUse',
      'copilot:preToolUse',
      'kiro:preToolUse',
      'opencode:plugin',
    ]);
    const bad = report.hooks.flatMap((h) =>
      h.checks.filter((c) => c.status === 'fail' || c.status === 'warn'),
    );
    expect(bad).toEqual([]);
    for (const h of report.hooks) {
      expect(h.checks.find((c) => c.name === 'deny')?.status).toBe('ok');
      expect(h.checks.find((c) => c.name === 'allow')?.status).toBe('ok');
      expect(h.latencyMs.destructive).toBeGreaterThan(0);
      expect(h.latencyMs.safe).toBeGreaterThan(0);
    }
    expect(report.notInstalled).toEqual([]);
    expect(report.ok).toBe(true);
  }, 120_000);

  it('flags Claude Code without onFailure "block" (the hook itself still works)', async () => {
    const w = (world = makeWorld({ realCli: true }));
    runInstall('claude-code', 'user', w.ctx, false);
    const path = join(w.ctx.home, '.claude/settings.json');
    writeFileSync(
      path,
      readFileSync(path, 'utf8').replace(',\n            "onFailure": "block"', ''),
    );
    const report = await runDoctor(w.ctx, { env: envOf(w), maxRunMs: 20_000 });
    expect(statuses(report)).toEqual([
      ['claude-code:PreToolUse', 'fail-closed', 'fail'],
      ['claude-code:PreToolUse', 'timeout', 'ok'],
      ['claude-code:PreToolUse', 'deny', 'ok'],
      ['claude-code:PreToolUse', 'allow', 'ok'],
    ]);
    expect(report.hooks[0]?.checks[0]?.fix).toBe('portcullis install claude-code --scope user');
    expect(report.ok).toBe(false);
  }, 60_000);

  it('flags hooks whose command points at a missing file, as each agent would read them', async () => {
    const w = (world = makeWorld());
    runInstall('claude-code', 'user', w.ctx, false);
    runInstall('codex', 'user', w.ctx, false);
    runInstall('kiro', 'user', w.ctx, false);
    rmSync(w.ctx.cliPath);
    const report = await runDoctor(w.ctx, { env: envOf(w), maxRunMs: 20_000 });
    const verdicts = statuses(report).filter(([, name]) => name === 'deny' || name === 'allow');
    expect(verdicts).toEqual([
      // onFailure "block": the crash blocks everything, so the safe call fails.
      ['claude-code:PreToolUse', 'deny', 'ok'],
      ['claude-code:PreToolUse', 'allow', 'fail'],
      // Codex and Kiro let a crashed hook's call through.
      ['codex:PreToolUse', 'deny', 'fail'],
      ['codex:PreToolUse', 'allow', 'fail'],
      ['kiro:preToolUse', 'deny', 'fail'],
      ['kiro:preToolUse', 'allow', 'fail'],
    ]);
    const codexDeny = report.hooks[1]?.checks.find((c) => c.name === 'deny');
    expect(codexDeny?.detail).toMatch(/^rm -rf ~ would run: the hook failed with exit 1/);
    expect(codexDeny?.fix).toMatch(/^portcullis install codex --scope user; try it: echo '/);
    expect(report.ok).toBe(false);
  }, 60_000);

  it('flags a hook Portcullis installed that is gone from its file', async () => {
    const w = (world = makeWorld());
    runInstall('gemini', 'user', w.ctx, false);
    writeFileSync(join(w.ctx.home, '.gemini/settings.json'), '{}\n');
    const report = await runDoctor(w.ctx, { env: envOf(w) });
    expect(
      report.hooks.map((h) => [h.agent, h.checks.map((c) => [c.name, c.status, c.detail])]),
    ).toEqual([
      [
        'gemini',
        [
          [
            'installed',
            'fail',
            `${join(w.ctx.home, '.gemini/settings.json')} no longer holds the Portcullis hook Portcullis installed`,
          ],
        ],
      ],
    ]);
    expect(report.ok).toBe(false);
  });

  it('is not ok when nothing is installed', async () => {
    const w = (world = makeWorld());
    const report = await runDoctor(w.ctx, { env: envOf(w) });
    expect(report).toEqual({
      ok: false,
      hooks: [],
      notInstalled: ['claude-code', 'codex', 'gemini', 'cursor', 'copilot', 'kiro', 'opencode'],
    });
  });
});
