/**
 * Helpers shared by the Kubernetes tool models: splitting an argv at `--`, spotting help and dry-run flags,
 * and judging the sub-commands of tools we only know in outline.
 */
import type { HopOptions, Producer, ToolContext, Word } from '../model.js';
import type { Action, Effect, Env, Risk } from '../types.js';

/** Verbs that destroy whatever they name, whichever tool says them. */
export const DESTRUCTIVE_VERBS: ReadonlySet<string> = new Set([
  'delete',
  'del',
  'destroy',
  'remove',
  'rm',
  'purge',
  'wipe',
  'drop',
  'terminate',
  'uninstall',
  'reset',
  'nuke',
  'erase',
  'prune',
]);

/** Verbs that only show something. */
export const READ_VERBS: ReadonlySet<string> = new Set([
  'get',
  'list',
  'ls',
  'describe',
  'show',
  'status',
  'logs',
  'log',
  'top',
  'version',
  'help',
  'info',
  'inspect',
  'diff',
  'check',
  'explain',
  'history',
  'events',
  'completion',
  'search',
  'env',
  'verify',
  'lint',
  'template',
  'validate',
  'stats',
  'tree',
  'trace',
  'export',
  'view',
  'dashboard',
  'whoami',
  'preview',
  'plan',
]);

/** The words before a bare `--` and the payload after it (undefined when there is no `--`). */
export function splitAtDashDash(words: readonly Word[]): {
  head: readonly Word[];
  payload: readonly Word[] | undefined;
} {
  const i = words.findIndex((w) => w.text === '--' && !w.dynamic);
  if (i < 0) return { head: words, payload: undefined };
  return { head: words.slice(0, i), payload: words.slice(i + 1) };
}

/** True when `--help` / `-h` / `help` asks the tool to print usage instead of acting. */
export function asksForHelp(args: readonly string[]): boolean {
  return args.some((a) => a === '--help' || a === '-h' || a === '-help');
}

/** Local clusters (kind, minikube, docker-desktop) are regenerable: deletions there are cheap. */
export function isThrowaway(env: Env): boolean {
  return env === 'local';
}

/** Environments where a whole-namespace or whole-cluster wipe is a rehearsal rather than a disaster. */
export function isNonProd(env: Env): boolean {
  return env === 'local' || env === 'dev' || env === 'test';
}

/** Risk of an unknown sub-command: destructive-sounding verbs are flagged, everything else is a write. */
export function genericRisk(verbs: readonly string[]): Risk {
  return verbs.some((v) => DESTRUCTIVE_VERBS.has(v.toLowerCase())) ? 'high' : 'low';
}

/** True when any of the words was not known statically (`$(kubectl get pods -o name)`). */
export function anyDynamic(words: readonly Word[]): boolean {
  return words.some((w) => w.dynamic);
}

/** One row of a sub-command table: what `tool <words>` does. */
export interface VerbSpec {
  readonly risk: Risk;
  readonly effect: Effect;
  readonly rule: string;
  readonly reason: string;
}

/** Shorthand for a table row. */
export function spec(risk: Risk, effect: Effect, rule: string, reason: string): VerbSpec {
  return { risk, effect, rule, reason };
}

/**
 * The row for the longest key matching the leading positionals: `delete cluster` before `delete`. Keys are
 * space-separated sub-command words; `*` matches any single word (`* delete` for `<noun> delete`).
 */
export function lookupVerb(
  table: Readonly<Record<string, VerbSpec>>,
  positionals: readonly string[],
): { key: string; spec: VerbSpec } | undefined {
  for (let n = Math.min(3, positionals.length); n >= 1; n--) {
    const words = positionals.slice(0, n);
    for (const [key, row] of Object.entries(table)) {
      const parts = key.split(' ');
      if (parts.length !== n) continue;
      if (parts.every((part, i) => part === '*' || part === words[i]))
        return { key: words.join(' '), spec: row };
    }
  }
  return undefined;
}

const LOCAL_CONTEXTS = new Set([
  'minikube',
  'docker-desktop',
  'docker-for-desktop',
  'rancher-desktop',
  'orbstack',
  'colima',
  'kind',
  'microk8s',
]);

/** True for kube contexts of clusters on this machine (`kind-dev`, `k3d-test`, `minikube`, `docker-desktop`). */
export function isLocalContext(context: string | undefined): boolean {
  if (!context) return false;
  return LOCAL_CONTEXTS.has(context) || context.startsWith('kind-') || context.startsWith('k3d-');
}

/**
 * A word list written as whitespace-separated text: option tables stay compact and readable instead of one
 * quoted item per line.
 */
export function wordList(text: string): string[] {
  return text.split(/\s+/).filter((w) => w.length > 0);
}

const STDIN_SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ash', 'ksh']);
const STDIN_INTERPRETERS = new Set(['python', 'python3', 'node', 'ruby', 'perl', 'php']);

/**
 * A payload that reads its program from standard input (`kubectl exec -i pod -- sh < wipe.sh`,
 * `cat x.py | docker exec -i c python3 -`). Visible shell text is judged on the far side; a script we cannot
 * see becomes an unknown action for the caller to return. Undefined when the payload does not read code.
 */
export function codeFromStdin(
  payload: readonly Word[],
  stdin: Producer | undefined,
  ctx: ToolContext,
  hop: string,
  opts: HopOptions,
  rule: string,
): Action | undefined {
  const program = (payload[0]?.text ?? '').split('/').pop() ?? '';
  const args = payload.slice(1).map((w) => w.text);
  const shell = STDIN_SHELLS.has(program) && !args.some((a) => /^-[a-z]*c[a-z]*$/.test(a));
  const interp =
    STDIN_INTERPRETERS.has(program) &&
    args.every((a) => a === '-' || (a.startsWith('-') && a !== '-c' && a !== '-e'));
  if (!stdin || (!shell && !interp)) return undefined;
  if (stdin.kind === 'text' && shell) {
    ctx.script(stdin.text, hop, opts);
    return undefined;
  }
  const source =
    stdin.kind === 'text' ? 'inline text' : stdin.kind === 'file' ? stdin.path : stdin.source;
  return ctx.action({
    tool: hop.split(' ')[0] ?? hop,
    verb: `${program} < stdin`,
    effect: 'unknown',
    risk: 'high',
    rule,
    targets: [source],
    env: opts.env ?? 'unknown',
    reasons: [`${hop} runs ${program} on code from ${source}, which is not visible here`],
  });
}
