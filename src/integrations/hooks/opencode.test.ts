import { describe, expect, it } from 'vitest';
import type { HookOutput } from './adapter.js';
import { CWD, DECISIONS, TEXT, runAdapterSuite, type AgentReading } from './adapter-suite.js';
import { createPortcullisPlugin, openCodeAdapter, PortcullisPlugin } from './opencode.js';

/** The `portcullis hook opencode` test mode (Portcullis-defined): exit 0 allows, exit 2 with stderr denies. */
function reads(out: HookOutput): AgentReading {
  if (out.exitCode === 0) return out.stdout === '' && out.stderr === '' ? 'proceeds' : 'invalid';
  return out.exitCode === 2 && out.stderr.trim() !== '' ? 'deny' : 'invalid';
}

const block = (reason: string): HookOutput => ({ stdout: '', stderr: `${reason}\n`, exitCode: 2 });

const call = (tool: string, args: unknown, cwd = CWD): unknown => ({
  tool,
  sessionID: 'ses_1',
  callID: 'call_1',
  args,
  cwd,
});
const base = { agent: 'opencode', cwd: CWD, session: 'ses_1' } as const;
const PATCH = '*** Begin Patch\n*** Add File: notes.md\n+hi\n*** End Patch';

runAdapterSuite({
  adapter: openCodeAdapter,
  shell: (command, cwd) => call('bash', { command, description: 'run', timeout: 120000 }, cwd),
  reads,
  pins: {
    allow: { stdout: '', stderr: '', exitCode: 0 },
    ask: block(TEXT.askTicket),
    peer: block(TEXT.peer),
    deny: block(TEXT.deny),
    garbage: block(TEXT.garbage('opencode')),
  },
  mapping: [
    [
      'bash → shell',
      call('bash', { command: 'git status' }),
      { ...base, kind: 'shell', command: 'git status' },
    ],
    [
      'bash in a workdir runs there',
      call('bash', { command: 'terraform apply', workdir: 'infra/prod' }),
      { ...base, cwd: `${CWD}/infra/prod`, kind: 'shell', command: 'terraform apply' },
    ],
    [
      'write → write',
      call('write', { filePath: `${CWD}/a.ts`, content: 'x' }),
      { ...base, kind: 'file', tool: 'write', op: 'write', paths: [`${CWD}/a.ts`], content: 'x' },
    ],
    [
      'edit → edit',
      call('edit', { filePath: `${CWD}/a.ts`, oldString: 'x', newString: 'y', replaceAll: false }),
      { ...base, kind: 'file', tool: 'edit', op: 'edit', paths: [`${CWD}/a.ts`], content: 'y' },
    ],
    [
      'multiedit → edit',
      call('multiedit', { filePath: `${CWD}/a.ts`, edits: [{ oldString: 'x', newString: 'y' }] }),
      {
        ...base,
        kind: 'file',
        tool: 'multiedit',
        op: 'edit',
        paths: [`${CWD}/a.ts`],
        content: 'y',
      },
    ],
    [
      'apply_patch → the files the patch touches',
      call('apply_patch', { patchText: PATCH }),
      {
        ...base,
        kind: 'file',
        tool: 'apply_patch',
        op: 'write',
        paths: ['notes.md'],
        content: PATCH,
      },
    ],
    [
      '<server>_<tool> → MCP',
      call('github_delete_repository', { repo: 'api' }),
      { ...base, kind: 'mcp', server: 'github', tool: 'delete_repository', args: { repo: 'api' } },
    ],
    [
      'read → other',
      call('read', { filePath: `${CWD}/a.ts` }),
      { ...base, kind: 'other', tool: 'read', input: { filePath: `${CWD}/a.ts` } },
    ],
    [
      'lsp_diagnostics (built-in) → other, not MCP',
      call('lsp_diagnostics', { path: 'a.ts' }),
      { ...base, kind: 'other', tool: 'lsp_diagnostics', input: { path: 'a.ts' } },
    ],
  ],
  wrongTypes: [
    ['args is a string', call('bash', 'rm -rf /')],
    ['no tool', { args: { command: 'ls' } }],
    ['bash without a command', call('bash', { description: 'x' })],
    ['write without a path', call('write', { content: 'x' })],
    ['apply_patch without patchText', call('apply_patch', {})],
  ],
  unknownFields: {
    ...(call('bash', { command: 'git status', future: true }) as object),
    agent: 'build',
    extra: [1],
  },
  protectedEdits: [
    [
      'write opencode.json',
      call('write', { filePath: `${CWD}/opencode.json`, content: '{"plugin":[]}' }),
    ],
    [
      'edit a plugin in .opencode/plugins/',
      call('edit', {
        filePath: `${CWD}/.opencode/plugins/portcullis.js`,
        oldString: 'x',
        newString: '',
      }),
    ],
    [
      'write the user plugin',
      call('write', { filePath: '/home/dev/.config/opencode/plugins/portcullis.js', content: '' }),
    ],
    [
      'write .portcullis.yaml',
      call('write', { filePath: `${CWD}/.portcullis.yaml`, content: 'mode: shadow' }),
    ],
  ],
});

describe('opencode plugin', () => {
  const hooksWith = (decision: (typeof DECISIONS)[keyof typeof DECISIONS]) =>
    createPortcullisPlugin({ loadJudge: () => Promise.resolve(() => decision) })({
      directory: CWD,
    });

  it('lets an allowed call through', async () => {
    const hooks = await hooksWith(DECISIONS.allow);
    await expect(
      hooks['tool.execute.before'](
        { tool: 'bash', sessionID: 's', callID: 'c' },
        { args: { command: 'ls' } },
      ),
    ).resolves.toBeUndefined();
  });

  it('throws the reason on deny and on ask (OpenCode cannot ask)', async () => {
    const deny = await hooksWith(DECISIONS.deny);
    await expect(
      deny['tool.execute.before']({ tool: 'bash' }, { args: { command: 'rm -rf /' } }),
    ).rejects.toThrow(TEXT.deny);
    const ask = await hooksWith(DECISIONS.ask);
    await expect(
      ask['tool.execute.before']({ tool: 'bash' }, { args: { command: 'git push -f' } }),
    ).rejects.toThrow(TEXT.askTicket);
  });

  it('throws when the judge cannot load (a missing policy) or the args are unreadable', async () => {
    const broken = await createPortcullisPlugin({
      loadJudge: () => Promise.reject(new Error('no policy')),
    })({ directory: CWD });
    await expect(
      broken['tool.execute.before']({ tool: 'bash' }, { args: { command: 'ls' } }),
    ).rejects.toThrow(/could not judge/);
    const hooks = await hooksWith(DECISIONS.allow);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    await expect(
      hooks['tool.execute.before']({ tool: 'bash' }, { args: circular }),
    ).rejects.toThrow(/could not judge/);
    await expect(
      hooks['tool.execute.before']({ tool: 'bash' }, { args: 'rm -rf /' }),
    ).rejects.toThrow(/could not judge/);
  });

  it('judges with the policy in force by default (data only: nothing runs)', async () => {
    const hooks = await PortcullisPlugin({ directory: CWD });
    await expect(
      hooks['tool.execute.before']({ tool: 'bash' }, { args: { command: 'rm -rf /' } }),
    ).rejects.toThrow(/denied/);
    await expect(
      hooks['tool.execute.before']({ tool: 'bash' }, { args: { command: 'git status' } }),
    ).resolves.toBeUndefined();
    // The policy's protections apply here too, as in every other hook.
    await expect(
      hooks['tool.execute.before']({ tool: 'write' }, { args: { filePath: `${CWD}/opencode.json`, content: '{}' } }),
    ).rejects.toThrow(/denied/);
  });
});
