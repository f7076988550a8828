/**
 * Accounts: useradd/adduser, userdel/deluser, usermod, groupadd/groupdel (passwords:
 * system-passwd). Creating an account is routine; removing one (and its home) is not undone by
 * re-creating it; granting admin groups, uid 0 or an empty password weakens the machine's security
 * boundary.
 */
import type { Action } from '../types.js';
import type { Invocation, ToolContext } from '../model.js';
import { has, parseArgs, value, values } from '../args.js';
import { finding, isHelp, readOnly } from './system-common.js';

/** Groups whose members are root or can become root. */
export const ADMIN_GROUPS: ReadonlySet<string> = new Set([
  'sudo',
  'wheel',
  'admin',
  'root',
  'sudoers',
  'disk',
  'shadow',
  'lxd',
  'incus-admin',
]);

function adminGroups(list: readonly string[]): string[] {
  return list.flatMap((g) => g.split(',')).filter((g) => ADMIN_GROUPS.has(g.trim()));
}

const USERADD_VALUE = [
  '-b',
  '--base-dir',
  '-c',
  '--comment',
  '-d',
  '--home-dir',
  '-e',
  '--expiredate',
  '-f',
  '--inactive',
  '-g',
  '--gid',
  '-G',
  '--groups',
  '-k',
  '--skel',
  '-K',
  '--key',
  '-p',
  '--password',
  '-R',
  '--root',
  '-P',
  '--prefix',
  '-s',
  '--shell',
  '-u',
  '--uid',
  '-Z',
  '--selinux-user',
  '-l',
  '--login',
  '--home',
  '--shell',
  '--uid',
  '--gid',
  '--ingroup',
  '--gecos',
  '--firstuid',
  '--lastuid',
  '--add_extra_groups',
  '--conf',
  '--comment',
  '--add-subids-for-system',
];

/** Privilege grants in useradd/usermod/adduser options: admin groups, uid 0, an empty password. */
function privilegeFindings(p: ReturnType<typeof parseArgs>): string[] {
  const reasons: string[] = [];
  const groups = adminGroups([...values(p, '-G', '--groups', '-g', '--gid', '--ingroup')]);
  if (groups.length > 0)
    reasons.push(`grants membership of ${groups.join(', ')}: administrator rights`);
  const uid = value(p, '-u', '--uid');
  if (uid === '0') reasons.push('gives the account uid 0: a second root');
  const pw = value(p, '-p', '--password');
  if (pw !== undefined && pw === '') reasons.push('sets an empty password');
  return reasons;
}

/** useradd / adduser. `adduser USER GROUP` (Debian) adds an existing user to a group. */
export function useradd(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = inv.name;
  if (isHelp(inv.args)) return [readOnly(ctx, tool, 'help', 'system/read')];
  const p = parseArgs(inv.args, { value: USERADD_VALUE });
  const [user = '', group] = p.positionals;
  const reasons = privilegeFindings(p);
  if (tool === 'adduser' && group !== undefined && ADMIN_GROUPS.has(group)) {
    reasons.push(`adds ${user} to ${group}: administrator rights`);
  }
  if (reasons.length > 0) {
    return [
      finding(ctx, tool, {
        env: ctx.envOf(),
        verb: tool,
        risk: 'high',
        effect: 'write',
        rule: 'system/grant-admin',
        targets: [user],
        reasons,
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
      reasons: [`creates or changes the account ${user}`],
    }),
  ];
}

/** usermod: admin groups and uid 0 are privilege grants; `-G` without `-a` replaces the groups. */
export function usermod(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'usermod';
  if (isHelp(inv.args)) return [readOnly(ctx, tool, 'help', 'system/read')];
  const p = parseArgs(inv.args, { value: USERADD_VALUE });
  const user = p.positionals[p.positionals.length - 1] ?? '';
  const reasons = privilegeFindings(p);
  if (reasons.length > 0) {
    return [
      finding(ctx, tool, {
        env: ctx.envOf(),
        verb: tool,
        risk: 'high',
        effect: 'write',
        rule: 'system/grant-admin',
        targets: [user],
        reasons,
      }),
    ];
  }
  const notes: string[] = [];
  if (has(p, '-L', '--lock')) notes.push(`locks ${user}'s password (undo with -U)`);
  if (has(p, '-G', '--groups') && !has(p, '-a', '--append'))
    notes.push('replaces the supplementary group list');
  return [
    finding(ctx, tool, {
      env: ctx.envOf(),
      verb: tool,
      risk: 'low',
      rule: 'system/account-change',
      targets: [user],
      reasons: notes.length > 0 ? notes : [`changes the account ${user}`],
    }),
  ];
}

/**
 * userdel / deluser: removing an account (and its home or files) is not undone by re-creating it.
 */
export function userdel(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = inv.name;
  if (isHelp(inv.args)) return [readOnly(ctx, tool, 'help', 'system/read')];
  const p = parseArgs(inv.args, {
    value: ['-R', '--root', '-P', '--prefix', '-Z', '--conf', '--backup-to'],
  });
  const [user = '', group] = p.positionals;
  if (tool === 'deluser' && group !== undefined) {
    return [
      finding(ctx, tool, {
        env: ctx.envOf(),
        verb: 'deluser from group',
        risk: 'low',
        rule: 'system/account-change',
        targets: [user, group],
        reasons: [`removes ${user} from the group ${group}`],
      }),
    ];
  }
  if (tool === 'deluser' && has(p, '--group')) {
    return groupdel({ ...inv, name: 'delgroup', args: [user] }, ctx);
  }
  const home = has(p, '-r', '--remove', '--remove-home', '--remove-all-files');
  const reasons = [
    home
      ? `deletes the account ${user} and its home directory and mail spool`
      : `deletes the account ${user}`,
  ];
  if (has(p, '--remove-all-files'))
    reasons.push(`also deletes every file ${user} owns on the system`);
  if (user === 'root') reasons.push('root is the administrator account');
  return [
    finding(ctx, tool, {
      env: ctx.envOf(),
      verb: home ? `${tool} --remove-home` : tool,
      risk: user === 'root' ? 'catastrophic' : 'high',
      effect: 'delete',
      rule: home ? 'system/userdel-home' : 'system/userdel',
      targets: [user],
      reasons,
    }),
  ];
}

/** groupadd / groupdel (and deluser --group). Deleting an admin group is a security change. */
export function groupdel(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = inv.name;
  if (isHelp(inv.args)) return [readOnly(ctx, tool, 'help', 'system/read')];
  const p = parseArgs(inv.args, {
    value: ['-g', '--gid', '-K', '--key', '-p', '--password', '-R', '--root', '-P', '--prefix'],
  });
  const group = p.positionals[0] ?? '';
  if (tool === 'groupadd') {
    return [
      finding(ctx, tool, {
        env: ctx.envOf(),
        verb: tool,
        risk: 'low',
        rule: 'system/account-change',
        targets: [group],
        reasons: [`creates the group ${group}`],
      }),
    ];
  }
  const admin = ADMIN_GROUPS.has(group);
  return [
    finding(ctx, tool, {
      env: ctx.envOf(),
      verb: 'groupdel',
      risk: admin ? 'high' : 'low',
      effect: 'delete',
      rule: admin ? 'system/groupdel-admin' : 'system/groupdel',
      targets: [group],
      reasons: [
        admin
          ? `deletes ${group}, a group that grants administrator rights`
          : `deletes the group ${group}`,
      ],
    }),
  ];
}
