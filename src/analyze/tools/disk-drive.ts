/**
 * Drive and device tools: hdparm, nvme, smartctl, losetup, and the read-only blkid and lsblk. Secure erase,
 * NVMe format/sanitize and namespace deletion wipe the drive; firmware and raw writes are high; reports,
 * self-tests and settings are harmless.
 */
import type { Action } from '../types.js';
import type { Invocation, ToolContext } from '../model.js';
import { has, parseArgs } from '../args.js';
import {
  act,
  device,
  isHelp,
  lossOf,
  readAction,
  wipeRisk,
  words,
  wordsOf,
} from './disk-common.js';

/** `losetup`: attach and detach loop devices; listing is read-only. */
export function analyzeLosetup(inv: Invocation, ctx: ToolContext): Action[] {
  const value = words('-o --offset --sizelimit -b --sector-size -j --associated -O --output');
  const p = parseArgs(inv.args, { value });
  const changes = p.positionals.length > 0 || has(p, '-d', '--detach', '-D', '--detach-all');
  if (isHelp(inv) || !changes)
    return [readAction(ctx, 'losetup', 'losetup -l', 'lists loop devices')];
  return [
    act(
      ctx,
      'losetup',
      'losetup',
      'low',
      'disk/losetup',
      'attaches or detaches a loop device',
      p.positionals,
    ),
  ];
}

const HDPARM_WIPE = words(`--security-erase --security-erase-enhanced --sanitize-crypto-scramble
  --sanitize-block-erase --sanitize-overwrite`);
const HDPARM_DANGER = words(`--security-set-pass --trim-sector-ranges --trim-sector-ranges-stdin
  --write-sector --make-bad-sector --fwdownload --fwdownload-mode3 --fwdownload-mode3-max
  --fwdownload-mode7 --dco-restore --dco-setmax --security-freeze`);
const HDPARM_READ = new Set(
  words('-I -i -t -T -g -C -v -H -N --Istdin --Istdout --verbose --read-sector --dco-identify'),
);

/** `hdparm [flags] DEVICE`: most flags read or tune; a few erase or lock the drive. */
export function analyzeHdparm(inv: Invocation, ctx: ToolContext): Action[] {
  if (isHelp(inv)) return [readAction(ctx, 'hdparm', 'hdparm --help', 'only prints help')];
  const devText = inv.args.find((a) => a.startsWith('/dev/') || /\$|`/.test(a)) ?? '';
  const d = device(wordsOf(inv, [devText])[0] ?? devText, ctx.cwd);
  const opts = inv.args.filter((a) => a.startsWith('-'));
  const wipe = opts.find((o) => HDPARM_WIPE.includes(o));
  if (wipe) {
    const risk = wipeRisk(d) === 'none' ? 'low' : 'catastrophic';
    return [
      act(
        ctx,
        'hdparm',
        `hdparm ${wipe}`,
        risk,
        'disk/hdparm-erase',
        `erases ${lossOf(d)} (firmware erase)`,
        [d.path],
      ),
    ];
  }
  // `-N p<count>` permanently hides sectors past count (a host protected area).
  const hpa = inv.args.some(
    (a, i) => /^-N/.test(a) && /^p\d+/.test(a.slice(2) || (inv.args[i + 1] ?? '')),
  );
  const danger = opts.find((o) => HDPARM_DANGER.includes(o)) ?? (hpa ? '-N p' : undefined);
  if (danger) {
    const why = `${danger} locks the drive, hides sectors or rewrites sectors or firmware`;
    return [act(ctx, 'hdparm', `hdparm ${danger}`, 'high', 'disk/hdparm-write', why, [d.path])];
  }
  const setters = opts.filter((o) => !HDPARM_READ.has(o) && !HDPARM_READ.has(o.slice(0, 2)));
  if (setters.length === 0)
    return [readAction(ctx, 'hdparm', 'hdparm -I', 'reads drive information', [d.path])];
  const why = 'changes a drive setting (power, cache, acoustic)';
  return [
    act(ctx, 'hdparm', `hdparm ${setters[0] ?? ''}`, 'low', 'disk/hdparm-set', why, [d.path]),
  ];
}

const NVME_READ = new Set(
  words(`list list-subsys list-ns list-ctrl list-secondary id-ctrl id-ns id-ns-desc id-ns-lba-format id-iocs
    id-domain id-nvmset id-uuid nvm-id-ctrl nvm-id-ns smart-log error-log fw-log get-log effects-log
    endurance-log self-test-log telemetry-log sanitize-log persistent-event-log changed-ns-list-log
    supported-log-pages get-feature get-property show-regs show-hostnqn gen-hostnqn version help discover
    lba-status resv-report get-reg show-topology ana-log boot-part-log media-unit-stat-log
    predictable-lat-log pred-lat-event-agg-log endurance-event-agg-log`),
);
const NVME_WIPE = new Set(['format', 'sanitize', 'delete-ns']);
const NVME_DANGER = new Set(
  words(`detach-ns write-zeroes write-uncor dsm write fw-download fw-commit fw-activate admin-passthru
    io-passthru security-send resv-release resv-acquire set-reg subsystem-reset`),
);

/** `nvme SUBCOMMAND DEVICE [opts]`. */
export function analyzeNvme(inv: Invocation, ctx: ToolContext): Action[] {
  const [sub = 'help', ...rest] = inv.args;
  if (isHelp(inv) || rest.includes('--help') || rest.includes('-h')) {
    return [readAction(ctx, 'nvme', `nvme ${sub} --help`, 'only prints help')];
  }
  const devText = rest.find((a) => a.startsWith('/dev/') || /\$|`/.test(a)) ?? '';
  const d = device(wordsOf(inv, [devText])[0] ?? devText, ctx.cwd);
  const targets = devText ? [d.path] : [];
  const verb = `nvme ${sub}`;
  if (NVME_WIPE.has(sub)) {
    const what =
      sub === 'delete-ns'
        ? 'deletes a namespace:'
        : sub === 'format'
          ? 'low-level formats'
          : 'sanitizes';
    const why = `${what} ${devText ? lossOf(d) : 'an NVMe drive'}`;
    return [act(ctx, 'nvme', verb, 'catastrophic', 'disk/nvme-erase', why, targets)];
  }
  if (NVME_DANGER.has(sub)) {
    return [
      act(
        ctx,
        'nvme',
        verb,
        'high',
        'disk/nvme-write',
        `${verb} writes raw data, firmware or namespace state`,
        targets,
      ),
    ];
  }
  if (NVME_READ.has(sub)) return [readAction(ctx, 'nvme', verb, 'reads NVMe state', targets)];
  return [
    act(
      ctx,
      'nvme',
      verb,
      'low',
      'disk/nvme-manage',
      `${verb} changes a setting or runs a self-test`,
      targets,
    ),
  ];
}

const SMART_VALUE =
  words(`-d --device -T --tolerance -b --badsum -r --report -n --nocheck -l --log -v
  --vendorattribute -F --firmwarebug -P --presets -f --format -g --get -j`);
const SMART_CHANGE = words('-s --smart -o --offlineauto -S --saveauto -t --test -X --abort --set');

/** `smartctl`: reports are read-only; a self-test or a SMART setting is harmless. */
export function analyzeSmartctl(inv: Invocation, ctx: ToolContext): Action[] {
  const p = parseArgs(inv.args, { value: SMART_VALUE });
  if (!isHelp(inv) && has(p, ...SMART_CHANGE)) {
    const why = 'runs a self-test or changes a SMART setting';
    return [act(ctx, 'smartctl', 'smartctl -t', 'low', 'disk/smart-test', why, p.positionals)];
  }
  return [readAction(ctx, 'smartctl', 'smartctl -a', 'reads SMART health data', p.positionals)];
}

/** blkid, lsblk: read-only listings. */
export function analyzeBlockList(inv: Invocation, ctx: ToolContext): Action[] {
  const devs = inv.args.filter((a) => a.startsWith('/dev/'));
  return [readAction(ctx, inv.name, inv.name, 'lists block devices and their file systems', devs)];
}
