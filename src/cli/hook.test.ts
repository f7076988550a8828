import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { policyJudge } from '../integrations/hooks/judge.js';
import { defaultEvaluator } from '../policy/index.js';
import { runHookCommand, type HookIo, type JudgeFactory } from './hook.js';

// The judge the CLI uses, on the built-in default policy (no policy files involved).
const defaultPolicyJudge: JudgeFactory = () => Promise.resolve(policyJudge(() => defaultEvaluator({ agent: 'hook' })));

// `portcullis hook <agent>` from the outside: real payload shapes (test/fixtures/hooks/<agent>/, see each
// NOTES.md) through the real judge, in-process and through the bundled CLI (`npm test` builds first).
// Dangerous commands are data on stdin: the hook only analyses them, nothing is executed.
const cli = new URL('../../dist/portcullis.mjs', import.meta.url).pathname;
const fixtures = new URL('../../test/fixtures/hooks/', import.meta.url).pathname;
const fixture = (agent: string, name: string): string =>
  readFileSync(`${fixtures}${agent}/${name}.json`, 'utf8');

type Seen = 'allow' | 'ask' | 'deny';

/** The verdict an answer carries, read the way each agent reads it. */
function verdictOf(agent: string, exitCode: number, stdout: string): Seen | 'none' {
  if (exitCode === 2) return 'deny';
  if (exitCode !== 0) return 'none';
  if (stdout === '')
    return agent === 'codex' || agent === 'kiro' || agent === 'opencode' ? 'allow' : 'none';
  const j = JSON.parse(stdout) as Record<string, unknown>;
  const hso = j.hookSpecificOutput as Record<string, unknown> | undefined;
  const v = hso?.permissionDecision ?? j.decision ?? j.permission ?? j.permissionDecision;
  return v === 'allow' || v === 'ask' || v === 'deny' ? v : 'none';
}

// [agent, fixture, exit code, verdict as the agent reads it] under the built-in default policy.
const TABLE: readonly (readonly [string, string, number, Seen])[] = [
  ['claude-code', 'bash-git-status', 0, 'allow'],
  ['claude-code', 'bash-rm-root', 0, 'deny'],
  ['claude-code', 'bash-terraform-destroy-prod', 0, 'deny'],
  ['claude-code', 'bash-base64-terraform-destroy', 0, 'deny'],
  ['claude-code', 'write-src-file', 0, 'allow'],
  ['claude-code', 'edit-claude-settings', 0, 'deny'],
  ['claude-code', 'read-readme', 0, 'allow'],
  ['claude-code', 'mcp-github-get-issue', 0, 'allow'],
  ['codex', 'bash-git-status', 0, 'allow'],
  ['codex', 'bash-rm-root', 0, 'deny'],
  ['codex', 'bash-aws-delete-stack', 0, 'deny'],
  ['codex', 'apply-patch-src', 0, 'allow'],
  ['codex', 'apply-patch-codex-hooks', 0, 'deny'],
  ['codex', 'mcp-linear-list-issues', 0, 'allow'],
  ['gemini', 'run-shell-git-status', 0, 'allow'],
  ['gemini', 'run-shell-rm-root', 0, 'deny'],
  ['gemini', 'run-shell-destroy-in-dir', 0, 'deny'],
  ['gemini', 'write-file-gemini-settings', 0, 'deny'],
  ['gemini', 'read-file', 0, 'allow'],
  ['gemini', 'mcp-with-context', 0, 'allow'],
  ['cursor', 'before-shell-git-status', 0, 'allow'],
  ['cursor', 'before-shell-rm-root', 0, 'deny'],
  ['cursor', 'pre-tool-use-write-hooks-json', 0, 'deny'],
  ['cursor', 'before-read-file', 0, 'allow'],
  ['cursor', 'before-mcp-string-input', 0, 'allow'],
  ['copilot', 'bash-git-status-string-args', 0, 'allow'],
  ['copilot', 'bash-rm-root', 2, 'deny'],
  ['copilot', 'create-github-hook', 2, 'deny'],
  ['copilot', 'view-readme', 0, 'allow'],
  ['copilot', 'pascal-bash-terraform-destroy', 2, 'deny'],
  ['kiro', 'execute-bash-git-status', 0, 'allow'],
  ['kiro', 'execute-bash-rm-root', 2, 'deny'],
  ['kiro', 'use-aws-delete-stack-prod', 2, 'deny'],
  ['kiro', 'use-aws-describe-stacks', 0, 'allow'],
  ['kiro', 'fs-write-agent-config', 2, 'deny'],
  ['kiro', 'mcp-git-status', 0, 'allow'],
  ['opencode', 'bash-git-status', 0, 'allow'],
  ['opencode', 'bash-rm-root', 2, 'deny'],
  ['opencode', 'write-opencode-json', 2, 'deny'],
  ['opencode', 'apply-patch-src', 0, 'allow'],
];

interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

async function inProcess(
  agent: string,
  stdin: NodeJS.ReadableStream & { isTTY?: boolean },
  judge: JudgeFactory = defaultPolicyJudge,
): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const io: HookIo = {
    stdin,
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    cwd: '/home/dev/project',
  };
  const code = await runHookCommand(agent, judge, io);
  return { code, stdout, stderr };
}

describe('portcullis hook (in-process)', () => {
  it('has a row for every fixture', () => {
    const agents = readdirSync(fixtures, { withFileTypes: true }).filter((d) => d.isDirectory());
    const files = agents
      .map((d) => d.name)
      .flatMap((agent) =>
        readdirSync(`${fixtures}${agent}`)
          .filter((f) => f.endsWith('.json'))
          .map((f) => `${agent}/${f.slice(0, -'.json'.length)}`),
      );
    expect(TABLE.map(([agent, name]) => `${agent}/${name}`).sort()).toEqual(files.sort());
  });

  for (const [agent, name, code, seen] of TABLE) {
    it(`${agent} ${name}: ${seen}`, async () => {
      const r = await inProcess(agent, Readable.from([fixture(agent, name)]));
      expect(r.code).toBe(code);
      expect(verdictOf(agent, r.code, r.stdout)).toBe(seen);
    });
  }

  it('rejects an unknown agent as a usage error (exit 2: a block for every agent)', async () => {
    const r = await inProcess('claude', Readable.from(['{}']));
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'portcullis hook: unknown agent "claude" (one of: claude-code, codex, gemini, cursor, copilot, kiro, opencode)\n',
    });
  });

  it('denies when the policy cannot be loaded', async () => {
    const broken: JudgeFactory = () =>
      Promise.reject(new Error('policy.yaml:3: unknown field "verdikt"'));
    const r = await inProcess(
      'gemini',
      Readable.from([fixture('gemini', 'run-shell-git-status')]),
      broken,
    );
    expect(JSON.parse(r.stdout)).toEqual({
      decision: 'deny',
      reason:
        'Portcullis could not judge this action (the policy could not be loaded: policy.yaml:3: unknown field "verdikt"), so it was denied to be safe. It was not run. If this keeps happening, tell the user that the Portcullis hook is failing.',
    });
  });

  it('denies when stdin never ends (the budget runs out before the agent gives up)', async () => {
    const open = new PassThrough();
    open.write('{"hook_event_name":');
    const started = Date.now();
    const r = await inProcess('cursor', open);
    expect(Date.now() - started).toBeLessThan(6_000);
    expect(r.code).toBe(0);
    expect(verdictOf('cursor', r.code, r.stdout)).toBe('deny');
    expect(r.stdout).toContain('no decision within 4000 ms');
    open.destroy();
  });

  it('denies a 10 MB payload without reading it all', async () => {
    const big = Readable.from(
      (function* () {
        for (let i = 0; i < 10; i++) yield Buffer.alloc(1024 * 1024, 0x61);
      })(),
    );
    const r = await inProcess('kiro', big);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('over the 4194304-byte limit');
  });

  it('denies at once when stdin is a terminal (nobody piped a payload)', async () => {
    const tty = Object.assign(Readable.from([]), { isTTY: true });
    const r = await inProcess('claude-code', tty);
    expect(verdictOf('claude-code', r.code, r.stdout)).toBe('deny');
    expect(r.stdout).toContain('no hook payload on stdin');
  });
});

function spawnHook(
  args: string[],
  input: string,
): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, 'hook', ...args], {
    encoding: 'utf8',
    input,
    timeout: 20_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const wired = spawnHook(['--help'], '').stdout.includes('claude-code');

describe('portcullis hook (the bundled CLI)', () => {
  if (!wired) {
    // src/cli/main.ts does not register the command yet: registerHookCommand(program, { setExitCode }).
    it.todo(
      'runs every fixture through dist/portcullis.mjs (waiting for `hook` to be wired into main.ts)',
    );
    return;
  }
  for (const [agent, name, code, seen] of TABLE) {
    it(`${agent} ${name}: ${seen}`, () => {
      const r = spawnHook([agent], fixture(agent, name));
      expect(r.code).toBe(code);
      expect(verdictOf(agent, r.code ?? -1, r.stdout)).toBe(seen);
    });
  }
  it('answers allow with exactly the pinned bytes', () => {
    expect(spawnHook(['claude-code'], fixture('claude-code', 'bash-git-status'))).toEqual({
      code: 0,
      stdout:
        '{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"allow"}}\n',
      stderr: '',
    });
    expect(spawnHook(['codex'], fixture('codex', 'bash-git-status'))).toEqual({
      code: 0,
      stdout: '',
      stderr: '',
    });
    expect(spawnHook(['kiro'], fixture('kiro', 'execute-bash-git-status'))).toEqual({
      code: 0,
      stdout: '',
      stderr: '',
    });
  });
  it('fails closed on garbage', () => {
    const r = spawnHook(['codex'], 'not json');
    expect(r.code).toBe(0);
    expect(verdictOf('codex', 0, r.stdout)).toBe('deny');
  });
  it('lists the agents in --help', () => {
    const r = spawnHook(['--help'], '');
    for (const agent of [
      'claude-code',
      'codex',
      'gemini',
      'cursor',
      'copilot',
      'kiro',
      'opencode',
    ]) {
      expect(r.stdout).toContain(agent);
    }
  });
});
