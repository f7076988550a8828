import { Command } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import { registerGateCommands } from './gate-commands.js';
import { runGateCli, startFakeGate, tempHome, type FakeGate } from './test-kit.js';

// The registration: every gate command is there, documented with examples and exit codes, takes --gate, and
// every listing or show command has --json. Then how --gate and PORTCULLIS_GATE pick the gate.
let gate: FakeGate | undefined;
let cleanup: (() => void) | undefined;
afterEach(async () => {
  await gate?.close();
  cleanup?.();
  gate = undefined;
  cleanup = undefined;
});

function leaves(): Map<string, Command> {
  const program = new Command();
  registerGateCommands(program, { setExitCode: () => undefined });
  const out = new Map<string, Command>();
  const walk = (c: Command, prefix: string): void => {
    for (const sub of c.commands) {
      const name = `${prefix}${sub.name()}`;
      if (sub.commands.length > 0) walk(sub, `${name} `);
      else out.set(name, sub);
    }
  };
  walk(program, '');
  return out;
}

const COMMANDS = [
  'login',
  'logout',
  'whoami',
  'passwd',
  'totp enrol',
  'pending',
  'show',
  'approve',
  'deny',
  'agent add',
  'agent list',
  'agent revoke',
  'token narrow',
  'token list',
  'token revoke',
  'human add',
  'human list',
  'audit verify',
  'audit tail',
  'audit export',
  'audit search',
  'notify list',
  'notify test',
];
const WITH_JSON = [
  'whoami',
  'pending',
  'show',
  'agent add',
  'agent list',
  'token narrow',
  'token list',
  'human add',
  'human list',
  'audit verify',
  'audit tail',
  'audit search',
  'notify list',
];

describe('registerGateCommands', () => {
  it('registers exactly the gate commands', () => {
    expect([...leaves().keys()].sort()).toEqual([...COMMANDS].sort());
  });

  it.each(COMMANDS)('%s has help with examples, exit codes and --gate', (name) => {
    const c = leaves().get(name);
    let help = '';
    c?.configureOutput({ writeOut: (s) => (help += s) });
    c?.outputHelp();
    expect(help).toContain('Examples:');
    expect(help).toContain(
      'Exit codes: 0 ok, 1 refused by the gate, 2 usage error, 3 gate unreachable or failing.',
    );
    expect(help).toContain('--gate <url>');
    expect(help.includes('--json')).toBe(WITH_JSON.includes(name));
  });
});

describe('choosing the gate', () => {
  it('uses PORTCULLIS_GATE, and --gate over it', async () => {
    gate = await startFakeGate({ 'GET /v1/notify': () => ({ body: { channels: [] } }) });
    const t = tempHome();
    cleanup = t.cleanup;
    const viaEnv = await runGateCli(['notify', 'list'], { home: t.home, gate: gate.url });
    expect([viaEnv.code, viaEnv.stdout]).toEqual([0, 'no notification channels configured\n']);
    const viaFlag = await runGateCli(['notify', 'list', '--gate', gate.url], {
      home: t.home,
      gate: 'http://127.0.0.1:1',
    });
    expect(viaFlag.code).toBe(0);
    expect(gate.requests).toHaveLength(2);
  });

  const usage: [string[], string][] = [
    [
      ['pending', '--gate', 'ftp://127.0.0.1'],
      'portcullis pending: "ftp://127.0.0.1": the gate is reached over http:// or https://\n',
    ],
    [
      ['pending', '--gate', 'http://gate.example.com'],
      'portcullis pending: "http://gate.example.com": use https:// for a gate that is not on this machine\n',
    ],
  ];
  it.each(usage)('%j is a usage error', async (args, err) => {
    const t = tempHome();
    cleanup = t.cleanup;
    const r = await runGateCli(args, { home: t.home });
    expect([r.code, r.stderr]).toEqual([2, err]);
  });

  it('an unknown option is a usage error', async () => {
    const t = tempHome();
    cleanup = t.cleanup;
    const r = await runGateCli(['pending', '--colour'], { home: t.home });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--colour'/);
  });
});
