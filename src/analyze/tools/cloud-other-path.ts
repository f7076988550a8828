/**
 * Parsing cloud CLIs whose grammar is `tool [group ...] <verb> [NAME ...] [--flags]` (gcloud, az,
 * doctl, hcloud, openstack, fly ...) or `tool group:verb` (heroku, firebase, netlify): the verb
 * among the command words, the resource noun before it, the names after it and the environment they
 * name. A spec per CLI says which options take values and which rules apply (judged in
 * `cloud-other-judge.ts`). Shared by the gcp, azure and other-provider models; plain module, not
 * registered.
 */
import type { Env, Risk } from '../types.js';
import type { Invocation, ToolContext } from '../model.js';
import { has, parseArgs, values, type ParsedArgs } from '../args.js';
import {
  isExactDestroyVerb,
  parseOptionGrammar,
  verbClass,
  wordParts,
  type VerbClass,
} from './cloud-common.js';

/** `prod`: catastrophic in production, high elsewhere (a database inside a server, a table). */
export type PathRisk = Risk | 'prod';

export interface PathRule {
  /**
   * Command words ending with the verb, matched against the end of the command (`*` any word, `a|b`
   * either); a leading `^` anchors the pattern at the first command word (`^group delete` is not
   * `ad group delete`).
   */
  readonly path: string;
  readonly risk: PathRisk;
  /** Rule id suffix: `tool/<rule>`. */
  readonly rule: string;
  readonly reason: string;
  /** Extra condition on flags or names. */
  readonly when?: (call: PathCall) => boolean;
}

export interface PathSpec {
  /** Tool name for actions and the rule id prefix. */
  readonly tool: string;
  /** Options that take a value (so that names come out right). */
  readonly value: readonly string[];
  /** Options whose values name the target or its environment (`--project`, `-a`, `--context`). */
  readonly scope: readonly string[];
  /** Sub-commands are written `group:verb` (heroku, firebase, netlify). */
  readonly colon?: boolean;
  /** Command words that read like verbs but are groups here (`gcloud run`, `gcloud deploy`). */
  readonly groups?: readonly string[];
  /** Verb aliases: `d` → `delete`. */
  readonly aliases?: Readonly<Record<string, string>>;
  /** Flags that make the command a preview. */
  readonly dryRun?: readonly string[];
  readonly rules?: readonly PathRule[];
  /**
   * `options`: command words first, each option takes the words up to the next (az, oci, ionosctl);
   * `api`: every `--PascalCase` parameter takes a value and its ids and names say the environment
   * (tccli, aliyun).
   */
  readonly grammar?: 'options' | 'api';
  /** A command run on a machine (`doctl compute ssh --ssh-command`), with its hop label. */
  readonly remote?: (call: PathCall) => { command: string; hop: string } | undefined;
}

/** One parsed invocation of a path-grammar CLI. */
export interface PathCall {
  /** Command words up to and including the verb (aliases resolved). */
  readonly cmd: string[];
  readonly verb: string;
  readonly cls: VerbClass | undefined;
  /** The resource the verb acts on (`droplet`, `instances`, `cluster`). */
  readonly noun: string | undefined;
  /** Positional names after the verb. */
  readonly names: string[];
  readonly p: ParsedArgs;
  readonly targets: string[];
  /** A name is only known when the command runs (`$(...)`, `$ID`). */
  readonly dynamic: boolean;
  readonly env: Env;
  readonly help: boolean;
  readonly dryRun: boolean;
}

/** Parse `inv` per `spec`; `hints` are further names that say which environment this is. */
export function parsePath(
  spec: PathSpec,
  inv: Invocation,
  ctx: ToolContext,
  hints: readonly string[] = [],
): PathCall {
  const pascal = inv.args.filter((a) => /^--[A-Z]/.test(a) && !a.includes('='));
  const p =
    spec.grammar === 'options'
      ? parseOptionGrammar(inv.args)
      : parseArgs(inv.args, {
          value: spec.grammar === 'api' ? [...spec.value, ...pascal] : spec.value,
        });
  const apiNames =
    spec.grammar === 'api'
      ? [...p.opts].filter(([k]) => /(Id|Ids|Name|Names)$/.test(k)).flatMap(([, x]) => x)
      : [];
  const first = p.positionals[0];
  const words =
    spec.colon && first !== undefined && first.includes(':')
      ? [...first.split(':').filter((w) => w.length > 0), ...p.positionals.slice(1)]
      : [...p.positionals];
  const groups = new Set(spec.groups ?? []);
  const canon = (w: string): string => spec.aliases?.[w] ?? w;
  // A group word that reads like a verb (`gcloud run`, `gcloud deploy`) is the verb only when no
  // verb follows.
  const verbs = words.flatMap((w, i) => (verbClass(canon(w)) !== undefined ? [i] : []));
  let vi = verbs.find((i, k) => !groups.has(words[i] ?? '') || k === verbs.length - 1) ?? -1;
  const firstCls = vi >= 0 ? verbClass(canon(words[vi] ?? '')) : undefined;
  if (firstCls === 'read' || firstCls === 'write' || firstCls === 'restart') {
    // A group that reads like a verb (`log-analytics`, `config`) before the real destroying verb.
    const later = words.findIndex((w, i) => i > vi && isExactDestroyVerb(canon(w)));
    if (later > 0) vi = later;
  }
  const cmd = (vi >= 0 ? words.slice(0, vi + 1) : words.slice(0, 3)).map(canon);
  const names = vi >= 0 ? words.slice(vi + 1) : [];
  const verb = vi >= 0 ? (cmd[cmd.length - 1] ?? '') : '';
  const cls = vi >= 0 ? verbClass(verb) : undefined;
  const parts = wordParts(verb);
  // `cluster-delete` and `DeleteCluster` carry their noun; plain verbs act on the command word
  // before them.
  let noun = cmd[cmd.length - 2];
  if (parts.length > 1 && verbClass(parts[0] ?? '') === undefined)
    noun = parts.slice(0, -1).join('-');
  else if (parts.length > 1 && !verb.includes('-')) noun = parts.slice(1).join('-');
  const scoped = values(p, ...spec.scope).filter((v) => v.length > 0);
  const dynamicTexts = new Set(inv.words.filter((w) => w.dynamic).map((w) => w.text));
  const targets = [...names, ...scoped];
  return {
    cmd,
    verb,
    cls,
    noun,
    names,
    p,
    targets,
    dynamic: targets.some((n) => dynamicTexts.has(n)),
    env: ctx.envOf(...scoped, ...names, ...hints, ...apiNames),
    help: has(p, '--help') || has(p, '-h') || words[0] === 'help',
    dryRun: has(p, ...(spec.dryRun ?? ['--dry-run', '--dryrun'])),
  };
}
