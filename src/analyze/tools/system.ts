/**
 * Tool model: system administration. Services (system-services), power (system-power), processes
 * (system-procs), accounts (system-users, system-passwd), scheduling (system-sched), kernel and
 * mounts (system-kernel), boot/journal/sessions/inspectors (system-boot). `sudo` is unwrapped by
 * the engine before this model runs.
 */
import type { Action } from '../types.js';
import type { Invocation, ToolContext } from '../model.js';
import { defineTool } from '../model.js';
import { launchctl, service, systemctl } from './system-services.js';
import { power, runlevel } from './system-power.js';
import { kill, pkill } from './system-procs.js';
import { groupdel, useradd, userdel, usermod } from './system-users.js';
import { chpasswd, gpasswd, passwd, visudo } from './system-passwd.js';
import { at, crontab } from './system-sched.js';
import { modules, mount, setenforce, swap, sysctl, umount } from './system-kernel.js';
import { boot, ctl, inspect, journalctl, loginctl } from './system-boot.js';
import { gateStopActions } from '../self-gate.js';

type Analyzer = (inv: Invocation, ctx: ToolContext) => Action[];

const BY_NAME: Readonly<Record<string, Analyzer>> = {
  systemctl,
  service,
  launchctl,
  shutdown: power,
  reboot: power,
  halt: power,
  poweroff: power,
  init: runlevel,
  telinit: runlevel,
  kill,
  killall: pkill,
  pkill,
  useradd,
  adduser: useradd,
  userdel,
  deluser: userdel,
  usermod,
  groupadd: groupdel,
  groupdel,
  gpasswd,
  passwd,
  chpasswd,
  visudo,
  crontab,
  at,
  mount,
  umount,
  swapoff: swap,
  swapon: swap,
  sysctl,
  modprobe: modules,
  rmmod: modules,
  insmod: modules,
  setenforce,
  timedatectl: ctl,
  hostnamectl: ctl,
  journalctl,
  loginctl,
  'update-grub': boot,
  'grub-install': boot,
  efibootmgr: boot,
  sshd: inspect,
  ps: inspect,
  lsof: inspect,
  top: inspect,
  htop: inspect,
  free: inspect,
  uptime: inspect,
  dmesg: inspect,
};

export const systemModel = defineTool({
  family: 'system',
  commands: Object.keys(BY_NAME),
  analyze(inv, ctx) {
    const analyzer = BY_NAME[inv.name];
    const own = analyzer ? analyzer(inv, ctx) : [];
    // Stopping or signalling the gate itself (not `kill -0`, `status`, `--help`: those stay none).
    return own.some((a) => a.risk !== 'none') ? [...gateStopActions(inv, ctx), ...own] : own;
  },
});
