/**
 * The `portcullis` CLI run from an agent's shell. Asking the gate (`check`, `hook`, `policy test`) and going
 * through it (`exec`) are fine; approving, denying, changing policy, minting or revoking agent tokens and
 * uninstalling the hooks are the agent approving itself or removing its own leash (DESIGN.md §5: "an agent can
 * never approve").
 */
import { parseArgs } from '../args.js';
import type { ToolContext } from '../model.js';
import type { Action } from '../types.js';

// prettier-ignore
const VALUES = [
  '--policy', '--cwd', '--batch', '--scope', '--agent', '--url', '--token', '--config', '--format',
  '-o', '--output', '--port', '--host', '--comment', '-m', '--message', '--since', '--until', '--limit',
];

/** Sub-commands that only ask or inspect. */
const READS = new Set([
  'check',
  'hook',
  'doctor',
  'pending',
  'help',
  'version',
  'status',
  'explain',
]);

/** Read-only sub-sub-commands of the command groups. */
const GROUP_READS: Readonly<Record<string, ReadonlySet<string>>> = {
  policy: new Set(['show', 'test', 'check', 'validate', 'explain', 'list', 'diff', 'path']),
  audit: new Set(['verify', 'export', 'show', 'tail', 'search', 'list', 'ls', 'get']),
  agent: new Set(['list', 'ls', 'show', 'whoami', 'get']),
  mcp: new Set(['serve', 'proxy']),
};

/** Why each self-approving command is high, in words an approver understands. */
const SELF_APPROVING: Readonly<Record<string, string>> = {
  approve: 'approves a pending request: an agent must never approve (its own or any) actions',
  deny: 'decides a pending request: approvals are for humans, not agents',
  uninstall: "removes Portcullis' hooks from an agent: the agent would no longer be gated",
  install: "rewrites an agent's hook configuration",
  policy: 'changes the Portcullis policy that judges this agent',
  agent: 'changes agent identities or tokens (scope, revocation)',
  audit: 'changes the audit trail',
  vault: 'changes the credentials the broker injects',
  store: "changes the gate's database",
  serve: 'stops the gate daemon that answers the hooks',
};

/** Actions for `portcullis ...` run by an agent. */
export function portcullisCli(args: readonly string[], ctx: ToolContext): Action[] {
  const p = parseArgs(args, { value: VALUES });
  const [cmd = '', sub = ''] = p.positionals;
  const read = (verb: string, why: string): Action[] => [
    ctx.action({
      tool: 'portcullis',
      verb,
      effect: 'read',
      risk: 'none',
      rule: 'portcullis/read',
      reasons: [why],
    }),
  ];
  if (p.opts.has('--help') || p.opts.has('-h') || p.opts.has('--version') || p.opts.has('-V')) {
    return read(cmd || 'portcullis', 'only prints help or the version');
  }
  if (cmd === '' || READS.has(cmd)) {
    return read(cmd || 'portcullis', 'asks the gate or inspects it; changes nothing');
  }
  if (cmd === 'exec') {
    return [
      ctx.action({
        tool: 'portcullis',
        verb: 'exec',
        effect: 'exec',
        risk: 'low',
        rule: 'portcullis/exec',
        targets: p.rest.length > 0 ? [p.rest.join(' ')] : [],
        reasons: ['submits the command to the gate, which judges it before the broker runs it'],
      }),
    ];
  }
  if (cmd === 'serve' && sub !== 'stop') {
    return [
      ctx.action({
        tool: 'portcullis',
        verb: 'serve',
        effect: 'exec',
        risk: 'low',
        rule: 'portcullis/serve',
        reasons: ['starts the gate daemon'],
      }),
    ];
  }
  if (GROUP_READS[cmd]?.has(sub) || (cmd === 'mcp' && sub === '')) {
    return read(
      `${cmd} ${sub}`.trim(),
      'inspects the gate or serves its guarded tools; changes nothing',
    );
  }
  const why = SELF_APPROVING[cmd];
  const verb = `${cmd} ${sub}`.trim();
  return [
    ctx.action({
      tool: 'portcullis',
      verb,
      effect: why ? 'write' : 'unknown',
      risk: 'high',
      rule: 'self/portcullis-cli',
      targets: p.positionals.slice(1, 4),
      reversible: false,
      reasons: [
        why ??
          `runs \`portcullis ${verb}\`, which is not a known read-only command: the gate's own controls are not for agents`,
      ],
    }),
  ];
}
