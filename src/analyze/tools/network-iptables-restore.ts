/**
 * iptables-restore: replaces the whole rule set. When the new rules are visible (piped text) each
 * policy and rule is judged like an iptables command; a DROP policy counts as a lockout only if the
 * same rule set does not let SSH in, and an empty rule set flushes everything.
 */
import type { Action } from '../types.js';
import type { Invocation, ToolContext } from '../model.js';
import { finding, readOnly, type Finding } from './system-common.js';
import { first, judgeIptables, portsIncludeSsh, scanIptables } from './network-iptables.js';

/** Split an iptables-save line into words (double quotes group a comment). */
function words(line: string): string[] {
  return (line.match(/"[^"]*"|\S+/g) ?? []).map((w) => w.replace(/^"|"$/g, ''));
}

/**
 * `iptables-restore [FILE]`: replaces the rule set; visible contents (stdin text) are judged rule
 * by rule.
 */
export function iptablesRestore(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = inv.name;
  const args = inv.args;
  if (
    args.some((a) => a === '-t' || a === '--test' || a === '-h' || a === '--help' || a === '-V')
  ) {
    return [readOnly(ctx, tool, 'test', 'network/read', 'only tests the rule set')];
  }
  const text =
    inv.stdin?.kind === 'text' && !args.some((a) => !a.startsWith('-'))
      ? inv.stdin.text
      : undefined;
  if (text === undefined) {
    const file =
      args.find((a) => !a.startsWith('-')) ??
      (inv.stdin?.kind === 'file' ? inv.stdin.path : 'stdin');
    return [
      finding(ctx, tool, {
        verb: 'restore',
        risk: 'low',
        rule: 'network/firewall-restore',
        targets: [file],
        env: ctx.envOf(),
        reasons: [`replaces the firewall rules with ${file}`],
      }),
    ];
  }
  let found: Finding[] = [];
  let sshOpen = false;
  let table = 'filter';
  let rules = 0;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('*')) table = line.slice(1);
    const policy = /^:(\S+)\s+(\S+)/.exec(line);
    if (policy)
      found.push(
        judgeIptables(
          {
            cmd: 'P',
            cmdArgs: [policy[1] ?? '', policy[2] ?? ''],
            opts: new Map([['-t', [table]]]),
          },
          tool,
        ),
      );
    if (line.startsWith('-')) {
      rules++;
      const scan = scanIptables([...words(line), '-t', table]);
      const ports = first(scan, '--dport', '--dports', '--destination-port');
      if (
        scan.cmdArgs[0] === 'INPUT' &&
        first(scan, '-j') === 'ACCEPT' &&
        ports &&
        portsIncludeSsh(ports)
      )
        sshOpen = true;
      found.push(judgeIptables(scan, tool));
    }
  }
  // A DROP policy is only a lockout when the same rule set does not let SSH in.
  if (sshOpen)
    found = found.filter(
      (f) => !(f.rule === 'network/firewall-lockout' && f.verb.includes('-P INPUT')),
    );
  if (rules === 0 && !args.includes('-n') && !args.includes('--noflush')) {
    found.push({
      verb: 'restore empty',
      risk: 'high',
      effect: 'delete',
      rule: 'network/firewall-flush',
      targets: [table],
      reasons: ['restores a rule set with no rules: every existing rule is removed'],
    });
  }
  const order = { none: 0, low: 1, high: 2, catastrophic: 3 } as const;
  const worst = found.reduce<Finding | undefined>(
    (w, f) => (!w || order[f.risk] > order[w.risk] ? f : w),
    undefined,
  );
  return [
    finding(ctx, tool, {
      ...(worst ?? {
        verb: 'restore',
        risk: 'low',
        rule: 'network/firewall-restore',
        reasons: ['replaces the firewall rules'],
      }),
      env: ctx.envOf(),
    }),
  ];
}
