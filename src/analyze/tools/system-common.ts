/**
 * Small helpers shared by the system, network, homelab and backups models: building actions
 * tersely, recognising help/version requests, and resolving the abbreviated sub-commands several of
 * these tools accept (`ip a`, `btrfs sub del`, `nmcli con down`).
 */
import type { Action, Effect, Env, Risk } from '../types.js';
import type { ToolContext } from '../model.js';

/**
 * What one finding says; `effect` defaults from the risk (none → read, low → write, else destroy).
 */
export interface Finding {
  verb: string;
  risk: Risk;
  rule: string;
  effect?: Effect;
  targets?: readonly string[];
  reasons?: readonly string[];
  env?: Env;
  reversible?: boolean;
}

const DEFAULT_EFFECT: Readonly<Record<Risk, Effect>> = {
  none: 'read',
  low: 'write',
  high: 'destroy',
  catastrophic: 'destroy',
};

/** One action for `tool` from a finding. */
export function finding(ctx: ToolContext, tool: string, f: Finding): Action {
  return ctx.action({
    tool,
    verb: f.verb,
    effect: f.effect ?? DEFAULT_EFFECT[f.risk],
    risk: f.risk,
    rule: f.rule,
    targets: f.targets ?? [],
    reasons: f.reasons ?? [],
    ...(f.reversible !== undefined ? { reversible: f.reversible } : {}),
    ...(f.env !== undefined ? { env: f.env } : {}),
  });
}

/** A read-only (or preview) action. */
export function readOnly(
  ctx: ToolContext,
  tool: string,
  verb: string,
  rule: string,
  reason = 'read-only',
  targets: readonly string[] = [],
): Action {
  return finding(ctx, tool, { verb, risk: 'none', rule, targets, reasons: [reason] });
}

/** True when the invocation only asks for help or the version (`--help` anywhere, `--version`). */
export function isHelp(args: readonly string[]): boolean {
  return args.some((a) => a === '--help' || a === '--version' || a === '--usage');
}

/**
 * Resolve an abbreviated word against an ordered list of full words, the way iproute2, btrfs-progs
 * and nmcli do: the first entry the word is a prefix of wins. Returns undefined when nothing
 * matches.
 */
export function byPrefix(word: string | undefined, ordered: readonly string[]): string | undefined {
  if (!word) return undefined;
  const w = word.toLowerCase();
  return ordered.find((full) => full.startsWith(w));
}

/** The host part of `user@host`, `host:path`, URLs (`qemu+ssh://root@pve1/system`). */
export function hostOf(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const url = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/]*@)?([^/:?]+)/i.exec(text);
  if (url) return url[1];
  const at = text.lastIndexOf('@');
  const host = at >= 0 ? text.slice(at + 1) : text;
  return host.split(':')[0];
}

/** Words of a dynamic argument's text (`$(pidof sshd)` → `pidof`, `sshd`), for name checks. */
export function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9_.-]+/)
    .filter((t) => t.length > 0);
}

/** The value of `--name VALUE` or `--name=VALUE` in raw arguments, if present. */
export function optValue(args: readonly string[], ...names: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    for (const n of names) {
      if (a === n) return args[i + 1];
      if (a.startsWith(`${n}=`)) return a.slice(n.length + 1);
    }
  }
  return undefined;
}
