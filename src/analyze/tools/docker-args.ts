/**
 * Argument scanning for docker-style CLIs. Unlike most tools, `docker run` and `docker exec` stop reading
 * their own options at the first positional (the image or container): everything after it belongs to the
 * command that runs inside, so a generic option parser would steal the payload's flags.
 */
import type { Word } from '../model.js';
import { wordList } from './k8s-common.js';

/** Options seen and the positionals (with their words) of one scan. */
export interface Scan {
  readonly opts: ReadonlyMap<string, readonly string[]>;
  /** Positional words, in order. */
  readonly positionals: readonly Word[];
  /** Words after the first positional when `stopAtFirst`; empty otherwise. */
  readonly after: readonly Word[];
}

/**
 * Scan `words` for options (`--opt=v`, `--opt v`, `-o v`, bundled `-it`, `-ePATH=x`), treating those in
 * `takes` as value options. With `stopAtFirst`, scanning ends at the first positional and the remaining words
 * are returned in `after`.
 */
export function scan(
  words: readonly Word[],
  takes: ReadonlySet<string>,
  stopAtFirst = false,
): Scan {
  const opts = new Map<string, string[]>();
  const positionals: Word[] = [];
  const put = (k: string, v: string): void => {
    const list = opts.get(k);
    if (list) list.push(v);
    else opts.set(k, [v]);
  };
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (!w) break;
    const a = w.text;
    if (a === '--' && !w.dynamic) {
      const rest = words.slice(i + 1);
      if (stopAtFirst) {
        const first = rest[0];
        return first
          ? { opts, positionals: [first], after: rest.slice(1) }
          : { opts, positionals, after: [] };
      }
      positionals.push(...rest);
      break;
    }
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      if (eq > 0) put(a.slice(0, eq), a.slice(eq + 1));
      else if (takes.has(a)) put(a, words[++i]?.text ?? '');
      else put(a, '');
      continue;
    }
    if (a.startsWith('-') && a.length > 1 && !w.dynamic) {
      if (takes.has(a)) {
        put(a, words[++i]?.text ?? '');
        continue;
      }
      for (let j = 1; j < a.length; j++) {
        const flag = `-${a[j] ?? ''}`;
        if (takes.has(flag)) {
          const inline = a.slice(j + 1).replace(/^=/, '');
          put(flag, inline || (words[++i]?.text ?? ''));
          break;
        }
        put(flag, '');
      }
      continue;
    }
    positionals.push(w);
    if (stopAtFirst) return { opts, positionals, after: words.slice(i + 1) };
  }
  return { opts, positionals, after: [] };
}

/** True when any of the named options was given. */
export function hasOpt(s: Scan, ...names: readonly string[]): boolean {
  return names.some((n) => s.opts.has(n));
}

/** The last value of any of the named options. */
export function optValue(s: Scan, ...names: readonly string[]): string | undefined {
  let found: string | undefined;
  for (const n of names) {
    const v = s.opts.get(n);
    if (v && v.length > 0) found = v[v.length - 1];
  }
  return found;
}

/** Every value of the named options. */
export function optValues(s: Scan, ...names: readonly string[]): string[] {
  return names.flatMap((n) => [...(s.opts.get(n) ?? [])]);
}

// Names that say "this container or volume holds a database or other state that is not rebuilt from an image".
const STATEFUL_PARTS = wordList(`
  postgres mysql maria mongo redis elastic opensearch kafka rabbit minio etcd cassandra
  clickhouse influx neo4j vault zookeeper mssql couch valkey timescale mongodb nextcloud gitea
  gitlab keycloak sqlserver oracle memcache
`);
const STATEFUL_TOKENS = new Set([
  'db',
  'pg',
  'database',
  'data',
  'es',
  'sql',
  'storage',
  'backup',
  'backups',
]);

/** True when a container, service or volume name suggests it holds state (a database, a data store). */
export function looksStateful(name: string): boolean {
  const lower = name.toLowerCase();
  if (STATEFUL_PARTS.some((p) => lower.includes(p))) return true;
  return lower.split(/[^a-z0-9]+/).some((t) => STATEFUL_TOKENS.has(t) || /^(db|pg)\d*$/.test(t));
}

const REGENERABLE = new Set(
  wordList(`
  node_modules dist build target .cache cache coverage __pycache__ .next .nuxt tmp temp
  .pytest_cache .gradle vendor .venv venv .turbo out
`),
);

/** True when the last segment of a path is a regenerable artefact (node_modules, dist, a cache ...). */
export function isRegenerablePath(path: string): boolean {
  const parts = path
    .replace(/\/+\*?$/, '')
    .split('/')
    .filter((s) => s.length > 0);
  return parts.some((p) => REGENERABLE.has(p.toLowerCase()));
}

/** True when a volume name says it only caches things (`app_node_modules`, `go-build-cache`). */
export function looksLikeCache(name: string): boolean {
  const lower = name.toLowerCase();
  if (lower.includes('node_modules')) return true;
  return lower.split(/[^a-z0-9]+/).some((t) => ['cache', 'tmp', 'temp', 'scratch'].includes(t));
}
