/**
 * Processes: kill, pkill, killall. Killing one ordinary process is a local, recoverable act (low);
 * killing every process (`kill -9 -1`) or init takes the machine down (catastrophic); killing a
 * daemon other things depend on (sshd, dockerd, postgres ...) is a service outage (high).
 */
import type { Action } from '../types.js';
import type { Invocation, ToolContext } from '../model.js';
import { has, parseArgs, value } from '../args.js';
import { finding, readOnly, wordsOf } from './system-common.js';

/** Daemons whose death is an outage, not a tidy-up. */
const CRITICAL = new Set([
  'sshd',
  'systemd',
  'init',
  'systemd-journald',
  'systemd-logind',
  'systemd-udevd',
  'systemd-networkd',
  'systemd-resolved',
  'dbus-daemon',
  'networkmanager',
  'wpa_supplicant',
  'dhclient',
  'dockerd',
  'containerd',
  'containerd-shim',
  'kubelet',
  'kube-apiserver',
  'kube-proxy',
  'etcd',
  'k3s',
  'postgres',
  'postmaster',
  'mysqld',
  'mariadbd',
  'mongod',
  'redis-server',
  'nginx',
  'apache2',
  'httpd',
  'haproxy',
  'caddy',
  'traefik',
  'envoy',
  'php-fpm',
  'libvirtd',
  'qemu-system-x86_64',
  'qemu-kvm',
  'kvm',
  'pveproxy',
  'pvedaemon',
  'pve-cluster',
  'pmxcfs',
  'corosync',
  'ceph-osd',
  'ceph-mon',
  'xorg',
  'gdm',
  'sddm',
  'lightdm',
  'rsyslogd',
  'cron',
  'crond',
  'firewalld',
  'fail2ban-server',
  'auditd',
  'elasticsearch',
  'beam.smp',
  'zfs-zed',
  'zed',
  'smbd',
  'nfsd',
  'named',
  'unbound',
  'dnsmasq',
]);

/** Well-known ports of the critical daemons: `kill $(lsof -t -i:5432)` kills postgres. */
const PORT_OWNERS: Readonly<Record<string, string>> = {
  '22': 'sshd',
  '53': 'named',
  '80': 'nginx',
  '443': 'nginx',
  '2375': 'dockerd',
  '2376': 'dockerd',
  '2379': 'etcd',
  '3306': 'mysqld',
  '5432': 'postgres',
  '5672': 'beam.smp',
  '6379': 'redis-server',
  '6443': 'kube-apiserver',
  '9092': 'kafka',
  '9200': 'elasticsearch',
  '27017': 'mongod',
};

/** The daemon behind a port named in a pid lookup (`lsof -t -i:5432`, `fuser 3306/tcp`). */
function portOwner(text: string): string | undefined {
  const m = /(?:-i\s*(?:tcp|udp)?:|sport = :|\s)(\d{2,5})(?:\/(?:tcp|udp))?\b/i.exec(text);
  return m ? PORT_OWNERS[m[1] ?? ''] : undefined;
}

/** Signals that do not end a process: existence checks, pause/continue, reload conventions. */
const GENTLE = new Set([
  '0',
  'HUP',
  '1',
  'USR1',
  '10',
  'USR2',
  '12',
  'CONT',
  '18',
  'WINCH',
  '28',
  'STOP',
  '19',
  'TSTP',
  '20',
]);

function normSignal(s: string): string {
  return s.replace(/^-/, '').toUpperCase().replace(/^SIG/, '');
}

/** Pattern that matches every process name. */
function matchesAll(pattern: string): boolean {
  return /^(\^?\.[*+]?\$?|\^|\$|\.\*|)$/.test(pattern);
}

/**
 * Does a process-name pattern reach a critical daemon? `partial`: pgrep-style regex on the name.
 */
function criticalHit(pattern: string, partial: boolean, fullCmdline: boolean): string | undefined {
  const p = pattern.toLowerCase().replace(/^\^/, '').replace(/\$$/, '');
  if (fullCmdline) {
    return wordsOf(p)
      .map((w) => w.slice(w.lastIndexOf('/') + 1))
      .find((w) => CRITICAL.has(w));
  }
  if (CRITICAL.has(p)) return p;
  if (partial && p.length >= 2 && /^[a-z0-9_.-]+$/.test(p))
    return [...CRITICAL].find((c) => c.includes(p));
  return undefined;
}

/** `kill [-s SIG | -SIG] PID...`, `kill -l`. */
export function kill(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'kill';
  const args = inv.args;
  if (args.length === 0 || isList(args)) return [readOnly(ctx, tool, 'list', 'system/read')];
  let signal = 'TERM';
  let i = 0;
  const first = args[0] ?? '';
  // A lone `kill -1` names no pid; read it the fail-closed way, as `-1` = every process.
  if (args.length === 1 && first === '-1') i = 0;
  else if (first === '-s' || first === '-n' || first === '--signal') {
    signal = normSignal(args[1] ?? '');
    i = 2;
  } else if (/^-[A-Za-z0-9+]+$/.test(first)) {
    signal = normSignal(first);
    i = 1;
  }
  if (args[i] === '--') i++;
  const targets = inv.words.slice(i);
  const gentle = GENTLE.has(signal);
  const reasons: string[] = [];
  let risk: 'none' | 'low' | 'high' | 'catastrophic' = signal === '0' ? 'none' : 'low';
  let rule = signal === '0' ? 'system/read' : 'system/kill';
  for (const t of targets) {
    if (signal === '0') break;
    if (t.text === '-1') {
      risk = gentle && signal !== 'STOP' && signal !== '19' ? 'high' : 'catastrophic';
      rule = 'system/kill-all';
      reasons.push(`sends SIG${signal} to every process on the machine`);
    } else if (t.text === '1' && !gentle) {
      risk = 'catastrophic';
      rule = 'system/kill-init';
      reasons.push(`sends SIG${signal} to init (pid 1): the machine goes down`);
    } else if (t.dynamic && risk !== 'catastrophic') {
      const hit = wordsOf(t.text).find((w) => CRITICAL.has(w)) ?? portOwner(t.text);
      if (hit && !gentle) {
        risk = 'high';
        rule = 'system/kill-daemon';
        reasons.push(`kills ${hit}, a daemon other things depend on`);
      }
    }
  }
  if (reasons.length === 0) {
    reasons.push(
      signal === '0'
        ? 'only checks that the process exists'
        : `sends SIG${signal} to ${targets.map((t) => t.text).join(' ')}`,
    );
  }
  return [
    finding(ctx, tool, {
      env: ctx.envOf(),
      verb: `kill -${signal}`,
      risk,
      effect: risk === 'none' ? 'read' : 'write',
      rule,
      targets: targets.map((t) => t.text),
      reasons,
    }),
  ];
}

function isList(args: readonly string[]): boolean {
  return args[0] === '-l' || args[0] === '-L' || args[0] === '--list' || args[0] === '--table';
}

const PKILL_VALUE = [
  '--signal',
  '-g',
  '--pgroup',
  '-G',
  '--group',
  '-P',
  '--parent',
  '-s',
  '--session',
  '-t',
  '--terminal',
  '-u',
  '--euid',
  '-U',
  '--uid',
  '-F',
  '--pidfile',
  '--ns',
  '--nslist',
  '-O',
  '--older',
  '-q',
  '--queue',
  '-r',
  '--runstates',
  '--cgroup',
  '-d',
  '--delimiter',
];
const KILLALL_VALUE = [
  '-s',
  '--signal',
  '-u',
  '--user',
  '-o',
  '--older-than',
  '-y',
  '--younger-than',
  '-n',
  '--ns',
  '-Z',
  '--context',
];

/** `pkill [-SIG] [opts] PATTERN` and `killall [-SIG] [opts] NAME...`. */
export function pkill(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = inv.name;
  if (inv.args.includes('--help') || inv.args.includes('-V') || inv.args.includes('--version')) {
    return [readOnly(ctx, tool, 'help', 'system/read')];
  }
  if (tool === 'killall' && (inv.args.includes('-l') || inv.args.includes('--list'))) {
    return [readOnly(ctx, tool, 'list', 'system/read')];
  }
  // A leading `-9` / `-KILL` is the signal, not a bundle of flags.
  let signal = 'TERM';
  const rest = [...inv.args];
  const sigIdx = rest.findIndex((a) => /^-(\d+|[A-Z][A-Z0-9+]+)$/.test(a));
  if (sigIdx >= 0) signal = normSignal(rest.splice(sigIdx, 1)[0] ?? '');
  const p = parseArgs(rest, { value: tool === 'killall' ? KILLALL_VALUE : PKILL_VALUE });
  signal = normSignal(value(p, '--signal', ...(tool === 'killall' ? ['-s'] : [])) ?? signal);
  const user = value(p, '-u', '--user', '--euid', '-U', '--uid');
  const patterns = p.positionals;
  const full = tool === 'pkill' && has(p, '-f', '--full');
  const exact = tool === 'killall' ? !has(p, '-r', '--regexp') : has(p, '-x', '--exact');
  const targets = [...patterns, ...(user ? [`user ${user}`] : [])];
  if (signal === '0')
    return [readOnly(ctx, tool, `${tool} -0`, 'system/read', 'only checks for matches', targets)];
  const gentle = GENTLE.has(signal);
  const all = patterns.length > 0 ? patterns.some((pt) => matchesAll(pt) && !exact) : false;
  if (
    !gentle &&
    (all || (patterns.length === 0 && user !== undefined && /^(root|0)$/.test(user)))
  ) {
    return [
      finding(ctx, tool, {
        env: ctx.envOf(),
        verb: tool,
        risk: 'catastrophic',
        effect: 'write',
        rule: 'system/kill-all',
        targets,
        reasons: [
          `the pattern matches every process${user ? ` of ${user}` : ''}: the machine goes down`,
        ],
      }),
    ];
  }
  const hit = patterns.map((pt) => criticalHit(pt, !exact, full)).find((h) => h !== undefined);
  if (hit && !gentle) {
    const note = hit === 'sshd' ? ['on a remote host this cuts off your own access'] : [];
    return [
      finding(ctx, tool, {
        env: ctx.envOf(),
        verb: tool,
        risk: 'high',
        effect: 'write',
        rule: 'system/kill-daemon',
        targets,
        reasons: [`kills ${hit}, a daemon other things depend on`, ...note],
      }),
    ];
  }
  if (!gentle && user !== undefined && patterns.length === 0) {
    return [
      finding(ctx, tool, {
        env: ctx.envOf(),
        verb: tool,
        risk: 'high',
        effect: 'write',
        rule: 'system/kill-user',
        targets,
        reasons: [`kills every process of ${user}, including their sessions and unsaved work`],
      }),
    ];
  }
  return [
    finding(ctx, tool, {
      env: ctx.envOf(),
      verb: `${tool} -${signal}`,
      risk: 'low',
      rule: 'system/kill',
      targets,
      reasons: [`sends SIG${signal} to processes matching ${patterns.join(' ')}`],
    }),
  ];
}
