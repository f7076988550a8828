/**
 * VPNs, NIC settings and diagnostics: wg, wg-quick, tailscale, openvpn, ethtool, ss, netstat,
 * traceroute, ping, dig, nslookup. A public Tailscale funnel exposes a local service to the
 * internet; flashing NIC firmware can brick the card; the rest is recoverable or read-only.
 */
import type { Action } from '../types.js';
import type { Invocation, ToolContext } from '../model.js';
import { finding, isHelp, readOnly, type Finding } from './system-common.js';

/** `wg` and `wg-quick`. */
export function wireguard(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = inv.name;
  const verb = inv.args.find((a) => !a.startsWith('-')) ?? 'show';
  const iface = inv.args.filter((a) => !a.startsWith('-'))[1];
  if (isHelp(inv.args) || /^(show|showconf|genkey|genpsk|pubkey|strip)$/.test(verb))
    return [readOnly(ctx, tool, verb, 'network/read')];
  return [
    finding(ctx, tool, {
      verb: `${tool} ${verb}`,
      risk: 'low',
      rule: 'network/vpn',
      targets: iface ? [iface] : [],
      env: ctx.envOf(),
      reasons: [
        verb === 'down'
          ? 'takes the WireGuard tunnel down (a remote session over it is cut)'
          : `${tool} ${verb}: a recoverable VPN change`,
      ],
    }),
  ];
}

/**
 * `ethtool`: queries by default; writing the NIC's EEPROM or flashing its firmware can brick it.
 */
export function ethtool(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'ethtool';
  const flag = inv.args.find((a) => a.startsWith('-')) ?? '';
  const dev = inv.args.find((a) => !a.startsWith('-'));
  if (/^(-E|--change-eeprom|-f|--flash)$/.test(flag)) {
    return [
      finding(ctx, tool, {
        verb: `ethtool ${flag}`,
        risk: 'high',
        effect: 'write',
        rule: 'network/nic-firmware',
        targets: [dev ?? ''],
        env: ctx.envOf(),
        reasons: ['writes the NIC EEPROM or firmware: a bad image leaves the card unusable'],
      }),
    ];
  }
  if (
    /^(-s|--change|-K|--offload|--features|-G|--set-ring|-C|--coalesce|-A|--pause|-L|--set-channels|-r|--negotiate|-X|--set-rxfh-indir|--rxfh|-N|-U|--config-nfc|--config-ntuple|--set-eee|--set-priv-flags|--set-fec|-W|--set-dump|--reset|-t|--test|--set-phy-tunable|--set-tunable|--set-module|--set-plca-cfg|--set-mm|--set-pse)$/.test(
      flag,
    )
  ) {
    return [
      finding(ctx, tool, {
        verb: `ethtool ${flag}`,
        risk: 'low',
        rule: 'network/config',
        targets: [dev ?? ''],
        env: ctx.envOf(),
        reasons: ['changes NIC settings (recoverable; the link may bounce)'],
      }),
    ];
  }
  return [readOnly(ctx, tool, 'show', 'network/read', 'read-only', dev ? [dev] : [])];
}

/**
 * `tailscale`: funnel publishes a local port on the internet; `tailscale ssh` runs a remote
 * command.
 */
export function tailscale(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'tailscale';
  const words = inv.args.filter((a) => !a.startsWith('-'));
  const [verb = 'status', ...rest] = words;
  const env = ctx.envOf();
  if (verb === 'ssh') {
    const host = rest[0] ?? '';
    const at = inv.args.indexOf(host);
    const payload = inv.args.slice(at + 1).filter((a, i) => i > 0 || a !== '--');
    if (payload.length > 0)
      ctx.script(payload.join(' '), `tailscale ssh ${host}`, {
        remote: true,
        env: ctx.envOf(host),
      });
    return [readOnly(ctx, tool, 'ssh', 'network/read', `opens an SSH session to ${host}`, [host])];
  }
  if (
    verb === 'funnel' &&
    !/^(status|reset|off)$/.test(rest[0] ?? '') &&
    !rest.includes('off') &&
    !isHelp(inv.args)
  ) {
    return [
      finding(ctx, tool, {
        verb: 'tailscale funnel',
        risk: 'high',
        effect: 'write',
        rule: 'network/public-exposure',
        targets: rest,
        env,
        reasons: ['publishes a local service on the public internet through Tailscale Funnel'],
      }),
    ];
  }
  const f: Finding =
    isHelp(inv.args) ||
    /^(status|ip|ping|netcheck|whois|version|dns|bugreport|exit-node|metrics|debug|licenses|drive|completion)$/.test(
      verb,
    ) ||
    (verb === 'serve' && rest[0] === 'status') ||
    (verb === 'funnel' && rest[0] === 'status')
      ? { verb, risk: 'none', rule: 'network/read', reasons: ['read-only'] }
      : {
          verb: `tailscale ${verb}`,
          risk: 'low',
          rule: 'network/vpn',
          targets: rest,
          env,
          reasons: [
            verb === 'down' || verb === 'logout'
              ? 'disconnects from the tailnet (a remote session over it is cut)'
              : `tailscale ${verb}: a recoverable VPN change`,
          ],
        };
  return [finding(ctx, tool, f)];
}

/** openvpn: starts a tunnel unless only printing. */
export function openvpn(inv: Invocation, ctx: ToolContext): Action[] {
  if (isHelp(inv.args) || inv.args.some((a) => /^--(genkey|show-.*|version|help)$/.test(a)))
    return [readOnly(ctx, 'openvpn', 'show', 'network/read')];
  return [
    finding(ctx, 'openvpn', {
      verb: 'openvpn',
      risk: 'low',
      rule: 'network/vpn',
      env: ctx.envOf(),
      reasons: ['starts a VPN tunnel'],
    }),
  ];
}

/** ss, netstat, traceroute, ping, dig, nslookup: diagnostics. */
export function diagnostics(inv: Invocation, ctx: ToolContext): Action[] {
  return [readOnly(ctx, inv.name, inv.name, 'network/read')];
}
