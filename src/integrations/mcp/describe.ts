/**
 * What an upstream tool's description and input schema say it does, beyond its name. A server that renames
 * `delete_everything` to `cleanup` usually still has to tell the model what it does: "Deletes every file in the
 * workspace". Those words, and switches in the schema (`purge`, `force`, `cascade`), are read here with the
 * analyzer's own verb classes (`classifyName`), so one vocabulary decides for names and descriptions.
 *
 * A description can only raise the risk: "safely reads" on a tool named `drop_table` changes nothing.
 */
import type { Action } from '../../analyze/types.js';
import { classifyName, nameTokens, type VerbClass } from '../../analyze/mcp-names.js';

/** The upstream tool's self-description, as `tools/list` gives it. */
export interface ToolText {
  name: string;
  description?: string | undefined;
  inputSchema?: unknown;
}

/**
 * Verb classes a description may reveal. Stopping is left out: "until the job stops" is too common in read
 * tools' descriptions, and an unknown name is judged high anyway.
 */
const SEVERE: ReadonlySet<VerbClass> = new Set(['destroy', 'delete', 'payment', 'force']);

/** Words that negate the verb after them ("does not delete", "never drops", "without removing"). */
const NEGATION = new Set([
  'not',
  'never',
  'no',
  'without',
  'doesn',
  'don',
  'isn',
  'won',
  'cannot',
  'nothing',
]);

/** Schema switches that make a call destructive when set. */
const SWITCH =
  /^(force|purge|wipe|cascade|recursive|drop|delete|remove|destroy|truncate|overwrite|hard|permanent|permanently)$/;

const MAX_TEXT = 4000;
const MAX_PROPERTIES = 100;

/**
 * The base verb of a word, when the analyzer knows it (`deletes`, `deleting`). Past participles are left out on
 * purpose: they mostly describe state ("restores a deleted branch", "lists evicted pods"), not what the tool does.
 */
function verbOf(word: string): VerbClass | undefined {
  const candidates = [word];
  if (word.endsWith('ies')) candidates.push(`${word.slice(0, -3)}y`);
  if (word.endsWith('es')) candidates.push(word.slice(0, -2));
  if (word.endsWith('s')) candidates.push(word.slice(0, -1));
  if (word.endsWith('ing')) {
    const stem = word.slice(0, -3);
    candidates.push(stem, `${stem}e`, stem.slice(0, -1));
  }
  for (const c of candidates) {
    if (c.length < 2) continue;
    const cls = classifyName(c).cls;
    if (cls) return cls;
  }
  return undefined;
}

/** The first severe verb of a clause that no negation governs, with the clause for the reason. */
function severeVerb(clause: string): { cls: VerbClass; word: string } | undefined {
  const tokens = nameTokens(clause);
  for (const [i, t] of tokens.entries()) {
    // `force` alone is not destructive (force_refresh); a forced push is.
    const cls = t === 'force' ? (tokens.includes('push') ? 'force' : undefined) : verbOf(t);
    if (!cls || !SEVERE.has(cls)) continue;
    if (tokens.slice(Math.max(0, i - 3), i).some((w) => NEGATION.has(w))) continue;
    return { cls, word: t };
  }
  return undefined;
}

const EFFECT: Record<string, Action['effect']> = {
  destroy: 'destroy',
  delete: 'delete',
  force: 'destroy',
  payment: 'write',
};

/**
 * Actions for what the description says the tool does that is severe (delete, destroy, pay, force-push, stop),
 * shaped like the analyzer's so the policy judges them with the rest: tool `mcp:SERVER`, verb the tool name.
 */
export function describedActions(server: string, tool: ToolText): Action[] {
  const text = (tool.description ?? '').slice(0, MAX_TEXT);
  for (const clause of text.split(/[.;:!?\n]+|,\s*(?:but|and then)\b/)) {
    const hit = severeVerb(clause);
    if (!hit) continue;
    const quote = clause.trim().slice(0, 120);
    return [
      {
        tool: `mcp:${server}`,
        verb: tool.name,
        env: 'unknown',
        effect: EFFECT[hit.cls] ?? 'unknown',
        risk: 'high',
        rule: `mcp/described-${hit.cls}`,
        targets: [],
        reversible: false,
        via: [],
        reasons: [
          `${server}/${tool.name}: its name does not say so, but its description does ("${quote}")`,
        ],
      },
    ];
  }
  return [];
}

/** Top-level property names of a JSON schema (bounded), as the server declares them. */
export function schemaProperties(schema: unknown): string[] {
  if (schema === null || typeof schema !== 'object') return [];
  const props = (schema as { properties?: unknown }).properties;
  if (props === null || typeof props !== 'object' || Array.isArray(props)) return [];
  return Object.keys(props).slice(0, MAX_PROPERTIES);
}

/**
 * Switches in the input schema that make a call destructive when the agent sets them (`force`, `purge_all`,
 * `cascade`): reasons for a `destructiveHint`, not for asking on every call (the arguments decide that).
 */
export function destructiveSwitches(schema: unknown): string[] {
  return schemaProperties(schema).filter((p) => nameTokens(p).some((t) => SWITCH.test(t)));
}

/** Property names whose values the analyzer judges per call (a command, SQL, a path, a URL). */
const PAYLOAD = new Set(
  'command cmd commandline script shell bash sql query statement path file filepath url uri'.split(
    ' ',
  ),
);

/** The schema takes a payload the analyzer judges per call: the tool's risk depends on its arguments. */
export function takesPayload(schema: unknown): boolean {
  return schemaProperties(schema).some((p) => PAYLOAD.has(p.toLowerCase().replace(/[^a-z]/g, '')));
}
