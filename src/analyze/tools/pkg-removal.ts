/**
 * Shared verdicts for package managers: reads, local installs, and removing packages from a running system,
 * judged by what the packages are (`pkg-core.ts`): the system itself, a kernel, a server, a firewall, or an
 * ordinary reinstallable package.
 */
import type { ParsedArgs } from '../args.js';
import type { ToolContext, Word } from '../model.js';
import type { Action } from '../types.js';
import { classifyPackage } from './pkg-core.js';

/** Build an action for a package tool. */
export function pkgAction(
  ctx: ToolContext,
  tool: string,
  init: Omit<Parameters<ToolContext['action']>[0], 'tool'>,
): Action {
  return ctx.action({ tool, ...init });
}

/** A read (list, search, show) or a dry run. */
export function pkgRead(
  ctx: ToolContext,
  tool: string,
  verb: string,
  why = 'only reads package information',
): Action {
  return pkgAction(ctx, tool, {
    verb,
    effect: 'read',
    risk: 'none',
    rule: 'pkg/read',
    reasons: [why],
  });
}

/** Installing, upgrading, cleaning: local and recoverable. */
export function pkgWrite(
  ctx: ToolContext,
  tool: string,
  verb: string,
  why: string,
  targets: readonly string[] = [],
): Action {
  return pkgAction(ctx, tool, {
    verb,
    effect: 'write',
    risk: 'low',
    rule: 'pkg/install',
    targets,
    reasons: [why],
  });
}

/**
 * Judge removing `pkgs` from the running system. `dynamic` marks arguments whose value is not known
 * (`$(dpkg -l | awk ...)`), which could name anything, kernels included.
 */
export function removal(
  ctx: ToolContext,
  tool: string,
  verb: string,
  pkgs: readonly Word[],
  purge: boolean,
): Action[] {
  const actions: Action[] = [];
  const names = pkgs.map((w) => w.text);
  const classes = pkgs.map((w) => ({ word: w, v: classifyPackage(w.text) }));
  const of = (cls: string): string[] =>
    classes.filter((c) => c.v.cls === cls).map((c) => c.word.text);
  const destroy = (
    risk: 'high' | 'catastrophic',
    rule: string,
    targets: string[],
    reason: string,
  ): void => {
    actions.push(
      pkgAction(ctx, tool, {
        verb,
        effect: 'destroy',
        risk,
        rule,
        targets,
        reversible: false,
        reasons: [reason],
      }),
    );
  };
  const core = of('core');
  if (core.length > 0) {
    destroy(
      'catastrophic',
      'pkg/remove-core',
      core,
      `removes ${core.join(', ')}, part of the operating system itself: the machine may no longer boot, run commands or accept logins`,
    );
  }
  const kernels = of('kernel-all');
  if (kernels.length > 0)
    destroy(
      'catastrophic',
      'pkg/remove-kernel',
      kernels,
      `removes the kernel packages ${kernels.join(', ')}: nothing is left to boot`,
    );
  const oneKernel = of('kernel-one');
  if (oneKernel.length > 0)
    destroy(
      'high',
      'pkg/remove-kernel',
      oneKernel,
      `removes kernel ${oneKernel.join(', ')}, possibly the one running`,
    );
  const dbs = of('database');
  if (dbs.length > 0) {
    const prod = ctx.envOf(...dbs) === 'prod';
    if (purge) {
      destroy(
        prod ? 'catastrophic' : 'high',
        'pkg/purge-database',
        dbs,
        `purges the database server ${dbs.join(', ')}: the service stops and its configuration and data directories may be deleted`,
      );
    } else {
      destroy(
        'high',
        'pkg/remove-service',
        dbs,
        `removes the database server ${dbs.join(', ')}: the service stops`,
      );
    }
  }
  const services = of('service');
  if (services.length > 0)
    destroy(
      'high',
      'pkg/remove-service',
      services,
      `removes ${services.join(', ')}: the service it runs stops`,
    );
  const security = of('firewall');
  if (security.length > 0)
    destroy(
      'high',
      'pkg/remove-security',
      security,
      `removes ${security.join(', ')}: a security layer of the machine goes away`,
    );
  const dynamic = pkgs.filter((w) => w.dynamic).map((w) => w.text);
  if (dynamic.length > 0 && actions.length === 0) {
    destroy(
      'high',
      'pkg/remove-dynamic',
      dynamic,
      `removes packages chosen at run time (${dynamic.join(' ')}): they could include kernels or system packages`,
    );
  }
  if (actions.length > 0) return actions;
  return [
    pkgAction(ctx, tool, {
      verb,
      effect: 'delete',
      risk: 'low',
      rule: 'pkg/remove',
      targets: names,
      reasons: [
        `${purge ? 'purges' : 'removes'} ${names.join(', ') || 'packages'}; they can be reinstalled`,
      ],
    }),
  ];
}

/** The words of positional arguments (so dynamic ones keep their flag). */
export function wordsOf(positionals: readonly string[], words: readonly Word[]): Word[] {
  const pool = [...words];
  return positionals.map((text) => {
    const i = pool.findIndex((w) => w.text === text);
    const w = i >= 0 ? pool.splice(i, 1)[0] : undefined;
    return w ?? { text, dynamic: false };
  });
}

/** The sub-command and its positional arguments. */
export function splitSub(p: ParsedArgs): [string, string[]] {
  const [first = '', ...rest] = p.positionals;
  return [first, rest];
}
