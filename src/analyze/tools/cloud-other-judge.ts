/**
 * Judging a parsed path-grammar call (`cloud-other-path.ts`): help and dry runs first, then the
 * CLI's own rules, then the generic reading of the verb's class and its noun (a whole cluster,
 * database or project is catastrophic; other deletions, stops and disables high; writes low; reads
 * none). Shared by the gcp, azure and other-provider models; plain module, not registered.
 */
import type { Action, Effect, Risk } from '../types.js';
import type { Invocation, ToolContext } from '../model.js';
import { isMachine, isWholeResource, type VerbClass } from './cloud-common.js';
import { parsePath, type PathCall, type PathSpec } from './cloud-other-path.js';

function matches(pattern: string, cmd: readonly string[]): boolean {
  const anchored = pattern.startsWith('^');
  const pat = (anchored ? pattern.slice(1) : pattern).split(' ');
  if (pat.length > cmd.length || (anchored && pat.length !== cmd.length)) return false;
  const tail = cmd.slice(cmd.length - pat.length);
  return pat.every((w, i) => w === '*' || w.split('|').includes(tail[i] ?? ''));
}

/** The effect an action of this class and risk has. */
function effectOf(cls: VerbClass | undefined, risk: Risk): Effect {
  if (cls === 'read' || risk === 'none') return 'read';
  if (cls === 'delete') return risk === 'catastrophic' ? 'destroy' : 'delete';
  if (cls === 'exec') return 'exec';
  return 'write';
}

/** This CLI's action for `call` with an explicit risk and rule (for model-specific findings). */
export function pathAction(
  spec: PathSpec,
  call: PathCall,
  ctx: ToolContext,
  risk: Risk,
  rule: string,
  reason: string,
  effect?: Effect,
): Action {
  return ctx.action({
    tool: spec.tool,
    verb: call.cmd.join(' ') || spec.tool,
    effect: effect ?? effectOf(call.cls, risk),
    risk,
    rule: `${spec.tool}/${rule}`,
    targets: call.targets,
    reasons: [reason],
    env: call.env,
    reversible: risk === 'none' || risk === 'low' || call.cls === 'stop',
  });
}

const KINDS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^(projects?)$/, 'project'],
  [/^(clusters?|kubernetes|k8s|lke|sks|instance-pool)$/, 'cluster'],
  [/^(stacks?)$/, 'stack'],
  [
    /^(databases?|dbs?|postgres|postgresql|mysql|mongodb|dbaas|rdb|dbinstances?|dbclusters?)$/,
    'database',
  ],
  [/^(apps?)$/, 'app'],
  [/^(organizations?|orgs?|account|subscription|tenant)$/, 'account'],
  [/^(environments?|datacenters?|compartments?)$/, 'environment'],
  [/^(vaults?)$/, 'vault'],
  [/^(filesystem|file-systems?|systems)$/, 'filesystem'],
  [/zones?$/, 'zone'],
];

function kindOf(noun: string): string {
  const last = noun.toLowerCase().split('-').pop() ?? noun;
  for (const [re, kind] of KINDS) if (re.test(noun) || re.test(last)) return kind;
  return last;
}

// Nouns of the CLI's own local state (SDK components, extensions, contexts): removing them touches
// no resource.
const LOCAL_NOUNS = new Set([
  'components',
  'extension',
  'extensions',
  'plugins',
  'plugin',
  'configurations',
  'context',
  'contexts',
]);

/** A judgement before it becomes an action. */
export interface Verdict {
  readonly risk: Risk;
  readonly rule: string;
  readonly reason: string;
  readonly effect?: Effect;
}

const v = (risk: Risk, rule: string, reason: string): Verdict => ({ risk, rule, reason });

/** The generic reading of the verb's class and its noun, when no rule of the CLI applies. */
function classVerdict(tool: string, call: PathCall): Verdict {
  const what = [call.noun, call.names.join(' ')].filter((s) => s).join(' ') || 'the resource';
  const reboot = v('high', 'reboot', `reboots ${what}: its services go down meanwhile`);
  switch (call.cls) {
    case undefined:
      return v('low', 'other', `${tool} ${call.cmd.join(' ')}: not a destroying verb`);
    case 'read':
      return v('none', 'read', 'read-only');
    case 'write':
      return v('low', 'write', `creates or changes ${what}: recoverable`);
    case 'exec':
      return v('low', 'exec', `runs or connects to ${what}`);
    case 'restart':
      return isMachine(call.noun) ? reboot : v('low', 'restart', `restarts ${what}`);
    case 'stop':
      return /reboot|cycle/i.test(call.verb)
        ? reboot
        : v('high', 'stop', `stops ${what}: the service it runs goes down`);
    case 'disable':
      return v('high', 'disable', `disables or detaches ${what}`);
    case 'delete':
      break;
  }
  if (LOCAL_NOUNS.has(call.noun ?? '')) {
    return v('low', 'local-config', `removes local CLI ${call.noun ?? 'state'}`);
  }
  // Deleting whatever a listing of production returns (`delete $(... list --filter env=prod)`) is a
  // fleet.
  const listed = call.targets.some((t) => t.includes('$(') || t.includes('`'));
  if (call.dynamic && call.env === 'prod' && listed) {
    return v(
      'catastrophic',
      'delete-fleet',
      `deletes every ${call.noun ?? 'resource'} a production listing returns`,
    );
  }
  if (call.verb === 'reset' && isMachine(call.noun)) {
    return v('high', 'reboot', `hard-resets ${what}: like pulling the power`);
  }
  if (isWholeResource(call.noun)) {
    const kind = kindOf(call.noun ?? '');
    return v(
      'catastrophic',
      `delete-${kind}`,
      `deletes a whole ${kind} (${what}): all of it is lost`,
    );
  }
  return v('high', 'delete', `deletes ${what}: not recoverable without a backup`);
}

/** The verdict for `call`: help and dry runs, the CLI's rules, then the verb's class and noun. */
export function pathVerdict(spec: PathSpec, call: PathCall): Verdict {
  if (call.help) return { ...v('none', 'help', 'only shows help'), effect: 'read' };
  if (call.dryRun)
    return { ...v('none', 'dry-run', 'dry run: nothing is changed'), effect: 'read' };
  for (const r of spec.rules ?? []) {
    if (!matches(r.path, call.cmd) || (r.when && !r.when(call))) continue;
    const prod = call.env === 'prod' ? 'catastrophic' : 'high';
    return v(r.risk === 'prod' ? prod : r.risk, r.rule, r.reason);
  }
  return classVerdict(spec.tool, call);
}

/** Judge `call` into this CLI's action. */
export function judgePath(spec: PathSpec, call: PathCall, ctx: ToolContext): Action {
  const verdict = pathVerdict(spec, call);
  return pathAction(spec, call, ctx, verdict.risk, verdict.rule, verdict.reason, verdict.effect);
}

/** Parse and judge in one step: the usual path for CLIs without special cases. */
export function analyzePath(
  spec: PathSpec,
  inv: Invocation,
  ctx: ToolContext,
  hints: readonly string[] = [],
): Action[] {
  return [judgePath(spec, parsePath(spec, inv, ctx, hints), ctx)];
}
