/**
 * Services: systemctl, service, launchctl. Stopping, disabling or killing a service takes it down
 * (high); starting, restarting and reloading are recoverable (the corpus counts a restart as safe);
 * power and rescue targets take the machine down.
 */
import type { Action } from '../types.js';
import type { Invocation, ToolContext } from '../model.js';
import { has, parseArgs, value } from '../args.js';
import { finding, hostOf, isHelp, readOnly } from './system-common.js';

/** Units whose loss has a consequence worth naming in the explanation. */
function unitNote(unit: string): string | undefined {
  const u = unit.toLowerCase().replace(/\.(service|socket)$/, '');
  if (/^(sshd?|openssh(-server)?|dropbear)$/.test(u)) {
    return 'stopping sshd on a remote host cuts off your own access';
  }
  if (
    /^(networking|network|networkmanager|systemd-networkd|systemd-resolved|wpa_supplicant|dhcpcd)$/.test(
      u,
    )
  ) {
    return 'takes the machine off the network';
  }
  if (
    /^(ufw|firewalld|nftables|iptables|ip6tables|netfilter-persistent|apparmor|auditd|fail2ban|crowdsec|selinux|clamav-daemon|wazuh-agent|falco|osqueryd)$/.test(
      u,
    )
  ) {
    return `${u} is a security control: stopping it weakens the machine's protection`;
  }
  if (
    /^(docker|containerd|kubelet|k3s|k3s-agent|rke2-server|podman|libvirtd|pve-cluster|pveproxy|pvedaemon|corosync|ceph.*)$/.test(
      u,
    )
  ) {
    return `${u} runs other workloads: everything on it goes down`;
  }
  if (
    /^(postgresql.*|mysql|mysqld|mariadb|mongod|redis.*|elasticsearch|rabbitmq-server|kafka|etcd|cassandra)$/.test(
      u,
    )
  ) {
    return `${u} is a database: its clients fail while it is down`;
  }
  return undefined;
}

/** Targets that take the whole machine down or to single-user mode. */
export const POWER_TARGETS =
  /^(poweroff|reboot|halt|kexec|rescue|emergency|shutdown|soft-reboot|sleep|suspend|hibernate|hybrid-sleep|suspend-then-hibernate)(\.target)?$/;

const SYSTEMCTL_VALUE = [
  '-t',
  '--type',
  '--state',
  '-p',
  '--property',
  '-s',
  '--signal',
  '--kill-whom',
  '--kill-value',
  '-H',
  '--host',
  '-M',
  '--machine',
  '-n',
  '--lines',
  '-o',
  '--output',
  '--root',
  '--image',
  '--job-mode',
  '--what',
  '--when',
  '--timestamp',
  '--boot-loader-entry',
  '--boot-loader-menu',
  '--message',
  '--reboot-argument',
  '--preset-mode',
  '--drop-in',
  '--check-inhibitors',
  '--image-policy',
  '--marked',
];

const SYSTEMCTL_READ = new Set([
  'status',
  'show',
  'cat',
  'list-units',
  'list-unit-files',
  'list-sockets',
  'list-timers',
  'list-jobs',
  'list-dependencies',
  'list-machines',
  'list-automounts',
  'list-paths',
  'is-active',
  'is-enabled',
  'is-failed',
  'is-system-running',
  'help',
  'show-environment',
  'get-default',
  'whoami',
  'log-level',
  'log-target',
  'service-watchdogs',
]);

const SYSTEMCTL_DOWN = new Set(['stop', 'kill', 'disable', 'mask', 'freeze', 'clean']);
const SYSTEMCTL_POWER = new Set([
  'poweroff',
  'reboot',
  'halt',
  'kexec',
  'suspend',
  'hibernate',
  'hybrid-sleep',
  'suspend-then-hibernate',
  'soft-reboot',
  'emergency',
  'rescue',
  'exit',
  'switch-root',
  'sleep',
]);

/** `systemctl [opts] VERB [UNIT...]`. */
export function systemctl(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'systemctl';
  if (isHelp(inv.args) || inv.args.includes('-h'))
    return [readOnly(ctx, tool, 'help', 'system/read')];
  const p = parseArgs(inv.args, { value: SYSTEMCTL_VALUE });
  const [verb = 'list-units', ...units] = p.positionals;
  const host = value(p, '-H', '--host');
  const env = ctx.envOf(hostOf(host), ...units);
  if (has(p, '--dry-run'))
    return [readOnly(ctx, tool, verb, 'system/dry-run', 'dry run: nothing changes', units)];
  if (SYSTEMCTL_READ.has(verb))
    return [readOnly(ctx, tool, verb, 'system/read', 'read-only', units)];
  if (SYSTEMCTL_POWER.has(verb)) {
    return [
      finding(ctx, tool, {
        verb,
        risk: 'high',
        effect: 'write',
        rule: 'system/power',
        env,
        targets: [host ?? 'this machine'],
        reasons: [`systemctl ${verb} takes the whole machine down`],
      }),
    ];
  }
  if (verb === 'isolate' || verb === 'start' || verb === 'restart' || verb === 'set-default') {
    const power = units.find((u) => POWER_TARGETS.test(u));
    if (power && verb !== 'set-default') {
      return [
        finding(ctx, tool, {
          verb,
          risk: 'high',
          effect: 'write',
          rule: 'system/power',
          env,
          targets: [power],
          reasons: [`switching to ${power} takes the machine down or into single-user mode`],
        }),
      ];
    }
    if (verb === 'isolate') {
      return [
        finding(ctx, tool, {
          verb,
          risk: 'high',
          effect: 'write',
          rule: 'system/isolate',
          env,
          targets: units,
          reasons: ['isolate stops every unit the target does not need'],
        }),
      ];
    }
  }
  if (SYSTEMCTL_DOWN.has(verb)) {
    const notes = units.map(unitNote).filter((n): n is string => n !== undefined);
    const what = verb === 'clean' ? 'deletes the state, cache or log directories of' : `${verb}s`;
    const reasons = [
      `${what} ${units.join(' ') || 'the named units'}: the service goes down or stays down`,
      ...notes,
    ];
    if (verb === 'disable' || verb === 'mask') {
      reasons[0] = has(p, '--now')
        ? `${verb}s and stops ${units.join(' ')}`
        : `${verb}s ${units.join(' ')}: it will not run after the next boot`;
    }
    return [
      finding(ctx, tool, {
        verb,
        risk: 'high',
        effect: verb === 'clean' ? 'delete' : 'write',
        rule: verb === 'clean' ? 'system/service-clean' : 'system/service-stop',
        env,
        targets: units,
        reasons,
      }),
    ];
  }
  // start, restart, reload, enable, daemon-reload, set-property, edit, reset-failed ...:
  // recoverable.
  return [
    finding(ctx, tool, {
      verb,
      risk: 'low',
      rule: 'system/service-change',
      env,
      targets: units,
      reasons: [`${verb} ${units.join(' ')}: a recoverable service change`],
    }),
  ];
}

/** `service NAME ACTION` (SysV/Upstart wrapper) and `service --status-all`. */
export function service(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'service';
  if (isHelp(inv.args) || inv.args.includes('--status-all') || inv.args.length === 0) {
    return [readOnly(ctx, tool, 'status', 'system/read')];
  }
  const [name = '', action = ''] = inv.args.filter((a) => !a.startsWith('-'));
  if (/^(status|show|configtest|checkconfig|test)$/.test(action)) {
    return [readOnly(ctx, tool, action, 'system/read', 'read-only', [name])];
  }
  if (/^(stop|force-stop|kill|disable|zap)$/.test(action)) {
    const note = unitNote(name);
    return [
      finding(ctx, tool, {
        verb: action,
        risk: 'high',
        effect: 'write',
        rule: 'system/service-stop',
        targets: [name],
        reasons: [`stops the ${name} service`, ...(note ? [note] : [])],
      }),
    ];
  }
  return [
    finding(ctx, tool, {
      verb: action,
      risk: 'low',
      rule: 'system/service-change',
      targets: [name],
      reasons: [`${action} ${name}: a recoverable service change`],
    }),
  ];
}

/** `launchctl` (macOS): unload/bootout/stop/kill/remove/disable take a service down. */
export function launchctl(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'launchctl';
  const [verb = 'help', ...rest] = inv.args.filter((a) => !a.startsWith('-'));
  if (
    /^(list|print|print-cache|print-disabled|blame|dumpstate|dumpjpcategory|managerpid|manageruid|managername|help|version|error|examine|getenv|procinfo|hostinfo|resolveport|limit|plist)$/.test(
      verb,
    )
  ) {
    return [readOnly(ctx, tool, verb, 'system/read', 'read-only', rest)];
  }
  if (verb === 'reboot' || verb === 'halt') {
    return [
      finding(ctx, tool, {
        verb,
        risk: 'high',
        effect: 'write',
        rule: 'system/power',
        targets: rest,
        reasons: ['launchctl reboot takes the machine (or its user space) down'],
      }),
    ];
  }
  if (/^(unload|bootout|stop|kill|remove|disable)$/.test(verb)) {
    return [
      finding(ctx, tool, {
        verb,
        risk: 'high',
        effect: 'write',
        rule: 'system/service-stop',
        targets: rest,
        reasons: [`launchctl ${verb} takes ${rest.join(' ')} down`],
      }),
    ];
  }
  return [
    finding(ctx, tool, {
      verb,
      risk: 'low',
      rule: 'system/service-change',
      targets: rest,
      reasons: [`launchctl ${verb}: a recoverable service change`],
    }),
  ];
}
