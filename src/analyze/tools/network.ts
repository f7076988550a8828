/**
 * Tool model: networking. Firewalls (network-iptables, network-iptables-restore, network-nft,
 * network-firewall), links/addresses/routes (network-ip, network-links), traffic control and
 * NetworkManager (network-misc), VPNs, NIC settings and diagnostics (network-vpn).
 */
import type { Action } from '../types.js';
import type { Invocation, ToolContext } from '../model.js';
import { defineTool } from '../model.js';
import { iptables } from './network-iptables.js';
import { iptablesRestore } from './network-iptables-restore.js';
import { firewallCmd, ufw } from './network-firewall.js';
import { nft } from './network-nft.js';
import { ip } from './network-ip.js';
import { ifconfig, ifupdown, route } from './network-links.js';
import { nmcli, tc } from './network-misc.js';
import { diagnostics, ethtool, openvpn, tailscale, wireguard } from './network-vpn.js';

type Analyzer = (inv: Invocation, ctx: ToolContext) => Action[];

const BY_NAME: Readonly<Record<string, Analyzer>> = {
  iptables,
  ip6tables: iptables,
  'iptables-restore': iptablesRestore,
  nft,
  ufw,
  'firewall-cmd': firewallCmd,
  tc,
  ip,
  ifconfig,
  ifdown: ifupdown,
  ifup: ifupdown,
  nmcli,
  route,
  wg: wireguard,
  'wg-quick': wireguard,
  ethtool,
  tailscale,
  openvpn,
  ss: diagnostics,
  netstat: diagnostics,
  traceroute: diagnostics,
  ping: diagnostics,
  dig: diagnostics,
  nslookup: diagnostics,
};

export const networkModel = defineTool({
  family: 'network',
  commands: Object.keys(BY_NAME),
  analyze(inv, ctx) {
    const analyzer = BY_NAME[inv.name];
    return analyzer ? analyzer(inv, ctx) : [];
  },
});
