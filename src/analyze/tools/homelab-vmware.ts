/**
 * VMware and Xen control planes: esxcli, vim-cmd, govc (vSphere) and xe (XenServer/XCP-ng).
 * Destroying or powering off VMs, deleting snapshots and datastores, and host shutdowns are judged
 * like their native equivalents; queries are read-only.
 */
import type { Action } from '../types.js';
import type { Invocation, ToolContext } from '../model.js';
import { finding, hostOf, isHelp, optValue, type Finding } from './system-common.js';
import { DESTRUCTIVE_WORD, guest } from './homelab-common.js';

/** `esxcli [opts] NAMESPACE... COMMAND [--opts]`. */
export function esxcli(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'esxcli';
  const words: string[] = [];
  for (let i = 0; i < inv.args.length; i++) {
    const a = inv.args[i] ?? '';
    if (a.startsWith('-')) {
      if (words.length === 0 && !a.includes('=')) i++;
      else break;
    } else words.push(a);
  }
  const path = words.join(' ');
  const cmd = words[words.length - 1] ?? '';
  const host = optValue(inv.args, '-s', '--server');
  const out = (f: Finding): Action[] => [finding(ctx, tool, { ...f, env: ctx.envOf(host) })];
  const val = (n: string): string => (optValue(inv.args, n) ?? '').toLowerCase();
  if (path === 'vm process kill')
    return out(
      guest(
        'stop',
        path,
        [val('--world-id') || val('-w')],
        ['kills the VM process: a hard power-off'],
      ),
    );
  if (/^system shutdown (poweroff|reboot)$/.test(path))
    return out(guest('node-power', path, [host ?? 'the ESXi host']));
  if (
    path === 'network firewall set' &&
    (val('--enabled') === 'false' || val('-e') === 'false' || val('--default-action') === 'true')
  ) {
    return out({
      verb: path,
      risk: 'high',
      effect: 'write',
      rule: 'network/firewall-disable',
      targets: [host ?? 'ESXi'],
      reasons: ['turns the host firewall off or to default-allow'],
    });
  }
  if (
    path === 'network ip interface set' &&
    (val('--enabled') === 'false' || val('-e') === 'false')
  ) {
    return out({
      verb: path,
      risk: 'high',
      effect: 'write',
      rule: 'network/link-down',
      targets: [val('--interface-name') || val('-i')],
      reasons: ['disables a VMkernel interface: the host may drop off the network'],
    });
  }
  if (/^(list|get|info|show)$/.test(cmd) || isHelp(inv.args)) return out(guest('read', path, []));
  if (DESTRUCTIVE_WORD.test(cmd) || /^(unmount|detach)$/.test(cmd)) {
    return out({
      verb: path,
      risk: 'high',
      rule: 'homelab/api-delete',
      targets: [path],
      reasons: [`esxcli ${path} removes or detaches something the host uses`],
    });
  }
  return out(guest('change', path, []));
}

/** `vim-cmd vmsvc/power.off ID`, `vim-cmd vmsvc/destroy ID`, `vim-cmd vmsvc/getallvms` ... */
export function vimCmd(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'vim-cmd';
  const [op = 'help', ...rest] = inv.args.filter((a) => !a.startsWith('-'));
  const cmd = op.slice(op.lastIndexOf('/') + 1);
  const out = (f: Finding): Action[] => [finding(ctx, tool, { ...f, env: ctx.envOf() })];
  const targets = rest.slice(0, 1);
  if (/^power\.(off|shutdown|reset|reboot|suspend|hibernate)$/.test(cmd))
    return out(guest('stop', op, targets));
  if (cmd === 'destroy') return out(guest('destroy', op, targets));
  if (cmd === 'unregister') return out(guest('undefine', op, targets));
  if (/^snapshot\.remove(all)?$/.test(cmd))
    return out(
      guest(
        'snapshot-delete',
        op,
        targets,
        cmd === 'snapshot.removeall' ? ['removes every snapshot of the VM'] : [],
      ),
    );
  if (cmd === 'snapshot.revert') return out(guest('rollback', op, targets));
  if (cmd === 'snapshot.create') return out(guest('snapshot', op, targets));
  if (/^(shutdown|reboot)$/.test(cmd) && op.startsWith('hostsvc'))
    return out(guest('node-power', op, ['the ESXi host']));
  if (
    /^(get|getallvms|power\.getstate|snapshot\.get|hostsummary|.*info|help)/.test(cmd) ||
    op === 'help'
  )
    return out(guest('read', op, targets));
  if (DESTRUCTIVE_WORD.test(cmd))
    return out({
      verb: op,
      risk: 'high',
      rule: 'homelab/api-delete',
      targets,
      reasons: [`${op} deletes or removes`],
    });
  return out(guest('change', op, targets));
}

/** `govc COMMAND [flags] [ARGS]` (vSphere CLI). */
export function govc(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'govc';
  const [cmd = 'help'] = inv.args;
  const rest = inv.args.slice(1).filter((a) => !a.startsWith('-'));
  const url = optValue(inv.args, '-u') ?? ctx.env.GOVC_URL;
  const out = (f: Finding): Action[] => [
    finding(ctx, tool, { ...f, env: ctx.envOf(hostOf(url), ...rest) }),
  ];
  if (cmd === 'vm.power') {
    if (inv.args.some((a) => /^-(off|reset|s|r|suspend)(=true)?$/.test(a)))
      return out(guest('stop', 'govc vm.power', rest));
    return out(guest('change', 'govc vm.power', rest));
  }
  if (cmd === 'vm.destroy') return out(guest('destroy', cmd, rest));
  if (cmd === 'vm.unregister') return out(guest('undefine', cmd, rest));
  if (cmd === 'snapshot.remove')
    return out(
      guest('snapshot-delete', cmd, rest, rest.includes('*') ? ['"*" removes every snapshot'] : []),
    );
  if (cmd === 'snapshot.revert') return out(guest('rollback', cmd, rest));
  if (cmd === 'snapshot.create') return out(guest('snapshot', cmd, rest));
  if (/^(datastore\.rm|datastore\.disk\.rm|disk\.rm|volume\.rm)$/.test(cmd))
    return out(guest('volume-delete', cmd, rest));
  if (/^host\.(shutdown|reboot)$/.test(cmd)) return out(guest('node-power', cmd, rest));
  if (
    /(^|\.)(ls|find|info|about|events|tree|logs|tasks|env|version|collect|object\.collect|ls|list|diff|metric\.sample|help)$/.test(
      cmd,
    ) ||
    isHelp(inv.args)
  ) {
    return out(guest('read', `govc ${cmd}`, rest));
  }
  if (DESTRUCTIVE_WORD.test(cmd))
    return out({
      verb: `govc ${cmd}`,
      risk: 'high',
      rule: 'homelab/api-delete',
      targets: rest,
      reasons: [`govc ${cmd} deletes vSphere objects`],
    });
  return out(guest('change', `govc ${cmd}`, rest));
}

/** `xe COMMAND key=value ...` (XenServer / XCP-ng). */
export function xe(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'xe';
  const cmd = inv.args.find((a) => !a.startsWith('-') && !a.includes('=')) ?? 'help';
  const params = inv.args.filter((a) => a.includes('='));
  const target =
    params.find((p) => /^(uuid|vm|name-label|vdi-uuid|sr-uuid|snapshot-uuid|host)=/.test(p)) ?? '';
  const out = (f: Finding): Action[] => [finding(ctx, tool, { ...f, env: ctx.envOf(target) })];
  const t = target ? [target] : [];
  if (cmd === 'sr-destroy') {
    return out({
      verb: cmd,
      risk: 'catastrophic',
      rule: 'homelab/storage-delete',
      targets: t,
      reasons: ['destroys a storage repository and every virtual disk in it'],
    });
  }
  if (/^(vm-uninstall|vm-destroy|template-uninstall)$/.test(cmd))
    return out(guest('destroy', cmd, t));
  if (/^vm-(shutdown|reboot|reset-powerstate|suspend|pause)$/.test(cmd))
    return out(guest('stop', cmd, t));
  if (/^snapshot-(destroy|uninstall)$/.test(cmd)) return out(guest('snapshot-delete', cmd, t));
  if (/^(snapshot-revert|vm-revert)$/.test(cmd)) return out(guest('rollback', cmd, t));
  if (/^(vm-snapshot|vm-checkpoint|vm-export|snapshot-export-to-template)$/.test(cmd))
    return out(guest('snapshot', cmd, t));
  if (/^(vdi-destroy|vm-disk-remove|vbd-destroy)$/.test(cmd))
    return out(guest('volume-delete', cmd, t));
  if (/^host-(shutdown|reboot)$/.test(cmd)) return out(guest('node-power', cmd, t));
  if (
    /-(list|param-get|param-list)$|^(help|host-get-.*|vm-compute-.*)$/.test(cmd) ||
    isHelp(inv.args)
  )
    return out(guest('read', cmd, t));
  if (/-(destroy|uninstall|eject)$/.test(cmd))
    return out({
      verb: cmd,
      risk: 'high',
      rule: 'homelab/api-delete',
      targets: t,
      reasons: [`xe ${cmd} destroys or removes`],
    });
  return out(guest('change', cmd, t));
}
