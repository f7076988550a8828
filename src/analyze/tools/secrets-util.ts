/** Action builders shared by the secrets model's modules. */
import type { ToolContext } from '../model.js';
import type { Action } from '../types.js';

export type Init = Omit<Parameters<ToolContext['action']>[0], 'tool'>;

/** A read: listing, showing, verifying. */
export function read(
  ctx: ToolContext,
  tool: string,
  verb: string,
  reason = 'reads or prints only',
): Action {
  return ctx.action({
    tool,
    verb,
    effect: 'read',
    risk: 'none',
    rule: 'secrets/read',
    reasons: [reason],
  });
}

/** A local, recoverable change to a store or key. */
export function write(
  ctx: ToolContext,
  tool: string,
  verb: string,
  reason: string,
  targets: readonly string[] = [],
): Action {
  return ctx.action({
    tool,
    verb,
    effect: 'write',
    risk: 'low',
    rule: 'secrets/write',
    targets,
    reasons: [reason],
  });
}

/** Something destructive or leaking: high and irreversible. */
export function high(
  ctx: ToolContext,
  tool: string,
  init: Omit<Init, 'risk' | 'reversible'>,
): Action {
  return ctx.action({ tool, ...init, risk: 'high', reversible: false });
}

/** Scratch and null destinations: plaintext there is transient. */
export function isScratch(path: string): boolean {
  return (
    /^(\/tmp\/|\/var\/tmp\/|\/dev\/(null|stdout|stderr|fd\/|shm\/)|\/run\/user\/|-$)/.test(path) ||
    path === '/dev/null'
  );
}
