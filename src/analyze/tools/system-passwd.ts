/**
 * Passwords and group membership: gpasswd, passwd, chpasswd, visudo. An empty password or adding
 * someone to an admin group weakens the security boundary; ordinary password changes are routine.
 */
import type { Action } from '../types.js';
import type { Invocation, ToolContext } from '../model.js';
import { has, parseArgs, value, values } from '../args.js';
import { finding, isHelp, readOnly } from './system-common.js';
import { ADMIN_GROUPS } from './system-users.js';

/** gpasswd: `-a USER admin-group` grants rights; `-M` sets the member list. */
export function gpasswd(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'gpasswd';
  if (isHelp(inv.args)) return [readOnly(ctx, tool, 'help', 'system/read')];
  const p = parseArgs(inv.args, {
    value: [
      '-a',
      '--add',
      '-d',
      '--delete',
      '-M',
      '--members',
      '-A',
      '--administrators',
      '-R',
      '--root',
      '-Q',
    ],
  });
  const group = p.positionals[0] ?? '';
  const adds = [...values(p, '-a', '--add', '-M', '--members')];
  if (adds.length > 0 && ADMIN_GROUPS.has(group)) {
    return [
      finding(ctx, tool, {
        env: ctx.envOf(),
        verb: 'gpasswd --add',
        risk: 'high',
        effect: 'write',
        rule: 'system/grant-admin',
        targets: [group, ...adds],
        reasons: [`adds ${adds.join(', ')} to ${group}: administrator rights`],
      }),
    ];
  }
  return [
    finding(ctx, tool, {
      env: ctx.envOf(),
      verb: tool,
      risk: 'low',
      rule: 'system/account-change',
      targets: [group],
      reasons: [`changes the membership or password of ${group}`],
    }),
  ];
}

/** passwd: `-d` leaves the account without a password; `-S` is a status query. */
export function passwd(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'passwd';
  if (isHelp(inv.args)) return [readOnly(ctx, tool, 'help', 'system/read')];
  const p = parseArgs(inv.args, {
    value: [
      '-n',
      '-x',
      '-w',
      '-i',
      '--mindays',
      '--maxdays',
      '--warndays',
      '--inactive',
      '-r',
      '--repository',
      '-R',
      '--root',
      '-P',
      '--prefix',
    ],
  });
  const user = p.positionals[0] ?? '(current user)';
  if (has(p, '-S', '--status'))
    return [readOnly(ctx, tool, 'status', 'system/read', 'read-only', [user])];
  if (has(p, '-d', '--delete')) {
    return [
      finding(ctx, tool, {
        env: ctx.envOf(),
        verb: 'passwd --delete',
        risk: 'high',
        effect: 'write',
        rule: 'system/empty-password',
        targets: [user],
        reasons: [`removes ${user}'s password: the account may log in without one`],
      }),
    ];
  }
  return [
    finding(ctx, tool, {
      env: ctx.envOf(),
      verb: tool,
      risk: 'low',
      rule: 'system/account-change',
      targets: [user],
      reasons: [`changes ${user}'s password or its ageing`],
    }),
  ];
}

/** chpasswd reads `user:password` lines; an empty password is a security weakening. */
export function chpasswd(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'chpasswd';
  if (isHelp(inv.args)) return [readOnly(ctx, tool, 'help', 'system/read')];
  const lines =
    inv.stdin?.kind === 'text' ? inv.stdin.text.split('\n').filter((l) => l.includes(':')) : [];
  const empty = lines
    .filter((l) => l.slice(l.indexOf(':') + 1).trim() === '')
    .map((l) => l.slice(0, l.indexOf(':')));
  if (empty.length > 0) {
    return [
      finding(ctx, tool, {
        env: ctx.envOf(),
        verb: tool,
        risk: 'high',
        effect: 'write',
        rule: 'system/empty-password',
        targets: empty,
        reasons: [`sets an empty password for ${empty.join(', ')}`],
      }),
    ];
  }
  return [
    finding(ctx, tool, {
      env: ctx.envOf(),
      verb: tool,
      risk: 'low',
      rule: 'system/account-change',
      targets: lines.map((l) => l.slice(0, l.indexOf(':'))),
      reasons: ['sets account passwords'],
    }),
  ];
}

/** visudo: `-c` only checks; otherwise edits sudoers with a syntax check before saving. */
export function visudo(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'visudo';
  const p = parseArgs(inv.args, { value: ['-f', '--file'] });
  if (isHelp(inv.args) || has(p, '-c', '--check', '-V')) {
    return [readOnly(ctx, tool, 'check', 'system/read', 'only checks the sudoers syntax')];
  }
  return [
    finding(ctx, tool, {
      env: ctx.envOf(),
      verb: 'edit sudoers',
      risk: 'low',
      rule: 'system/account-change',
      targets: [value(p, '-f', '--file') ?? '/etc/sudoers'],
      reasons: ['edits sudoers interactively, with a syntax check'],
    }),
  ];
}
