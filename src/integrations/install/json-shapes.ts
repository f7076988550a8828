/**
 * The two shapes agents give their hook lists, and how Portcullis merges its entry into them without touching
 * anyone else's:
 * - grouped (Claude Code, Codex, Gemini): `hooks.<Event>: [{matcher?, hooks: [handler, ...]}, ...]`;
 * - flat (Cursor, Copilot, Kiro): `hooks.<event>: [entry, ...]`.
 * Merging works on a copy and keeps key order (new keys go last); an entry of ours that is already exactly right
 * is left alone, so a second install changes nothing; one that differs (an older CLI path) is replaced where it
 * stands. Anything not shaped as expected is an error, never overwritten.
 */
import { InstallError } from './context.js';

/** A parsed JSON value. */
export type Json = null | boolean | number | string | Json[] | JsonObject;
/** A parsed JSON object (key order is kept, and written back in the same order). */
export interface JsonObject {
  [key: string]: Json;
}

/** One Portcullis hook to put in a file: the event key and the entry (grouped: the whole matcher group). */
export interface HookSpec {
  event: string;
  entry: JsonObject;
}

/** A Portcullis hook found in a file. */
export interface FoundHook {
  event: string;
  /** The object carrying the command: the handler (grouped) or the entry (flat). */
  handler: JsonObject;
  /** The matcher that selects which tools reach the hook (undefined: every tool). */
  matcher: Json | undefined;
  command: string;
}

/** How one family of agents lists hooks: merge, remove and find Portcullis' entries. */
export interface Shape {
  /** Put `specs` into `doc` (a copy is returned). */
  apply(
    doc: JsonObject,
    specs: readonly HookSpec[],
    isOurs: (command: string) => boolean,
    file: string,
  ): { doc: JsonObject; changed: boolean };
  /** Take every entry of ours out of `doc` (a copy is returned); containers left empty by that go too. */
  remove(
    doc: JsonObject,
    isOurs: (command: string) => boolean,
  ): { doc: JsonObject; removed: number };
  /** Every entry of ours in `doc`. */
  find(doc: JsonObject, isOurs: (command: string) => boolean): FoundHook[];
}

/** A JSON object (not null, not an array). */
export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parse a config file's text: empty means `{}`; anything but a JSON object is an error naming the file. */
export function parseJsonConfig(text: string, file: string): JsonObject {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new InstallError(
      'install/unparsable',
      `${file} is not plain JSON (${why}); Portcullis does not rewrite a file it cannot parse. Fix it, or add the hook by hand.`,
    );
  }
  if (!isObject(value))
    throw new InstallError(
      'install/unexpected-shape',
      `${file}: expected a JSON object at the top`,
    );
  return value;
}

/** Two-space JSON with a final newline: how Portcullis writes every JSON config file. */
export function serializeJson(doc: JsonObject): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

const same = (a: Json, b: Json): boolean => JSON.stringify(a) === JSON.stringify(b);

function hooksOf(doc: JsonObject, file: string, create: boolean): JsonObject | undefined {
  const hooks = doc.hooks;
  if (hooks === undefined) {
    if (!create) return undefined;
    const made: JsonObject = {};
    doc.hooks = made;
    return made;
  }
  if (!isObject(hooks))
    throw new InstallError('install/unexpected-shape', `${file}: "hooks" is not an object`);
  return hooks;
}

function listOf(hooks: JsonObject, event: string, file: string): Json[] {
  const list = hooks[event];
  if (list === undefined) {
    const made: Json[] = [];
    hooks[event] = made;
    return made;
  }
  if (!Array.isArray(list))
    throw new InstallError('install/unexpected-shape', `${file}: "hooks.${event}" is not a list`);
  return list;
}

/** How one shape finds the commands in one list element, and drops ours from it. */
interface ElementRules {
  /** The handlers of an element: the group's `hooks` (grouped), or the element itself (flat). */
  handlers(element: Json): JsonObject[];
  /** The element without our handlers; undefined when nothing is left of it. */
  without(element: Json, ours: (h: JsonObject) => boolean): Json | undefined;
  matcher(element: Json, handler: JsonObject): Json | undefined;
}

function makeShape(rules: ElementRules, commandKeys: readonly string[]): Shape {
  const commandOf = (h: JsonObject): string | undefined => {
    for (const key of commandKeys) {
      const v = h[key];
      if (typeof v === 'string') return v;
    }
    return undefined;
  };
  const oursBy =
    (isOurs: (c: string) => boolean) =>
    (h: JsonObject): boolean => {
      const c = commandOf(h);
      return c !== undefined && isOurs(c);
    };
  const holdsOurs = (element: Json, ours: (h: JsonObject) => boolean): boolean =>
    rules.handlers(element).some(ours);

  /** Drop our handlers from `list` in place; returns the index of the first element that held one. */
  const strip = (list: Json[], ours: (h: JsonObject) => boolean): number | undefined => {
    let first: number | undefined;
    for (let i = list.length - 1; i >= 0; i--) {
      const element = list[i] as Json;
      if (!holdsOurs(element, ours)) continue;
      const rest = rules.without(element, ours);
      if (rest === undefined) list.splice(i, 1);
      else list[i] = rest;
      first = i;
    }
    return first;
  };

  return {
    apply(doc, specs, isOurs, file) {
      const out = structuredClone(doc);
      const ours = oursBy(isOurs);
      let changed = false;
      for (const spec of specs) {
        const hooks = hooksOf(out, file, true) as JsonObject;
        const list = listOf(hooks, spec.event, file);
        const held = list.filter((e) => holdsOurs(e, ours));
        if (held.length === 1 && same(held[0] as Json, spec.entry)) continue;
        const at = strip(list, ours) ?? list.length;
        list.splice(Math.min(at, list.length), 0, structuredClone(spec.entry));
        changed = true;
      }
      return { doc: out, changed };
    },
    remove(doc, isOurs) {
      const out = structuredClone(doc);
      const ours = oursBy(isOurs);
      const hooks = isObject(out.hooks) ? out.hooks : undefined;
      if (!hooks) return { doc: out, removed: 0 };
      let removed = 0;
      for (const [event, list] of Object.entries(hooks)) {
        if (!Array.isArray(list)) continue;
        const n = list.reduce<number>((k, e) => k + rules.handlers(e).filter(ours).length, 0);
        if (n === 0) continue;
        strip(list, ours);
        removed += n;
        if (list.length === 0) Reflect.deleteProperty(hooks, event);
      }
      if (removed > 0 && Object.keys(hooks).length === 0) delete out.hooks;
      return { doc: out, removed };
    },
    find(doc, isOurs) {
      const ours = oursBy(isOurs);
      const hooks = isObject(doc.hooks) ? doc.hooks : undefined;
      const found: FoundHook[] = [];
      for (const [event, list] of Object.entries(hooks ?? {})) {
        if (!Array.isArray(list)) continue;
        for (const element of list) {
          for (const handler of rules.handlers(element).filter(ours)) {
            const command = commandOf(handler) ?? '';
            found.push({ event, handler, matcher: rules.matcher(element, handler), command });
          }
        }
      }
      return found;
    },
  };
}

/**
 * Claude Code, Codex, Gemini: `hooks.<Event>: [{matcher?, hooks: [{type: "command", command, ...}]}]`. A Claude
 * Code `type: "http"` handler carries a `url` instead of a command: the predicate sees whichever is there.
 */
export const groupedShape: Shape = makeShape(
  {
    handlers: (e) => (isObject(e) && Array.isArray(e.hooks) ? e.hooks.filter(isObject) : []),
    without(e, ours) {
      if (!isObject(e) || !Array.isArray(e.hooks)) return e;
      const rest = e.hooks.filter((h) => !(isObject(h) && ours(h)));
      return rest.length === 0 ? undefined : { ...e, hooks: rest };
    },
    matcher: (e) => (isObject(e) ? e.matcher : undefined),
  },
  ['command', 'url'],
);

/** Cursor, Copilot, Kiro: `hooks.<event>: [{command | bash, ...}]`; `commandKeys` name the command field(s). */
export function flatShape(commandKeys: readonly string[]): Shape {
  return makeShape(
    {
      handlers: (e) => (isObject(e) ? [e] : []),
      without: () => undefined,
      matcher: (_e, h) => h.matcher,
    },
    commandKeys,
  );
}
