import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runInstall, runUninstall } from './run.js';
import { filesUnder, makeWorld, snapshot, type World } from './test-kit.js';

// `install claude-code --http`: the http handler pinned byte for byte, round trips, and switching between the
// command and the http form (ours is replaced where it stands, never duplicated).
let world: World | undefined;
afterEach(() => {
  world?.cleanup();
  world = undefined;
});
const fresh = (): World => (world = makeWorld());
const HTTP = { http: { gate: 'http://127.0.0.1:7421' } };
const settings = (w: World): string => join(w.ctx.home, '.claude/settings.json');
const FOREIGN =
  '{\n    "model": "opus",\n    "hooks": {"PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "~/bin/audit.sh"}]}]}\n}';

describe('install claude-code --http', () => {
  it('writes the http handler, pinned', () => {
    const w = fresh();
    runInstall('claude-code', 'user', w.ctx, false, HTTP);
    expect(readFileSync(settings(w), 'utf8')).toBe(
      `{
  "hooks": {
    "PreToolUse": [
      {
        "hooks": [
          {
            "type": "http",
            "url": "http://127.0.0.1:7421/v1/hooks/claude-code",
            "headers": {
              "Authorization": "Bearer $PORTCULLIS_TOKEN"
            },
            "allowedEnvVars": [
              "PORTCULLIS_TOKEN"
            ],
            "timeout": 30,
            "onFailure": "block"
          }
        ]
      }
    ]
  }
}
`,
    );
  });

  it('puts a gate path prefix before the route (a reverse proxy)', () => {
    const w = fresh();
    const run = runInstall('claude-code', 'project', w.ctx, false, {
      http: { gate: 'https://gate.example.com/portcullis' },
    });
    expect(run.plans[0]?.command.url).toBe(
      'https://gate.example.com/portcullis/v1/hooks/claude-code',
    );
    expect(readFileSync(join(w.ctx.projectDir, '.claude/settings.json'), 'utf8')).toContain(
      '"url": "https://gate.example.com/portcullis/v1/hooks/claude-code"',
    );
  });

  it('says where the token comes from and what a stopped gate means', () => {
    const w = fresh();
    const notes = runInstall('claude-code', 'user', w.ctx, true, HTTP).plans[0]?.notes ?? [];
    expect(notes[0]).toMatch(
      /^export PORTCULLIS_TOKEN=… .*in the environment Claude Code starts from/,
    );
    expect(notes[1]).toMatch(/blocks every tool call while the gate is down/);
  });

  it('needs no CLI on disk: the hook starts no process', () => {
    const w = fresh();
    rmSync(w.ctx.cliPath);
    expect(runInstall('claude-code', 'user', w.ctx, false, HTTP).changes[0]?.action).toBe('create');
  });

  it('refuses every other agent, and all', () => {
    const w = fresh();
    for (const agent of ['codex', 'gemini', 'cursor', 'copilot', 'kiro', 'opencode'] as const)
      expect(() => runInstall(agent, 'user', w.ctx, true, HTTP)).toThrow(
        `${agent} has no http hook Portcullis can install: only Claude Code has (Copilot's http hooks must be https`,
      );
    expect(() => runInstall('all', 'user', w.ctx, true, HTTP)).toThrow(
      'http hooks exist for Claude Code only',
    );
    expect(filesUnder(w.ctx.home)).toEqual([]);
  });

  it('round-trips an empty home and a foreign settings file byte for byte; twice changes nothing', () => {
    for (const foreign of [undefined, FOREIGN]) {
      const w = fresh();
      if (foreign !== undefined) w.put('home/.claude/settings.json', foreign, 0o600);
      const before = snapshot(w.ctx.home);
      runInstall('claude-code', 'user', w.ctx, false, HTTP);
      const installed = snapshot(w.ctx.home);
      expect(runInstall('claude-code', 'user', w.ctx, false, HTTP).changes[0]?.action).toBe(
        'unchanged',
      );
      expect(snapshot(w.ctx.home)).toEqual(installed);
      const undo = runUninstall('claude-code', 'user', w.ctx, false);
      expect(undo.steps.map((s) => s.action)).toEqual([foreign ? 'restore' : 'delete']);
      expect(snapshot(w.ctx.home)).toEqual(before);
      w.cleanup();
    }
  });
});

describe('switching between the command and the http form', () => {
  const ours = (w: World): unknown[] => {
    const doc = JSON.parse(readFileSync(settings(w), 'utf8')) as {
      hooks: { PreToolUse: { hooks: { type: string }[] }[] };
    };
    return doc.hooks.PreToolUse.map((g) => g.hooks.map((h) => h.type));
  };

  it('replaces ours in place both ways, and uninstall still restores the original bytes', () => {
    const w = fresh();
    const original = w.put('home/.claude/settings.json', FOREIGN, 0o600);
    const before = snapshot(w.ctx.home);
    runInstall('claude-code', 'user', w.ctx, false);
    expect(ours(w)).toEqual([['command'], ['command']]);
    expect(runInstall('claude-code', 'user', w.ctx, false, HTTP).changes[0]?.action).toBe('update');
    expect(ours(w)).toEqual([['command'], ['http']]);
    expect(readFileSync(original, 'utf8')).not.toContain('hook claude-code');
    expect(runInstall('claude-code', 'user', w.ctx, false).changes[0]?.hadOurs).toBe(true);
    expect(ours(w)).toEqual([['command'], ['command']]);
    runInstall('claude-code', 'user', w.ctx, false, HTTP);
    runUninstall('claude-code', 'user', w.ctx, false);
    expect(snapshot(w.ctx.home)).toEqual(before);
  });

  it('moving the gate replaces the http entry, not adds one', () => {
    const w = fresh();
    runInstall('claude-code', 'user', w.ctx, false, HTTP);
    runInstall('claude-code', 'user', w.ctx, false, { http: { gate: 'http://127.0.0.1:9000' } });
    const text = readFileSync(settings(w), 'utf8');
    expect(text.match(/"url"/g)).toHaveLength(1);
    expect(text).toContain('"url": "http://127.0.0.1:9000/v1/hooks/claude-code"');
  });

  it('uninstall takes out a hand-written http hook to the route, and keeps foreign http hooks', () => {
    const w = fresh();
    const path = w.put(
      'home/.claude/settings.json',
      JSON.stringify({
        hooks: {
          PreToolUse: [
            { hooks: [{ type: 'http', url: 'https://audit.example.com/hook' }] },
            { hooks: [{ type: 'http', url: 'https://gate.example.com/v1/hooks/claude-code' }] },
            {
              hooks: [
                {
                  type: 'command',
                  command: 'curl -d @- http://127.0.0.1:7421/v1/hooks/claude-code',
                },
              ],
            },
          ],
        },
      }),
    );
    const undo = runUninstall('claude-code', 'user', w.ctx, false);
    expect(undo.steps.map((s) => [s.action, s.removed])).toEqual([['strip', 1]]);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({
      hooks: {
        PreToolUse: [
          { hooks: [{ type: 'http', url: 'https://audit.example.com/hook' }] },
          {
            hooks: [
              { type: 'command', command: 'curl -d @- http://127.0.0.1:7421/v1/hooks/claude-code' },
            ],
          },
        ],
      },
    });
  });
});
