/**
 * nft, ufw and firewall-cmd. Same judgement as iptables: flushing, disabling, resetting or
 * defaulting to allow opens the firewall; defaulting to drop or dropping SSH locks out remote
 * access; one rule for one port is an intended change.
 */
import type { Action } from '../types.js';
import type { Invocation, ToolContext } from '../model.js';
import { has, parseArgs, value, values } from '../args.js';
import { finding, type Finding } from './system-common.js';
import { judgeIptables, scanIptables } from './network-iptables.js';

const RANK = { none: 0, low: 1, high: 2, catastrophic: 3 } as const;

/** The most severe finding of a list. */
export function worst(list: readonly Finding[]): Finding | undefined {
  return list.reduce<Finding | undefined>(
    (w, f) => (!w || RANK[f.risk] > RANK[w.risk] ? f : w),
    undefined,
  );
}

/** Port specs (`22`, `22/tcp`, `20:25`, `1-65535`, `ssh`, `OpenSSH`) that include SSH. */
export function sshPort(spec: string): boolean {
  return spec.split(/[,\s]/).some((p) => {
    const port = p.split('/')[0] ?? '';
    if (/^(ssh|openssh)$/i.test(port) || port === '22') return true;
    const [lo, hi] = port.split(/[:-]/).map(Number);
    return lo !== undefined && hi !== undefined && !Number.isNaN(lo) && lo <= 22 && 22 <= hi;
  });
}

/** A port range so wide it is "everything". */
export function allPorts(spec: string): boolean {
  const [lo, hi] = (spec.split('/')[0] ?? '').split(/[:-]/).map(Number);
  return lo !== undefined && hi !== undefined && hi - lo >= 10000;
}

/** The parts of a ufw rule: port/app spec, source, and whether it names SSH. */
function ufwRule(words: readonly string[]): {
  port?: string;
  source?: string;
  ssh: boolean;
  broad: boolean;
} {
  const keywords = new Set([
    'in',
    'out',
    'on',
    'from',
    'to',
    'proto',
    'port',
    'log',
    'log-all',
    'comment',
    'app',
    'any',
  ]);
  let port: string | undefined;
  let source: string | undefined;
  let iface = false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i] ?? '';
    if ((w === 'port' || w === 'app') && words[i + 1]) port = words[++i];
    else if (w === 'from' && words[i + 1]) source = words[++i];
    else if (w === 'on') iface = words[++i] !== undefined;
    else if (w === 'proto' || w === 'to' || w === 'comment') i++;
    else if (!keywords.has(w) && port === undefined && i === 0) port = w;
  }
  const anySource = source === undefined || /^(any|0\.0\.0\.0\/0|::\/0)$/.test(source);
  return {
    ...(port !== undefined ? { port } : {}),
    ...(source !== undefined ? { source } : {}),
    ssh: port !== undefined && sshPort(port),
    broad: anySource && !iface && (port === undefined || allPorts(port)),
  };
}

/** `ufw`: disable/reset and default-allow open the firewall; denying SSH locks out. */
export function ufw(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'ufw';
  const args = inv.args.filter((a) => !a.startsWith('--') && a !== '-f');
  const [verb = 'status', ...rest] = args;
  const env = ctx.envOf();
  const out = (f: Finding): Action[] => [finding(ctx, tool, { ...f, env })];
  if (inv.args.includes('--dry-run'))
    return out({
      verb,
      risk: 'none',
      rule: 'network/dry-run',
      reasons: ['dry run: nothing changes'],
    });
  if (
    inv.args.includes('--help') ||
    inv.args.includes('--version') ||
    /^(status|show|version|help)$/.test(verb) ||
    (verb === 'app' && rest[0] !== 'update')
  ) {
    return out({ verb, risk: 'none', rule: 'network/read', reasons: ['read-only'] });
  }
  if (verb === 'disable' || verb === 'reset') {
    return out({
      verb: `ufw ${verb}`,
      risk: 'high',
      effect: 'write',
      rule: 'network/firewall-disable',
      targets: ['ufw'],
      reasons: [
        verb === 'disable'
          ? 'turns the firewall off: every port is reachable'
          : 'deletes every ufw rule and turns the firewall off',
      ],
    });
  }
  if (verb === 'default') {
    const policy = rest[0] ?? '';
    const dir = rest[1] ?? 'incoming';
    if (policy === 'allow' && dir !== 'outgoing') {
      return out({
        verb: `ufw default allow ${dir}`,
        risk: 'high',
        effect: 'write',
        rule: 'network/firewall-open',
        targets: [dir],
        reasons: [`default allow ${dir}: traffic no rule matches is let through`],
      });
    }
    if (policy !== 'allow' && dir === 'outgoing') {
      return out({
        verb: `ufw default ${policy} outgoing`,
        risk: 'high',
        effect: 'write',
        rule: 'network/firewall-lockout',
        targets: [dir],
        reasons: ['blocks all outgoing connections: DNS, updates and every client stop working'],
      });
    }
    return out({
      verb: `ufw default ${policy} ${dir}`,
      risk: 'low',
      rule: 'network/firewall-rule',
      targets: [dir],
      reasons: ['sets a default policy'],
    });
  }
  const isDelete = verb === 'delete';
  const ruleWords = isDelete
    ? rest.slice(1)
    : verb === 'insert' || verb === 'prepend'
      ? rest.slice(verb === 'insert' ? 2 : 1)
      : verb === 'route'
        ? rest.slice(1)
        : rest;
  const action = isDelete
    ? rest[0]
    : verb === 'insert'
      ? rest[1]
      : verb === 'prepend' || verb === 'route'
        ? rest[0]
        : verb;
  if (action && /^(allow|deny|reject|limit)$/.test(action)) {
    const r = ufwRule(ruleWords.filter((w) => w !== 'in' && w !== 'out'));
    const removesSsh = isDelete && (action === 'allow' || action === 'limit') && r.ssh;
    const blocksSsh =
      !isDelete &&
      (action === 'deny' || action === 'reject') &&
      (r.ssh || r.broad) &&
      r.source === undefined;
    if (removesSsh || blocksSsh) {
      return out({
        verb: `ufw ${verb} ${ruleWords.join(' ')}`,
        risk: 'high',
        effect: 'write',
        rule: 'network/firewall-lockout',
        targets: [r.port ?? 'all ports'],
        reasons: ['blocks SSH (or everything): remote access is cut'],
      });
    }
    if (!isDelete && action === 'allow' && r.broad) {
      return out({
        verb: `ufw allow ${ruleWords.join(' ')}`,
        risk: 'high',
        effect: 'write',
        rule: 'network/firewall-open',
        targets: [r.port ?? 'all ports'],
        reasons: ['allows every port from anywhere: the firewall stops filtering'],
      });
    }
    return out({
      verb: `ufw ${verb} ${ruleWords.join(' ')}`,
      risk: 'low',
      rule: 'network/firewall-rule',
      targets: [r.port ?? r.source ?? ''],
      reasons: ['one intended firewall rule'],
    });
  }
  return out({
    verb: `ufw ${verb}`,
    risk: 'low',
    rule: 'network/firewall-rule',
    targets: rest,
    reasons: [
      verb === 'enable'
        ? 'turns the firewall on (make sure SSH is allowed first)'
        : `ufw ${verb}: a recoverable change`,
    ],
  });
}

/** `firewall-cmd`: panic mode, trusted default zone or dropping SSH; queries are read-only. */
export function firewallCmd(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'firewall-cmd';
  const env = ctx.envOf();
  const out = (f: Finding): Action[] => [finding(ctx, tool, { ...f, env })];
  const p = parseArgs(inv.args, {
    value: [
      '--zone',
      '--set-default-zone',
      '--set-target',
      '--add-service',
      '--remove-service',
      '--add-port',
      '--remove-port',
      '--add-source',
      '--remove-source',
      '--add-interface',
      '--change-interface',
      '--add-rich-rule',
      '--remove-rich-rule',
    ],
  });
  const zone = value(p, '--zone') ?? 'default';
  const found: Finding[] = [];
  const lock = (what: string): void =>
    void found.push({
      verb: what,
      risk: 'high',
      effect: 'write',
      rule: 'network/firewall-lockout',
      targets: [zone],
      reasons: [`${what}: remote access (SSH) is cut`],
    });
  const open = (what: string): void =>
    void found.push({
      verb: what,
      risk: 'high',
      effect: 'write',
      rule: 'network/firewall-open',
      targets: [zone],
      reasons: [`${what}: the firewall stops filtering that traffic`],
    });
  if (has(p, '--panic-on')) lock('panic mode drops all traffic');
  const def = value(p, '--set-default-zone');
  if (def === 'trusted') open('default zone trusted');
  if (def === 'drop' || def === 'block') lock(`default zone ${def}`);
  const target = value(p, '--set-target');
  if (target === 'ACCEPT') open(`zone ${zone} target ACCEPT`);
  if (zone === 'trusted' && has(p, '--add-interface', '--change-interface', '--add-source'))
    open('traffic put in the trusted zone');
  if (values(p, '--remove-service', '--remove-port').some(sshPort))
    lock('removes the SSH allowance');
  if (values(p, '--add-port').some(allPorts)) open('opens every port');
  for (const rich of values(p, '--add-rich-rule')) {
    const words = rich.split(/\s+/);
    const ssh = /service\s+name="?ssh"?|port\s+port="?22"?/.test(rich);
    if (words.some((w) => /^(drop|reject)$/.test(w)) && ssh) lock('a rich rule dropping SSH');
    if (
      words.includes('accept') &&
      !/service|port|source\s+address="?(?!0\.0\.0\.0\/0)\d/.test(rich)
    )
      open('a rich rule accepting everything');
  }
  if (has(p, '--direct')) {
    const pass = inv.args.indexOf('--passthrough');
    const add = inv.args.indexOf('--add-rule');
    if (pass >= 0) found.push(judgeIptables(scanIptables(inv.args.slice(pass + 2)), 'iptables'));
    if (add >= 0) {
      const [, table = 'filter', chain = '', , ...rule] = inv.args.slice(add + 1);
      found.push(judgeIptables(scanIptables(['-t', table, '-A', chain, ...rule]), 'iptables'));
    }
  }
  const top = worst(found);
  if (top) return out(top);
  const change = inv.args.find(
    (a) =>
      /^--(add|remove|set|change|new|delete|reload|complete-reload|runtime-to-permanent|panic-off|load|reset|permanent|lockdown)/.test(
        a,
      ) && a !== '--permanent',
  );
  if (change)
    return out({
      verb: change.split('=')[0] ?? change,
      risk: 'low',
      rule: 'network/firewall-rule',
      targets: [zone],
      reasons: ['a recoverable firewall change'],
    });
  return out({ verb: 'query', risk: 'none', rule: 'network/read', reasons: ['read-only'] });
}
