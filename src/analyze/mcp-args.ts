/**
 * What an MCP tool call's arguments carry that the analyzer already knows how to judge: a shell command
 * (`command`, `cmd`, `script`), SQL (`sql`, or a `query` that reads as SQL), file paths, a URL with an HTTP
 * method, and names that reveal the environment (`namespace: prod`, `project: billing-staging`).
 */
import { shellQuote } from './shell/text.js';

export interface Payloads {
  /** Shell command lines (an argv is quoted back into one line). */
  commands: string[];
  sql: string[];
  /** Path-like arguments as given (`path`, `source`, `destination` ...), in argument order. */
  paths: string[];
  /** The new content of a file, when the call carries it. */
  content: string | undefined;
  url: { url: string; method: string | undefined } | undefined;
  /** Identifier values that may name an environment. */
  envHints: string[];
  /** The call names a remote location (a repository, a bucket, a host): its paths are not local files. */
  remote: boolean;
}

const key = (k: string): string => k.toLowerCase().replace(/[^a-z0-9]/g, '');
const set = (s: string): ReadonlySet<string> => new Set(s.split(/\s+/).filter((x) => x !== ''));

const COMMAND = set('command cmd commandline script shell bash shellcommand cmdline');
const ARGV = set('args arguments argv');
const SQL = set('sql sqlquery statement statements querystring');
const QUERY = set('query q');
// prettier-ignore
const PATH = set(`path file filepath filename paths files source destination src dest sourcepath
  destinationpath targetpath newpath oldpath directory dir notebookpath`);
const CONTENT = set('content contents text newcontent data body');
const URL_KEYS = set('url uri endpoint');
const METHOD = set('method httpmethod');
// prettier-ignore
const REMOTE = set(`owner repo repository repositoryname bucket branch container pod site space drive host
  hostname remote org organization projectid url endpoint`);
// prettier-ignore
const ENV_HINTS = set(`environment env stage namespace ns context kubecontext cluster project projectid
  database db dbname stack host hostname profile account workspace bucket instance app appname service
  repo repository`);

/** Statements that begin SQL (a search query such as `is:open label:bug` does not). */
const SQL_START =
  /^\s*(select|insert|update|delete|drop|create|alter|truncate|with|grant|revoke|merge|replace|begin|copy|vacuum|reindex|comment|call|exec|execute|set|show|explain|use|rename|lock|analyze)\b/i;

const IDENT = /^[\w.:/@-]{1,100}$/;


function strings(v: unknown): string[] | undefined {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v;
  return undefined;
}

/** Arguments as an object: MCP arguments are one, but some adapters hand over the JSON text. */
export function argsObject(args: unknown): Record<string, unknown> | undefined {
  if (typeof args === 'string') {
    try {
      return argsObject(JSON.parse(args) as unknown);
    } catch {
      return undefined;
    }
  }
  return args !== null && typeof args === 'object' && !Array.isArray(args)
    ? (args as Record<string, unknown>)
    : undefined;
}

/** Read the payloads of a call's arguments (objects nested up to three levels, at most 200 keys). */
export function readArgs(args: unknown): Payloads {
  const out: Payloads = {
    commands: [],
    sql: [],
    paths: [],
    content: undefined,
    url: undefined,
    envHints: [],
    remote: false,
  };
  let budget = 200;
  const visit = (obj: Record<string, unknown>, depth: number): void => {
    const argv = Object.entries(obj).find(([k]) => ARGV.has(key(k)))?.[1];
    for (const [k, v] of Object.entries(obj)) {
      if (--budget < 0) return;
      const name = key(k);
      const text = strings(v);
      if (COMMAND.has(name) && text) {
        const extra = strings(argv) ?? [];
        out.commands.push(
          typeof v === 'string' && extra.length === 0
            ? v
            : [...text, ...extra]
                .map((a, i) => (i === 0 && typeof v === 'string' ? a : shellQuote(a)))
                .join(' '),
        );
      } else if (
        (SQL.has(name) || (QUERY.has(name) && typeof v === 'string' && SQL_START.test(v))) &&
        text
      ) {
        out.sql.push(...text);
      } else if (PATH.has(name) && text) {
        out.paths.push(...text.map((p) => p.replace(/^file:\/\//, '')));
      } else if (CONTENT.has(name) && typeof v === 'string') {
        out.content = v;
      } else if (URL_KEYS.has(name) && typeof v === 'string' && /^https?:\/\//i.test(v)) {
        out.url = { url: v, method: out.url?.method };
      } else if (METHOD.has(name) && typeof v === 'string') {
        out.url = { url: out.url?.url ?? '', method: v.toUpperCase() };
      }
      if (REMOTE.has(name) && v !== undefined && v !== null && v !== '') out.remote = true;
      if (ENV_HINTS.has(name) && typeof v === 'string' && IDENT.test(v)) out.envHints.push(v);
      if (depth >= 3 || v === null || typeof v !== 'object') continue;
      // Nested objects, and lists of them (`files: [{path, content}]`, `edits: [...]`).
      for (const item of Array.isArray(v) ? v.slice(0, 32) : [v]) {
        const nested = argsObject(item);
        if (nested && typeof item === 'object') visit(nested, depth + 1);
      }
    }
  };
  const top = argsObject(args);
  if (top) visit(top, 1);
  if (out.url?.url === '') out.url = undefined;
  if (out.url) out.remote = true;
  return out;
}
