/**
 * iptables / ip6tables / iptables-restore. A flushed rule set or a default-ACCEPT policy opens the
 * firewall (a security weakening); a default-DROP policy or a match-everything DROP rule locks out
 * remote access (SSH included); one rule for one port or source is an intended, recoverable change.
 */
import type { Action } from '../types.js';
import type { Invocation, ToolContext } from '../model.js';
import { finding, readOnly, type Finding } from './system-common.js';

const LONG_COMMANDS: Readonly<Record<string, string>> = {
  '--append': 'A',
  '--insert': 'I',
  '--delete': 'D',
  '--replace': 'R',
  '--flush': 'F',
  '--zero': 'Z',
  '--new-chain': 'N',
  '--delete-chain': 'X',
  '--policy': 'P',
  '--rename-chain': 'E',
  '--list': 'L',
  '--list-rules': 'S',
  '--check': 'C',
  '--new': 'N',
};
/** The command letters of a short-option bundle (`-nvL` lists). */
const COMMAND_LETTERS = /[AIDRFZNXPELSC]/;

/**
 * One iptables command line, scanned: the command letter, its arguments and every option's values.
 */
export interface IptScan {
  cmd: string | undefined;
  cmdArgs: string[];
  opts: Map<string, string[]>;
}

/** Scan iptables arguments. Option values are the following words that do not start with `-`. */
export function scanIptables(args: readonly string[]): IptScan {
  const opts = new Map<string, string[]>();
  let cmd: string | undefined;
  let cmdArgs: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '!' || !a.startsWith('-') || a === '-') continue;
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const name = eq > 0 ? a.slice(0, eq) : a;
    const vals: string[] = eq > 0 ? [a.slice(eq + 1)] : [];
    while (i + 1 < args.length && !(args[i + 1] ?? '-').startsWith('-') && args[i + 1] !== '!') {
      vals.push(args[i + 1] ?? '');
      i++;
    }
    const letter = name.startsWith('--')
      ? LONG_COMMANDS[name]
      : COMMAND_LETTERS.exec(name.slice(1))?.[0];
    if (letter) {
      cmd = letter;
      cmdArgs = vals;
      continue;
    }
    const key = name.startsWith('--') ? name : `-${name.slice(-1)}`;
    opts.set(key, [...(opts.get(key) ?? []), ...vals]);
  }
  return { cmd, cmdArgs, opts };
}

/** The first value of any of the named options. */
export function first(s: IptScan, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = s.opts.get(n);
    if (v && v.length > 0) return v[0];
  }
  return undefined;
}

function present(s: IptScan, ...names: string[]): boolean {
  return names.some((n) => s.opts.has(n));
}

/** Does a port list (`22`, `22,80`, `1:1024`, `ssh`) include SSH? */
export function portsIncludeSsh(list: string): boolean {
  return list.split(',').some((p) => {
    if (p === 'ssh' || p === '22') return true;
    const [lo, hi] = p.split(':').map(Number);
    return hi !== undefined && lo !== undefined && lo <= 22 && 22 <= hi;
  });
}

/** How much traffic a rule matches: everything, SSH among everything, or a selection. */
function reach(s: IptScan): 'all' | 'ssh' | 'some' {
  const src = [first(s, '-s', '--source'), first(s, '-d', '--destination')].filter(
    (v) => v !== undefined && !/^0\.0\.0\.0\/0$|^::\/0$/.test(v),
  );
  if (
    src.length > 0 ||
    present(
      s,
      '-i',
      '--in-interface',
      '-o',
      '--out-interface',
      '--src-range',
      '--dst-range',
      '--mac-source',
      '--match-set',
      '--uid-owner',
      '--gid-owner',
      '--icmp-type',
      '--string',
      '--mark',
    )
  )
    return 'some';
  const states = [first(s, '--state'), first(s, '--ctstate')].filter(
    (v): v is string => v !== undefined,
  );
  if (states.length > 0 && !states.some((v) => /NEW|UNTRACKED/.test(v))) return 'some';
  const proto = (first(s, '-p', '--protocol') ?? 'all').toLowerCase();
  if (!/^(all|tcp|6|0)$/.test(proto)) return 'some';
  const ports = [
    first(s, '--dport', '--dports', '--destination-port', '--destination-ports'),
  ].filter((v): v is string => v !== undefined);
  if (ports.length > 0) return ports.some(portsIncludeSsh) ? 'ssh' : 'some';
  return 'all';
}

/** Judge one scanned iptables command. */
export function judgeIptables(s: IptScan, tool: string): Finding {
  const table = first(s, '-t', '--table') ?? 'filter';
  const chain = s.cmdArgs[0] ?? '';
  const targets = [`${table}${chain ? `/${chain}` : ''}`];
  switch (s.cmd) {
    case undefined:
    case 'L':
    case 'S':
    case 'C':
      return {
        verb: 'list',
        risk: 'none',
        rule: 'network/read',
        targets,
        reasons: ['lists or checks rules'],
      };
    case 'F':
      return {
        verb: `${tool} --flush`,
        risk: 'high',
        effect: 'delete',
        rule: 'network/firewall-flush',
        targets,
        reasons: [
          table === 'filter'
            ? `flushes ${chain || 'every chain'}: the traffic those rules blocked is let through (and a DROP policy with no rules locks you out)`
            : `flushes the ${table} table: port forwards, NAT and container networking stop working`,
        ],
      };
    case 'P': {
      const policy = (s.cmdArgs[1] ?? '').toUpperCase();
      if (/^(DROP|REJECT)$/.test(policy)) {
        return {
          verb: `${tool} -P ${chain} ${policy}`,
          risk: 'high',
          effect: 'write',
          rule: 'network/firewall-lockout',
          targets,
          reasons: [
            `default ${policy} on ${chain}: without an allow rule for SSH this locks out remote access`,
          ],
        };
      }
      if (policy === 'ACCEPT' && /^(INPUT|FORWARD)$/.test(chain)) {
        return {
          verb: `${tool} -P ${chain} ACCEPT`,
          risk: 'high',
          effect: 'write',
          rule: 'network/firewall-open',
          targets,
          reasons: [`default ACCEPT on ${chain}: traffic no rule matches is let in`],
        };
      }
      return {
        verb: `${tool} -P ${chain} ${policy}`,
        risk: 'low',
        rule: 'network/firewall-rule',
        targets,
        reasons: [`sets the default policy of ${chain}`],
      };
    }
    case 'A':
    case 'I':
    case 'R': {
      const target = (first(s, '-j', '--jump') ?? '').toUpperCase();
      const r = reach(s);
      const inbound = chain === 'INPUT' || chain === 'FORWARD' || chain === 'OUTPUT';
      if (table === 'filter' && inbound && /^(DROP|REJECT)$/.test(target) && r !== 'some') {
        return {
          verb: `${tool} ${target} rule`,
          risk: 'high',
          effect: 'write',
          rule: 'network/firewall-lockout',
          targets,
          reasons: [
            r === 'ssh'
              ? `${target}s SSH on ${chain}: remote access is cut`
              : `${target}s all traffic on ${chain}: remote access is cut`,
          ],
        };
      }
      if (
        table === 'filter' &&
        (chain === 'INPUT' || chain === 'FORWARD') &&
        target === 'ACCEPT' &&
        r === 'all'
      ) {
        return {
          verb: `${tool} ACCEPT all`,
          risk: 'high',
          effect: 'write',
          rule: 'network/firewall-open',
          targets,
          reasons: [`accepts every packet on ${chain}: the firewall no longer filters anything`],
        };
      }
      return {
        verb: `${tool} -${s.cmd}`,
        risk: 'low',
        rule: 'network/firewall-rule',
        targets,
        reasons: [`adds a ${target || 'rule'} rule to ${chain}`],
      };
    }
    default:
      // D (delete one rule), Z (zero counters), N/E (new/rename chain), X (delete empty chains).
      return {
        verb: `${tool} -${s.cmd}`,
        risk: 'low',
        rule: 'network/firewall-rule',
        targets,
        reasons: [
          s.cmd === 'X'
            ? 'deletes empty, unreferenced chains'
            : 'a single, recoverable rule change',
        ],
      };
  }
}

/** `iptables` / `ip6tables`. */
export function iptables(inv: Invocation, ctx: ToolContext): Action[] {
  if (inv.args.some((a) => a === '-h' || a === '--help' || a === '-V' || a === '--version')) {
    return [readOnly(ctx, inv.name, 'help', 'network/read')];
  }
  return [
    finding(ctx, inv.name, {
      ...judgeIptables(scanIptables(inv.args), inv.name),
      env: ctx.envOf(),
    }),
  ];
}
