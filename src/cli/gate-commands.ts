/**
 * The human-facing commands of a running gate, thin clients of its HTTP API (src/server/API.md): account
 * (`login`, `logout`, `whoami`, `passwd`, `totp enrol`) and approvals (`pending`, `show`, `approve`, `deny`)
 * here; identities, audit and notifications in `gate-admin-commands.ts`. Registration only: each action imports
 * its implementation when it runs, so other commands start without loading the client.
 *
 * Exit codes: 0 ok, 1 refused by the gate, 2 usage, 3 gate unreachable or failing.
 */
import type { Command } from 'commander';
import type { GateCommandsContext } from './gate-run.js';
import { registerAdminCommands } from './gate-admin-commands.js';
import { EXITS, act, type GateOption, withGate } from './gate-command-kit.js';

export type { GateCommandsContext } from './gate-run.js';

/**
 * Register every gate command on `program`. Wire it where the other commands are registered:
 * `registerGateCommands(program, { setExitCode: (c) => (code = c) })`. Tests pass `io` to drive the commands
 * without a process.
 */
export function registerGateCommands(program: Command, ctx: GateCommandsContext): void {
  registerAccountCommands(program, ctx);
  registerApprovalCommands(program, ctx);
  registerAdminCommands(program, ctx);
}

function registerAccountCommands(program: Command, ctx: GateCommandsContext): void {
  withGate(program.command('login'))
    .description(
      'log in to the gate as a human approver or admin (the session is kept in ~/.config/portcullis)',
    )
    .option('--name <name>', 'your account name (default: $USER)')
    .addHelpText(
      'after',
      `
Examples:
  portcullis login --name alice                      # asks for the password (and a TOTP code if enrolled)
  printf '%s\\n' "$PW" | portcullis login --name ci   # a script pipes the password on stdin
  portcullis login --gate https://gate.example.com

A first login with a one-time password asks for a new one at once.${EXITS}`,
    )
    .action(async (opts: GateOption & { name?: string }) => {
      await act(ctx, 'login', opts, async (g) => (await import('./login.js')).login(g, opts));
    });

  withGate(program.command('logout'))
    .description('end the session at the gate and forget it here')
    .addHelpText('after', `\nExamples:\n  portcullis logout${EXITS}`)
    .action(async (opts: GateOption) => {
      await act(ctx, 'logout', opts, async (g) => (await import('./login.js')).logout(g));
    });

  withGate(program.command('whoami'))
    .description('who you are logged in as at the gate')
    .option('--json', 'print {gate, human, expiresAt} as JSON')
    .addHelpText(
      'after',
      `\nExamples:\n  portcullis whoami\n  portcullis whoami --json | jq -r .human.role${EXITS}`,
    )
    .action(async (opts: GateOption & { json?: boolean }) => {
      await act(ctx, 'whoami', opts, async (g) => (await import('./login.js')).whoami(g, opts));
    });

  withGate(program.command('passwd'))
    .description('change your password (asks for the current one, then the new one twice)')
    .addHelpText('after', `\nExamples:\n  portcullis passwd${EXITS}`)
    .action(async (opts: GateOption) => {
      await act(ctx, 'passwd', opts, async (g) => (await import('./login.js')).passwd(g));
    });

  const totp = program
    .command('totp')
    .description('second factor for logins and high-risk approvals');
  withGate(totp.command('enrol').alias('enroll'))
    .description(
      'enrol an authenticator app: shows the otpauth URI and secret, then asks for a code',
    )
    .addHelpText('after', `\nExamples:\n  portcullis totp enrol${EXITS}`)
    .action(async (opts: GateOption) => {
      await act(ctx, 'totp enrol', opts, async (g) => (await import('./login.js')).totpEnrol(g));
    });
}

function registerApprovalCommands(program: Command, ctx: GateCommandsContext): void {
  withGate(program.command('pending'))
    .description(
      'the approvals waiting for a human: id, age, expiry, agent, risk, env, votes, summary',
    )
    .option('--agent <name>', 'only this agent')
    .option('--session <id>', "only this agent session's")
    .option('--json', "print the gate's answer ({approvals: [...]}) as JSON")
    .addHelpText(
      'after',
      `
Examples:
  portcullis pending
  portcullis pending --agent claude --json | jq -r '.approvals[].id'${EXITS}`,
    )
    .action(async (opts: GateOption & { agent?: string; session?: string; json?: boolean }) => {
      await act(ctx, 'pending', opts, async (g) =>
        (await import('./approvals.js')).pending(g, opts),
      );
    });

  withGate(program.command('show'))
    .description(
      'one approval in full: the exact command, parsed actions, votes, comments, status, url',
    )
    .argument('<id>', 'approval id')
    .option('--json', "print the gate's answer ({approval, request, decision}) as JSON")
    .addHelpText(
      'after',
      `\nExamples:\n  portcullis show apr_01HZX3\n  portcullis show apr_01HZX3 --json${EXITS}`,
    )
    .action(async (id: string, opts: GateOption & { json?: boolean }) => {
      await act(ctx, 'show', opts, async (g) => (await import('./approvals.js')).show(g, id, opts));
    });

  withGate(program.command('approve'))
    .description('approve one or more pending requests (the gate counts each approver once)')
    .argument('[ids...]', 'approval ids (several go through one bulk request)')
    .option('--comment <text>', 'passed back to the agent')
    .option('--totp <code>', 'TOTP code, for approvals that require one (asked for on a terminal)')
    .option('--session <id>', 'approve every pending request of this agent session')
    .addHelpText(
      'after',
      `
Examples:
  portcullis approve apr_01HZX3 --comment 'ok, staging only'
  portcullis approve apr_01HZX3 apr_01HZX4
  portcullis approve --session 7f3c2a --totp 123456

You cannot approve your own agent's request when it needs two approvers; the gate refuses it.${EXITS}`,
    )
    .action(
      async (
        ids: string[],
        opts: GateOption & { comment?: string; totp?: string; session?: string },
      ) => {
        await act(ctx, 'approve', opts, async (g) =>
          (await import('./approvals.js')).vote(g, 'approve', ids, opts),
        );
      },
    );

  withGate(program.command('deny'))
    .description('deny pending requests; the comment is what the agent is told (required)')
    .argument('[ids...]', 'approval ids')
    .option('--comment <text>', 'why: the agent reads it (required)')
    .option('--session <id>', 'deny every pending request of this agent session')
    .addHelpText(
      'after',
      `
Examples:
  portcullis deny apr_01HZX3 --comment 'not on prod; use the staging cluster'
  portcullis deny --session 7f3c2a --comment 'stop: wrong account'${EXITS}`,
    )
    .action(async (ids: string[], opts: GateOption & { comment?: string; session?: string }) => {
      await act(ctx, 'deny', opts, async (g) =>
        (await import('./approvals.js')).vote(g, 'deny', ids, opts),
      );
    });
}
