import { existsSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runInstall, runUninstall } from './run.js';
import { filesUnder, makeWorld, snapshot, type World } from './test-kit.js';

// Scopes, dry runs, files Portcullis must not rewrite, and undo after the CLI moved or the manifest was lost.
let world: World | undefined;
afterEach(() => {
  world?.cleanup();
  world = undefined;
});
const fresh = (): World => (world = makeWorld());

describe('scopes', () => {
  it('--scope system writes the managed locations under the injected /etc', () => {
    const w = fresh();
    const run = runInstall('all', 'system', w.ctx, false);
    expect(filesUnder(w.ctx.etcDir)).toEqual([
      'claude-code/managed-settings.json',
      'codex/hooks.json',
      'cursor/hooks.json',
      'gemini-cli/settings.json',
      'github-copilot/policy.d/portcullis.json',
    ]);
    expect(run.skipped).toEqual([
      { agent: 'kiro', reason: 'no system scope for kiro' },
      { agent: 'opencode', reason: 'no system scope for opencode' },
    ]);
    const policy = join(w.ctx.etcDir, 'github-copilot/policy.d/portcullis.json');
    expect(statSync(policy).mode & 0o777).toBe(0o644);
    expect(filesUnder(w.ctx.home)).toEqual([]);
    runUninstall('all', 'system', w.ctx, false);
    expect(snapshot(w.ctx.etcDir)).toEqual({});
  });

  it('an agent without a system location is an error', () => {
    const w = fresh();
    expect(() => runInstall('kiro', 'system', w.ctx, false)).toThrow('no system scope for kiro');
    expect(() => runInstall('opencode', 'system', w.ctx, false)).toThrow(
      'no system scope for opencode',
    );
  });

  it('--scope project writes into the project directory', () => {
    const w = fresh();
    runInstall('all', 'project', w.ctx, false);
    expect(filesUnder(w.ctx.projectDir)).toEqual([
      '.claude/settings.json',
      '.codex/hooks.json',
      '.cursor/hooks.json',
      '.gemini/settings.json',
      '.github/hooks/portcullis.json',
      '.kiro/agents/portcullis.json',
      '.opencode/plugins/portcullis.js',
    ]);
    runUninstall('all', 'project', w.ctx, false);
    expect(snapshot(w.ctx.projectDir)).toEqual({});
  });
});

describe('what install refuses or leaves alone', () => {
  it('--dry-run plans the same changes and writes nothing', () => {
    const w = fresh();
    const dry = runInstall('all', 'user', w.ctx, true);
    expect(dry.changes.map((c) => c.action)).toEqual(Array(7).fill('create'));
    expect(snapshot(w.root)).not.toHaveProperty(['state/']);
    expect(filesUnder(w.ctx.home)).toEqual([]);
  });

  it('a settings file that is not plain JSON stops the run with nothing written', () => {
    const w = fresh();
    const path = w.put('home/.gemini/settings.json', '{\n  // my theme\n  "theme": "x"\n}\n');
    expect(() => runInstall('all', 'user', w.ctx, false)).toThrow(
      /settings\.json is not plain JSON .*Portcullis does not rewrite a file it cannot parse/,
    );
    expect(filesUnder(w.ctx.home)).toEqual(['.gemini/settings.json']);
    expect(readFileSync(path, 'utf8')).toContain('// my theme');
  });

  it('an OpenCode plugin file of the same name that is not ours is not overwritten', () => {
    const w = fresh();
    w.put('home/.config/opencode/plugins/portcullis.js', 'export const Mine = async () => ({});\n');
    expect(() => runInstall('opencode', 'user', w.ctx, false)).toThrow(/is not Portcullis' plugin/);
  });

  it('a missing CLI is an error before anything is written', () => {
    const w = fresh();
    rmSync(w.ctx.cliPath);
    expect(() => runInstall('claude-code', 'user', w.ctx, false)).toThrow(
      /Portcullis CLI is not at/,
    );
    expect(filesUnder(w.ctx.home)).toEqual([]);
  });

  it("warns when the CLI runs from npx's cache, which npm may clear", () => {
    const w = fresh();
    const cliPath = w.put('npm/_npx/1a2b/node_modules/portcullis/dist/portcullis.mjs', '//\n');
    const run = runInstall('codex', 'user', { ...w.ctx, cliPath }, true);
    expect(run.plans[0]?.notes.at(-1)).toMatch(/in npx's cache, which npm may clear/);
  });

  it('writes through a symlinked settings file, keeping the link', () => {
    const w = fresh();
    const real = w.put('dotfiles/claude.json', '{"model": "opus"}\n');
    w.put('home/.claude/.keep', '');
    symlinkSync(real, join(w.ctx.home, '.claude/settings.json'));
    runInstall('claude-code', 'user', w.ctx, false);
    expect(readFileSync(real, 'utf8')).toContain('hook claude-code');
    runUninstall('claude-code', 'user', w.ctx, false);
    expect(readFileSync(real, 'utf8')).toBe('{"model": "opus"}\n');
  });
});

describe('undo after things moved', () => {
  it('a reinstall from a moved CLI replaces the entry in place; uninstall still restores the original bytes', () => {
    const w = fresh();
    const original =
      '{"hooks": {"PreToolUse": [{"hooks": [{"type": "command", "command": "a.sh"}]}]}}';
    const path = w.put('home/.claude/settings.json', original);
    runInstall('claude-code', 'user', w.ctx, false);
    const moved = w.put('opt2/portcullis/dist/portcullis.mjs', '// stand-in\n');
    const second = runInstall('claude-code', 'user', { ...w.ctx, cliPath: moved }, false);
    expect(second.changes.map((c) => c.action)).toEqual(['update']);
    const doc = JSON.parse(readFileSync(path, 'utf8')) as {
      hooks: { PreToolUse: { hooks: { command: string }[] }[] };
    };
    expect(doc.hooks.PreToolUse.map((g) => g.hooks[0]?.command)).toEqual([
      'a.sh',
      `${process.execPath} ${moved} hook claude-code`,
    ]);
    runUninstall('claude-code', 'user', w.ctx, false);
    expect(readFileSync(path, 'utf8')).toBe(original);
  });

  it('without a manifest, uninstall strips a hook installed by hand and keeps the rest', () => {
    const w = fresh();
    const path = w.put(
      'home/.cursor/hooks.json',
      '{"version": 1, "hooks": {"beforeShellExecution": [{"command": "portcullis hook cursor"}, {"command": "audit.sh"}]}}',
    );
    const undo = runUninstall('cursor', 'user', w.ctx, false);
    expect(undo.steps.map((s) => [s.action, s.removed])).toEqual([['strip', 1]]);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({
      version: 1,
      hooks: { beforeShellExecution: [{ command: 'audit.sh' }] },
    });
    // The bytes before the strip are kept too.
    expect(existsSync(undo.steps[0]?.backup ?? '')).toBe(true);
  });

  it('a config file deleted since install is only forgotten', () => {
    const w = fresh();
    runInstall('codex', 'user', w.ctx, false);
    rmSync(join(w.ctx.home, '.codex/hooks.json'));
    expect(runUninstall('codex', 'user', w.ctx, false).steps.map((s) => s.action)).toEqual([
      'forget',
    ]);
    expect(runUninstall('codex', 'user', w.ctx, false).steps).toEqual([]);
  });

  it('the manifest records each file and its backup', () => {
    const w = fresh();
    w.put('home/.gemini/settings.json', '{"theme": "x"}');
    runInstall('gemini', 'user', w.ctx, false);
    const manifest = JSON.parse(
      readFileSync(join(w.root, 'state/install-manifest.json'), 'utf8'),
    ) as { installs: Record<string, unknown>[] };
    expect(manifest.installs).toEqual([
      expect.objectContaining({
        agent: 'gemini',
        scope: 'user',
        path: join(w.ctx.home, '.gemini/settings.json'),
        existed: true,
        exact: true,
        backup: join(
          w.root,
          'state/backups/2026-11-26T10-00-01-000Z',
          w.ctx.home,
          '.gemini/settings.json',
        ),
      }),
    ]);
    writeFileSync(join(w.ctx.home, '.gemini/settings.json'), '{}');
    runInstall('gemini', 'user', w.ctx, false);
    const again = JSON.parse(readFileSync(join(w.root, 'state/install-manifest.json'), 'utf8')) as {
      installs: { exact: boolean }[];
    };
    expect(again.installs.map((r) => r.exact)).toEqual([false]);
  });
});
