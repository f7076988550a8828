/**
 * Appliance control planes: TrueNAS middleware (midclt) and IPMI BMCs (ipmitool); VMware and Xen
 * are in homelab-vmware. Powering a server off through its BMC, exporting a pool with destroy, and
 * deleting datasets or snapshots are judged like their native equivalents; queries are read-only.
 */
import type { Action } from '../types.js';
import type { Invocation, ToolContext } from '../model.js';
import { finding, hostOf, isHelp, optValue, type Finding } from './system-common.js';
import { DESTRUCTIVE_WORD, guest } from './homelab-common.js';

const READ_METHOD =
  /\.(query|get_instance|config|info|status|choices|\w+_choices|ping|get|summary|version)$|^(core\.ping|system\.(info|version|ready|state))$/;

/** Judge one TrueNAS middleware method call. */
function midMethod(method: string, params: string): Finding {
  const t = [params.slice(0, 80)];
  if (READ_METHOD.test(method)) return guest('read', `midclt call ${method}`, t);
  if (/^system\.(reboot|shutdown)$/.test(method)) return guest('node-power', method, ['the NAS']);
  if (method === 'pool.export') {
    return /"destroy"\s*:\s*true/.test(params)
      ? {
          verb: method,
          risk: 'catastrophic',
          rule: 'homelab/zpool-destroy',
          targets: t,
          reasons: ['exports the pool with destroy: the pool and all its data are erased'],
        }
      : {
          verb: method,
          risk: 'high',
          rule: 'homelab/zpool-export',
          targets: t,
          reasons: ['exports (detaches) the pool: its shares, apps and VMs go offline'],
        };
  }
  if (method === 'disk.wipe')
    return {
      verb: method,
      risk: 'catastrophic',
      rule: 'homelab/disk-wipe',
      targets: t,
      reasons: ['wipes a disk'],
    };
  if (method === 'pool.dataset.delete') {
    const rootOnly = /^\s*\[?\s*"[^"/]+"/.test(params);
    return {
      verb: method,
      risk: rootOnly ? 'catastrophic' : 'high',
      rule: 'homelab/zfs-destroy',
      targets: t,
      reasons: [rootOnly ? 'deletes the root dataset of a pool' : 'deletes a dataset and its data'],
    };
  }
  if (/snapshot\.delete$/.test(method)) return guest('snapshot-delete', method, t);
  if (/snapshot\.rollback$|\.rollback$/.test(method)) return guest('rollback', method, t);
  if (/^(vm|virt\.instance|app|chart\.release)\.delete$/.test(method))
    return guest('destroy', method, t);
  if (/^(vm|virt\.instance|app|chart\.release|service)\.(stop|poweroff)$/.test(method))
    return guest('stop', method, t);
  if (DESTRUCTIVE_WORD.test(method.split('.').pop() ?? '')) {
    return {
      verb: method,
      risk: 'high',
      rule: 'homelab/api-delete',
      targets: t,
      reasons: [`${method} deletes through the TrueNAS API`],
    };
  }
  return guest('change', method, t);
}

/** `midclt [-u URI] call [-j] METHOD [ARGS...]`. */
export function midclt(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'midclt';
  const words: string[] = [];
  for (let i = 0; i < inv.args.length; i++) {
    const a = inv.args[i] ?? '';
    if (/^(-u|--uri|-U|--username|-P|--password|-K|--api-key|-t|--timeout)$/.test(a)) i++;
    else if (!a.startsWith('-')) words.push(a);
  }
  const [verb = 'help', method = '', ...params] = words;
  const host = hostOf(optValue(inv.args, '-u', '--uri'));
  const out = (f: Finding): Action[] => [finding(ctx, tool, { ...f, env: ctx.envOf(host) })];
  if (verb !== 'call' || isHelp(inv.args)) return out(guest('read', `midclt ${verb}`, []));
  return out(midMethod(method, params.join(' ')));
}

const IPMI_VALUE = new Set([
  '-I',
  '-H',
  '-U',
  '-P',
  '-p',
  '-L',
  '-k',
  '-y',
  '-f',
  '-t',
  '-b',
  '-T',
  '-B',
  '-l',
  '-m',
  '-A',
  '-R',
  '-N',
  '-C',
  '-o',
  '-O',
  '-e',
  '-z',
  '-Z',
]);

/** `ipmitool [opts] COMMAND ...`: chassis power off/cycle/reset takes the server down. */
export function ipmitool(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'ipmitool';
  const words: string[] = [];
  for (let i = 0; i < inv.args.length; i++) {
    const a = inv.args[i] ?? '';
    if (IPMI_VALUE.has(a)) i++;
    else if (!a.startsWith('-')) words.push(a);
  }
  const host = optValue(inv.args, '-H') ?? 'local BMC';
  const note = inv.args.includes('-P')
    ? ['the BMC password is passed on the command line (visible to other users in ps)']
    : [];
  const out = (f: Finding): Action[] => [
    finding(ctx, tool, {
      ...f,
      targets: [host],
      env: ctx.envOf(host),
      reasons: [...(f.reasons ?? []), ...note],
    }),
  ];
  const [cmd = 'help', sub = '', arg = ''] = words;
  const action = cmd === 'power' ? sub : cmd === 'chassis' && sub === 'power' ? arg : undefined;
  if (action !== undefined) {
    if (/^(off|cycle|reset|soft|diag)$/.test(action)) {
      return out({
        verb: `chassis power ${action}`,
        risk: 'high',
        effect: 'write',
        rule: 'homelab/bmc-power',
        reasons: [`power ${action} through the BMC: the server goes down without a clean shutdown`],
      });
    }
    if (action === 'on')
      return out({
        verb: 'chassis power on',
        risk: 'low',
        rule: 'homelab/bmc-change',
        reasons: ['powers the server on'],
      });
    return out({
      verb: `chassis power ${action}`,
      risk: 'none',
      rule: 'homelab/read',
      reasons: ['read-only'],
    });
  }
  if (
    cmd === 'raw' &&
    /^0x0*0$/.test(sub) &&
    /^0x0*2$/.test(arg) &&
    /^0x0*[0235]$/.test(words[3] ?? '')
  ) {
    return out({
      verb: 'raw chassis control',
      risk: 'high',
      effect: 'write',
      rule: 'homelab/bmc-power',
      reasons: ['a raw chassis control command that powers the server off or resets it'],
    });
  }
  if (/^(hpm|fwum)$/.test(cmd) && /^(upgrade|activate|rollback|update)$/.test(sub)) {
    return out({
      verb: `${cmd} ${sub}`,
      risk: 'high',
      effect: 'write',
      rule: 'homelab/bmc-firmware',
      reasons: ['flashes BMC firmware: a bad image bricks the management controller'],
    });
  }
  const writes =
    (cmd === 'chassis' && /^(bootdev|bootparam|identify|policy|selftest)$/.test(sub)) ||
    cmd === 'raw' ||
    (cmd === 'sol' && sub === 'activate') ||
    (/^(mc|sel|user|lan|channel|sdr|sensor|fru|pef|dcmi|delloem)$/.test(cmd) &&
      /^(reset|clear|set|enable|disable|priv|write|edit|thresh|delete|add|test|password)$/.test(
        sub,
      ));
  if (writes)
    return out({
      verb: `${cmd} ${sub}`,
      risk: 'low',
      rule: 'homelab/bmc-change',
      reasons: [`${cmd} ${sub}: a BMC setting (the host keeps running)`],
    });
  return out({
    verb: `${cmd} ${sub}`.trim(),
    risk: 'none',
    rule: 'homelab/read',
    reasons: ['read-only'],
  });
}
