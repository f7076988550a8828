/**
 * Registration of the gate's identity, audit and notification commands: `agent`, `token`, `human`, `audit`,
 * `notify`. Each action imports its implementation when it runs (agents.ts, audit.ts, notify.ts).
 */
import type { Command } from 'commander';
import type { GateCommandsContext } from './gate-run.js';
import { EXITS, act, collect, type GateOption, withGate } from './gate-command-kit.js';

type Json = GateOption & { json?: boolean };
const SCOPE_HELP = 'env:NAME[,NAME], tool:PATTERN[,PATTERN] or path:/PREFIX; repeatable';

/** Register `agent`, `token`, `human`, `audit` and `notify` on `program`. */
export function registerAdminCommands(program: Command, ctx: GateCommandsContext): void {
  registerIdentityCommands(program, ctx);
  registerAuditCommands(program, ctx);
  registerNotifyCommands(program, ctx);
}

function registerIdentityCommands(program: Command, ctx: GateCommandsContext): void {
  const agent = program
    .command('agent')
    .description('register agents and give each its own scoped token');
  withGate(agent.command('add'))
    .description('register an agent and print its token, once (admin)')
    .argument('<name>', 'agent name, e.g. claude-infra')
    .option('--scope <item>', SCOPE_HELP, collect, [])
    .option(
      '--operator <human>',
      'the human who runs it: never counted as its approver when two are needed',
    )
    .option('--ttl <duration>', 'token lifetime, e.g. 8h, 7d')
    .option('--json', "print the gate's answer ({agent, token, claims}) as JSON")
    .addHelpText(
      'after',
      `
Examples:
  portcullis agent add claude-infra --scope env:dev,staging --scope tool:kubectl,terraform --ttl 8h
  portcullis agent add codex --scope path:/srv/app --operator alice

Without --scope the agent may request anything the policy allows.${EXITS}`,
    )
    .action(
      async (name: string, opts: Json & { scope: string[]; operator?: string; ttl?: string }) => {
        await act(ctx, 'agent add', opts, async (g) =>
          (await import('./agents.js')).agentAdd(g, name, opts),
        );
      },
    );
  withGate(agent.command('list'))
    .description('registered agents, their scope and operator')
    .option('--json', "print the gate's answer ({agents: [...]}) as JSON")
    .addHelpText('after', `\nExamples:\n  portcullis agent list${EXITS}`)
    .action(async (opts: Json) => {
      await act(ctx, 'agent list', opts, async (g) =>
        (await import('./agents.js')).agentList(g, opts),
      );
    });
  withGate(agent.command('revoke'))
    .description('revoke an agent: every one of its tokens stops working (admin)')
    .argument('<name>', 'agent name')
    .addHelpText('after', `\nExamples:\n  portcullis agent revoke codex${EXITS}`)
    .action(async (name: string, opts: GateOption) => {
      await act(ctx, 'agent revoke', opts, async (g) =>
        (await import('./agents.js')).agentRevoke(g, name),
      );
    });

  const token = program
    .command('token')
    .description("agents' tokens: narrow for a sub-task, list, revoke");
  withGate(token.command('narrow'))
    .description('a narrower, shorter-lived copy of an agent token (never wider)')
    .option('--scope <item>', SCOPE_HELP, collect, [])
    .option('--ttl <duration>', 'lifetime of the new token, e.g. 1h')
    .option('--token <jwt>', 'the token to narrow (default: $PORTCULLIS_TOKEN)')
    .option('--json', "print the gate's answer ({token, claims}) as JSON")
    .addHelpText(
      'after',
      `
Examples:
  portcullis token narrow --scope env:dev --ttl 1h
  portcullis token narrow --token "$T" --scope path:/srv/app/docs --json | jq -r .token

Each list you give replaces the token's; the others are kept.${EXITS}`,
    )
    .action(async (opts: Json & { scope: string[]; ttl?: string; token?: string }) => {
      await act(ctx, 'token narrow', opts, async (g) =>
        (await import('./agents.js')).tokenNarrow(g, opts),
      );
    });
  withGate(token.command('list'))
    .description('issued tokens: jti, agent, status, expiry, scope (admin)')
    .option('--agent <name>', 'only this agent')
    .option('--json', "print the gate's answer ({tokens: [...]}) as JSON")
    .addHelpText(
      'after',
      `\nExamples:\n  portcullis token list\n  portcullis token list --agent codex${EXITS}`,
    )
    .action(async (opts: Json & { agent?: string }) => {
      await act(ctx, 'token list', opts, async (g) =>
        (await import('./agents.js')).tokenList(g, opts),
      );
    });
  withGate(token.command('revoke'))
    .description('revoke one token by its id (admin)')
    .argument('<jti>', 'token id, from `token list`')
    .addHelpText('after', `\nExamples:\n  portcullis token revoke tok_01HZX3${EXITS}`)
    .action(async (jti: string, opts: GateOption) => {
      await act(ctx, 'token revoke', opts, async (g) =>
        (await import('./agents.js')).tokenRevoke(g, jti),
      );
    });

  const human = program.command('human').description('approver and admin accounts');
  withGate(human.command('add'))
    .description('add an approver or admin and print a one-time password (admin)')
    .argument('<name>', 'login name')
    .option('--role <role>', 'approver | admin', 'approver')
    .option('--group <group>', 'approver group the policy can require (repeatable)', collect, [])
    .option('--json', "print the gate's answer ({human, password}) as JSON")
    .addHelpText(
      'after',
      `\nExamples:\n  portcullis human add bob\n  portcullis human add carol --role admin --group sre --group dba${EXITS}`,
    )
    .action(async (name: string, opts: Json & { role?: string; group: string[] }) => {
      await act(ctx, 'human add', opts, async (g) =>
        (await import('./agents.js')).humanAdd(g, name, opts),
      );
    });
  withGate(human.command('list'))
    .description('accounts: role, TOTP, groups (admin)')
    .option('--json', "print the gate's answer ({humans: [...]}) as JSON")
    .addHelpText('after', `\nExamples:\n  portcullis human list${EXITS}`)
    .action(async (opts: Json) => {
      await act(ctx, 'human list', opts, async (g) =>
        (await import('./agents.js')).humanList(g, opts),
      );
    });
}

function registerAuditCommands(program: Command, ctx: GateCommandsContext): void {
  const audit = program.command('audit').description('the signed, hash-chained audit log');
  withGate(audit.command('verify'))
    .description('check the whole chain: exit 0 intact, 1 broken (names the first broken link)')
    .option('--json', "print the gate's answer as JSON")
    .addHelpText('after', `\nExamples:\n  portcullis audit verify && echo intact${EXITS}`)
    .action(async (opts: Json) => {
      await act(ctx, 'audit verify', opts, async (g) =>
        (await import('./audit.js')).auditVerify(g, opts),
      );
    });
  withGate(audit.command('tail'))
    .description('the latest events, oldest first; --follow keeps printing new ones')
    .option('-n, --lines <count>', 'how many events', '20')
    .option('-f, --follow', 'poll for new events every second until Ctrl-C')
    .option('--json', 'one event per line as JSON (JSONL)')
    .addHelpText(
      'after',
      `\nExamples:\n  portcullis audit tail -n 50\n  portcullis audit tail -f --json | jq .type${EXITS}`,
    )
    .action(async (opts: Json & { lines?: string; follow?: boolean }) => {
      await act(ctx, 'audit tail', opts, async (g) =>
        (await import('./audit.js')).auditTail(g, opts),
      );
    });
  withGate(audit.command('export'))
    .description('the whole log as JSONL or RFC 5424 syslog lines (admin)')
    .option('--format <format>', 'jsonl | syslog', 'jsonl')
    .option('--out <file>', 'write to FILE (created 0600) instead of stdout')
    .addHelpText(
      'after',
      `\nExamples:\n  portcullis audit export --out audit.jsonl\n  portcullis audit export --format syslog | logger${EXITS}`,
    )
    .action(async (opts: GateOption & { format?: string; out?: string }) => {
      await act(ctx, 'audit export', opts, async (g) =>
        (await import('./audit.js')).auditExport(g, opts),
      );
    });
  withGate(audit.command('search'))
    .description('events by type, actor, text and time')
    .option('--type <type>', 'event type, e.g. decision, approval.vote')
    .option('--actor <actor>', 'agent:NAME, human:NAME or gate')
    .option('--q <text>', 'free text anywhere in the event')
    .option('--since <iso>', 'from this time (ISO 8601)')
    .option('--until <iso>', 'up to this time (ISO 8601)')
    .option('--limit <n>', 'at most N events', '100')
    .option('--json', 'one event per line as JSON (JSONL)')
    .addHelpText(
      'after',
      `
Examples:
  portcullis audit search --actor agent:claude --since 2025-01-31T00:00:00Z
  portcullis audit search --q 'terraform destroy' --json${EXITS}`,
    )
    .action(
      async (
        opts: Json & {
          type?: string;
          actor?: string;
          q?: string;
          since?: string;
          until?: string;
          limit?: string;
        },
      ) => {
        await act(ctx, 'audit search', opts, async (g) =>
          (await import('./audit.js')).auditSearch(g, opts),
        );
      },
    );
}

function registerNotifyCommands(program: Command, ctx: GateCommandsContext): void {
  const notify = program
    .command('notify')
    .description('notification channels (ntfy, Telegram, email, webhook)');
  withGate(notify.command('list'))
    .description('configured channels: name, type, when they fire, for which risks')
    .option('--json', "print the gate's answer ({channels: [...]}) as JSON")
    .addHelpText('after', `\nExamples:\n  portcullis notify list${EXITS}`)
    .action(async (opts: Json) => {
      await act(ctx, 'notify list', opts, async (g) =>
        (await import('./notify.js')).notifyList(g, opts),
      );
    });
  withGate(notify.command('test'))
    .description('send a test message through one channel (admin)')
    .argument('<channel>', 'channel name, from `notify list`')
    .addHelpText('after', `\nExamples:\n  portcullis notify test ops-ntfy${EXITS}`)
    .action(async (channel: string, opts: GateOption) => {
      await act(ctx, 'notify test', opts, async (g) =>
        (await import('./notify.js')).notifyTest(g, channel),
      );
    });
}
