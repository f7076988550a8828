/**
 * Snap, flatpak, brew, port, nix-env: application and developer package managers. Removing software is low
 * (reinstallable) except where user data or hosted workloads go with it (`flatpak --delete-data`, `snap remove
 * --purge lxd`).
 */
import { has, type ParsedArgs } from '../args.js';
import type { ToolContext } from '../model.js';
import type { Action } from '../types.js';
import { pkgAction, pkgRead, pkgWrite } from './pkg-removal.js';

// Snaps whose removal with --purge deletes every container, VM or cluster workload they host.
const SNAP_PLATFORMS = /^(lxd|microk8s|k8s|multipass|microceph|microcloud|docker|nextcloud|maas)$/;

export function snap(ctx: ToolContext, p: ParsedArgs): Action[] {
  const [sub = '', ...snaps] = p.positionals;
  if (sub !== 'remove') {
    // prettier-ignore
    return [
      'list', 'info', 'find', 'search', 'services', 'changes', 'version', 'connections',
    ].includes(sub)
      ? [pkgRead(ctx, 'snap', sub)]
      : [pkgWrite(ctx, 'snap', sub, `snap ${sub} installs, refreshes or configures snaps`, snaps)];
  }
  const platforms = snaps.filter((s) => SNAP_PLATFORMS.test(s));
  if (platforms.length > 0) {
    const purge = has(p, '--purge');
    return [
      pkgAction(ctx, 'snap', {
        verb: purge ? 'remove --purge' : 'remove',
        effect: 'destroy',
        risk: purge ? 'catastrophic' : 'high',
        rule: 'pkg/remove-service',
        targets: platforms,
        reversible: false,
        reasons: [
          `removes ${platforms.join(', ')} and stops everything it hosts`,
          purge
            ? '--purge skips the automatic snapshot: its containers, VMs or cluster data are deleted'
            : 'a snapshot of its data is kept',
        ],
      }),
    ];
  }
  return [
    pkgWrite(
      ctx,
      'snap',
      'remove',
      `removes ${snaps.join(', ')}${has(p, '--purge') ? ' without keeping a snapshot of its data' : ' (a snapshot of its data is kept)'}`,
      snaps,
    ),
  ];
}

/** flatpak, brew, port, nix-env: per-user or developer packages, all reinstallable. */
export function userManager(ctx: ToolContext, tool: string, p: ParsedArgs): Action[] {
  const [sub = '', ...rest] = p.positionals;
  if (tool === 'flatpak' && (sub === 'uninstall' || sub === 'remove') && has(p, '--delete-data')) {
    return [
      pkgAction(ctx, tool, {
        verb: 'uninstall --delete-data',
        effect: 'delete',
        risk: 'high',
        rule: 'pkg/delete-app-data',
        targets: rest,
        reversible: false,
        reasons: ["deletes the applications' user data along with them"],
      }),
    ];
  }
  if (tool === 'nix-env' && has(p, '-q', '--query', '--list-generations'))
    return [pkgRead(ctx, tool, 'query')];
  if (
    [
      'list',
      'info',
      'search',
      'outdated',
      'deps',
      'leaves',
      'doctor',
      'config',
      'installed',
      'contents',
      'uses',
      'desc',
      'home',
      'log',
    ].includes(sub)
  ) {
    return [pkgRead(ctx, tool, sub)];
  }
  const removing =
    ['uninstall', 'remove', 'rm', 'un', 'untap', 'autoremove'].includes(sub) ||
    (tool === 'nix-env' && has(p, '-e', '--uninstall'));
  if (removing) {
    return [
      pkgAction(ctx, tool, {
        verb: sub || 'uninstall',
        effect: 'delete',
        risk: 'low',
        rule: 'pkg/remove',
        targets: rest,
        reasons: ['removes user-installed software; it can be reinstalled'],
      }),
    ];
  }
  return [
    pkgWrite(
      ctx,
      tool,
      sub || tool,
      `${tool} ${sub} installs, upgrades or manages local software`,
      rest,
    ),
  ];
}
