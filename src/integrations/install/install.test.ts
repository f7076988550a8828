import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentName } from '../hooks/adapter.js';
import { runInstall, runUninstall } from './run.js';
import { filesUnder, makeWorld, snapshot, type World } from './test-kit.js';

// install → install again → uninstall, per agent, in a temporary home: the second install changes nothing, and
// uninstall puts every byte (and mode) back — for a home with nothing in it, and for one full of foreign hooks
// and settings that must survive untouched.
let world: World | undefined;
afterEach(() => {
  world?.cleanup();
  world = undefined;
});

/** Foreign config each agent's user scope already has: [path under home, text]. Odd formatting on purpose. */
const FOREIGN: Record<AgentName, [string, string][]> = {
  'claude-code': [
    [
      '.claude/settings.json',
      '{\n    "model": "opus",\n    "hooks": {"PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "~/bin/audit.sh"}]}]},\n    "permissions": {"deny": ["Bash(rm *)"]}\n}',
    ],
  ],
  codex: [
    [
      '.codex/hooks.json',
      '{"hooks":{"Stop":[{"hooks":[{"type":"command","command":"notify.sh"}]}]}}',
    ],
  ],
  gemini: [
    [
      '.gemini/settings.json',
      '{\n  "theme": "GitHub",\n  "hooks": {\n    "BeforeTool": [\n      {"matcher": "write_file", "hooks": [{"type": "command", "command": "lint.sh"}]}\n    ]\n  }\n}\n',
    ],
  ],
  cursor: [
    [
      '.cursor/hooks.json',
      '{"version": 1, "hooks": {"afterFileEdit": [{"command": "./format.sh"}]}}',
    ],
  ],
  copilot: [
    [
      '.copilot/hooks/lint.json',
      '{"version": 1, "hooks": {"postToolUse": [{"type": "command", "bash": "lint"}]}}',
    ],
  ],
  kiro: [
    [
      '.kiro/agents/dev.json',
      '{"name": "dev", "tools": ["*"], "hooks": {"agentSpawn": [{"command": "git status"}]}}',
    ],
  ],
  opencode: [['.config/opencode/plugins/other.js', 'export const Other = async () => ({});\n']],
};

/** Where each agent's user-scope hook lands, under home. */
const WRITTEN: Record<AgentName, string> = {
  'claude-code': '.claude/settings.json',
  codex: '.codex/hooks.json',
  gemini: '.gemini/settings.json',
  cursor: '.cursor/hooks.json',
  copilot: '.copilot/hooks/portcullis.json',
  kiro: '.kiro/agents/portcullis.json',
  opencode: '.config/opencode/plugins/portcullis.js',
};

const AGENTS = Object.keys(FOREIGN) as AgentName[];

describe.each(AGENTS)('%s, user scope', (agent) => {
  it('round-trips an empty home byte for byte; installing twice changes nothing', () => {
    world = makeWorld();
    const home = world.ctx.home;
    const before = snapshot(home);
    const first = runInstall(agent, 'user', world.ctx, false);
    expect(first.changes.map((c) => c.action)).toEqual(['create']);
    expect(filesUnder(home)).toEqual([WRITTEN[agent]]);
    const installed = snapshot(home);
    const again = runInstall(agent, 'user', world.ctx, false);
    expect(again.changes.map((c) => c.action)).toEqual(['unchanged']);
    expect(snapshot(home)).toEqual(installed);
    const undo = runUninstall(agent, 'user', world.ctx, false);
    expect(undo.steps.map((s) => s.action)).toEqual(['delete']);
    expect(snapshot(home)).toEqual(before);
  });

  it('merges with foreign hooks and settings, keeps them intact, and restores them exactly', () => {
    world = makeWorld();
    const w = world;
    for (const [rel, text] of FOREIGN[agent]) w.put(`home/${rel}`, text, 0o600);
    const before = snapshot(w.ctx.home);
    const run = runInstall(agent, 'user', w.ctx, false);
    const written = join(w.ctx.home, agent === 'kiro' ? '.kiro/agents/dev.json' : WRITTEN[agent]);
    const text = readFileSync(written, 'utf8');
    expect(text).toContain(agent === 'opencode' ? 'PortcullisPlugin' : `hook ${agent}`);
    for (const [rel, foreign] of FOREIGN[agent]) {
      const path = join(w.ctx.home, rel);
      if (path !== written) expect(readFileSync(path, 'utf8')).toBe(foreign);
      else {
        // Every foreign key and hook is still there, in its place.
        const was = JSON.parse(foreign) as Record<string, unknown>;
        const now = JSON.parse(text) as Record<string, unknown>;
        expect(Object.keys(now).slice(0, Object.keys(was).length)).toEqual(Object.keys(was));
        const hooksWas = was.hooks as Record<string, unknown[]>;
        const hooksNow = now.hooks as Record<string, unknown[]>;
        for (const [event, list] of Object.entries(hooksWas))
          expect(hooksNow[event]?.slice(0, list.length)).toEqual(list);
        expect(statSync(path).mode & 0o777).toBe(0o600);
        const change = run.changes.find((c) => c.path === path);
        expect(change?.backup).toBeDefined();
        expect(readFileSync(change?.backup ?? '', 'utf8')).toBe(foreign);
      }
    }
    const installed = snapshot(w.ctx.home);
    runInstall(agent, 'user', w.ctx, false);
    expect(snapshot(w.ctx.home)).toEqual(installed);
    runUninstall(agent, 'user', w.ctx, false);
    expect(snapshot(w.ctx.home)).toEqual(before);
  });

  it("removes only Portcullis' entries from a file changed since install", () => {
    world = makeWorld();
    const w = world;
    runInstall(agent, 'user', w.ctx, false);
    const path = join(w.ctx.home, WRITTEN[agent]);
    const edited =
      agent === 'opencode'
        ? `${readFileSync(path, 'utf8')}// edited\n`
        : JSON.stringify({ ...(JSON.parse(readFileSync(path, 'utf8')) as object), extra: true });
    writeFileSync(path, edited);
    const undo = runUninstall(agent, 'user', w.ctx, false);
    if (agent === 'opencode') {
      // The plugin file is Portcullis' alone: it goes whatever was edited in it.
      expect(undo.steps.map((s) => s.action)).toEqual(['delete']);
      return;
    }
    expect(undo.steps.map((s) => s.action)).toEqual(['strip']);
    const left = readFileSync(path, 'utf8');
    expect(left).not.toContain(`hook ${agent}`);
    expect(JSON.parse(left)).toMatchObject({ extra: true });
  });
});

describe('the entries written, pinned', () => {
  it('Claude Code: one matcher group with onFailure "block" and an explicit timeout', () => {
    world = makeWorld();
    runInstall('claude-code', 'user', world.ctx, false);
    const node = process.execPath;
    expect(readFileSync(join(world.ctx.home, '.claude/settings.json'), 'utf8')).toBe(
      `{
  "hooks": {
    "PreToolUse": [
      {
        "hooks": [
          {
            "type": "command",
            "command": "${node} ${world.ctx.cliPath} hook claude-code",
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

  it('Cursor: the three gating events, failClosed and a timeout in seconds', () => {
    world = makeWorld();
    runInstall('cursor', 'user', world.ctx, false);
    const cmd = `${process.execPath} ${world.ctx.cliPath} hook cursor`;
    const entry = { command: cmd, timeout: 10, failClosed: true };
    expect(JSON.parse(readFileSync(join(world.ctx.home, '.cursor/hooks.json'), 'utf8'))).toEqual({
      version: 1,
      hooks: { beforeShellExecution: [entry], beforeMCPExecution: [entry], preToolUse: [entry] },
    });
  });

  it('Copilot, Kiro, Gemini, Codex and the OpenCode shim', () => {
    world = makeWorld();
    const w = world;
    runInstall('all', 'user', w.ctx, false);
    const read = (rel: string): unknown => JSON.parse(readFileSync(join(w.ctx.home, rel), 'utf8'));
    const cmd = (a: string): string => `${process.execPath} ${w.ctx.cliPath} hook ${a}`;
    expect(read('.copilot/hooks/portcullis.json')).toEqual({
      version: 1,
      hooks: { preToolUse: [{ type: 'command', bash: cmd('copilot'), timeoutSec: 30 }] },
    });
    expect(read('.kiro/agents/portcullis.json')).toMatchObject({
      name: 'portcullis',
      tools: ['*'],
      hooks: { preToolUse: [{ matcher: '*', command: cmd('kiro'), timeout_ms: 30000 }] },
    });
    expect(read('.gemini/settings.json')).toMatchObject({
      hooks: {
        BeforeTool: [
          {
            hooks: [
              { type: 'command', name: 'portcullis', command: cmd('gemini'), timeout: 30000 },
            ],
          },
        ],
      },
    });
    expect(read('.codex/hooks.json')).toEqual({
      hooks: { PreToolUse: [{ hooks: [{ type: 'command', command: cmd('codex'), timeout: 30 }] }] },
    });
    const shim = readFileSync(join(w.ctx.home, '.config/opencode/plugins/portcullis.js'), 'utf8');
    expect(shim.split('\n').filter((l) => l.startsWith('export'))).toEqual([
      `export { PortcullisPlugin } from "file://${w.root}/opt/portcullis/dist/integrations/hooks/opencode.js";`,
    ]);
  });
});
