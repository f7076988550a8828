/**
 * mongosh / mongo: the JavaScript they run (`--eval`, stdin, heredocs) judged by its MongoDB calls. A
 * database drop is whole-database; a collection drop, or deleteMany/remove/updateMany with an empty (or
 * always-matching) filter reaches every document (high); calls with a real filter are ordinary writes.
 */
import type { Invocation, ToolContext } from '../model.js';
import { parseArgs, has, value, values } from '../args.js';
import {
  connEnv,
  list,
  readFinding,
  sqlFileFinding,
  wholeDbRisk,
  writeFinding,
  type DbFinding,
  type DbResult,
} from './db-common.js';

export const MONGO_TOOLS = new Set(['mongosh', 'mongo']);

const VALUE = list(
  '--eval -f --file --host --port -u --username -p --password --authenticationDatabase',
  '--authenticationMechanism --tlsCAFile --tlsCertificateKeyFile --tlsCertificateKeyFilePassword',
  '--apiVersion --awsAccessKeyId --awsSecretAccessKey --gssapiServiceName --sslCAFile',
  '--sslPEMKeyFile',
);

/** The argument text of the call whose `(` is at `open`, up to its matching `)`. */
function callArgs(code: string, open: number): string {
  let depth = 0;
  let quote = '';
  for (let i = open; i < code.length; i++) {
    const c = code[i] ?? '';
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '(' || c === '{' || c === '[') depth++;
    else if (c === ')' || c === '}' || c === ']') {
      depth--;
      if (depth === 0) return code.slice(open + 1, i);
    }
  }
  return code.slice(open + 1);
}

/** The first top-level argument of an argument list. */
function firstArg(args: string): string {
  let depth = 0;
  for (let i = 0; i < args.length; i++) {
    const c = args[i];
    if (c === '(' || c === '{' || c === '[') depth++;
    else if (c === ')' || c === '}' || c === ']') depth--;
    else if (c === ',' && depth === 0) return args.slice(0, i).trim();
  }
  return args.trim();
}

/** A filter that matches every document: none, `{}`, or `{_id: {$exists: true}}`-style. */
function matchesAll(filter: string): boolean {
  const f = filter.replace(/\s+/g, '');
  if (f === '' || f === '{}') return true;
  return /^\{_id:\{\$(exists:(true|1)|ne:null)\}\}$/.test(f);
}

/** The collection an expression like `db.users.` / `db.getCollection('users').` names, before `end`. */
function collectionBefore(code: string, end: number): string {
  const before = code.slice(Math.max(0, end - 120), end);
  const m =
    /(?:getCollection\(\s*["'`]([^"'`]+)["'`]\s*\)|\[\s*["'`]([^"'`]+)["'`]\s*\]|\.([A-Za-z_$][\w$-]*))\s*$/.exec(
      before,
    );
  return m?.[1] ?? m?.[2] ?? m?.[3] ?? 'a collection';
}

/** Judge mongosh JavaScript. */
export function judgeMongoJs(
  code: string,
  ctx: ToolContext,
  hints: Array<string | undefined>,
): DbFinding[] {
  const out: DbFinding[] = [];
  const dbs = [...code.matchAll(/\buse\s+([\w-]+)|getSiblingDB\(\s*["'`]([^"'`]+)["'`]/g)].map(
    (m) => m[1] ?? m[2],
  );
  const add = (x: DbFinding): void => void out.push(x);
  // Dropping or emptying every collection in a loop is the whole database.
  const everyCollection =
    /getCollectionNames\(|getCollectionInfos\(|listCollections/.test(code) &&
    /\.(drop|deleteMany|remove)\s*\(/.test(code);
  if (/\bdropDatabase\s*(\(|:)/.test(code) || everyCollection) {
    add({
      verb: 'dropDatabase',
      effect: 'destroy',
      risk: wholeDbRisk(ctx, [...hints, ...dbs]),
      rule: 'db/mongo-drop-database',
      targets: dbs.filter((d): d is string => !!d),
      reasons: ['drops the whole database and every collection in it'],
    });
  }
  for (const m of code.matchAll(
    /\.(deleteMany|remove|updateMany|update|drop|dropIndexes|dropIndex|renameCollection)\s*\(/g,
  )) {
    const method = m[1] ?? '';
    const at = (m.index ?? 0) + m[0].length - 1;
    const coll = collectionBefore(code, m.index ?? 0);
    const args = callArgs(code, at);
    const filter = firstArg(args);
    if (method === 'drop')
      add({
        verb: 'drop',
        effect: 'delete',
        risk: 'high',
        rule: 'db/mongo-drop-collection',
        targets: [coll],
        reasons: [`drops the collection ${coll} and all its documents`],
      });
    else if (method === 'dropIndexes' || method === 'dropIndex')
      add({
        verb: method,
        effect: 'delete',
        risk: 'high',
        rule: 'db/mongo-drop-index',
        targets: [coll],
        reasons: [`drops indexes of ${coll}`],
      });
    else if (method === 'renameCollection') {
      if (/,\s*true\s*$/.test(args))
        add({
          verb: 'renameCollection dropTarget',
          effect: 'delete',
          risk: 'high',
          rule: 'db/mongo-drop-collection',
          targets: [coll],
          reasons: ['renames over an existing collection, dropping it'],
        });
      else add(writeFinding('renameCollection', `renames ${coll}`));
    } else if (method === 'update' && !/multi\s*:\s*true/.test(args))
      add(writeFinding('update', `updates one document of ${coll}`));
    else if (matchesAll(filter)) {
      const del = method !== 'updateMany' && method !== 'update';
      add({
        verb: method,
        effect: del ? 'delete' : 'write',
        risk: 'high',
        rule: del ? 'db/mongo-delete-all' : 'db/mongo-update-all',
        targets: [coll],
        reasons: [`${method} with an empty filter reaches every document of ${coll}`],
      });
    } else add(writeFinding(method, `${method} on the documents of ${coll} matching a filter`));
  }
  for (const m of code.matchAll(/\b(drop|deleteMany)\s*:\s*(\{[^}]*\}|["'`][^"'`]*["'`])/g)) {
    const isDrop = m[1] === 'drop';
    if (isDrop || /filter\s*:\s*\{\s*\}/.test(m[2] ?? ''))
      add({
        verb: m[1] ?? '',
        effect: 'delete',
        risk: 'high',
        rule: isDrop ? 'db/mongo-drop-collection' : 'db/mongo-delete-all',
        reasons: [`runs a ${m[1] ?? ''} command reaching a whole collection`],
      });
  }
  if (/\b(dropUser|dropAllUsersFromDatabase|dropAllUsers|dropRole|dropAllRoles)\s*\(/.test(code))
    add({
      verb: 'dropUser',
      effect: 'delete',
      risk: 'high',
      rule: 'db/sql-drop-role',
      reasons: ['removes database users or roles'],
    });
  if (/\bshutdownServer\s*\(|\bshutdown\s*:\s*(1|true)/.test(code))
    add({
      verb: 'shutdown',
      effect: 'destroy',
      risk: 'high',
      rule: 'db/server-stop',
      reasons: ['shuts the MongoDB server down'],
    });
  if (out.length === 0) {
    const writes =
      /\.(insert\w*|updateOne|replaceOne|deleteOne|findOneAnd\w+|createIndex\w*|createCollection|bulkWrite)\s*\(/.exec(
        code,
      );
    add(
      writes
        ? writeFinding(writes[1] ?? 'write', 'writes or deletes single documents')
        : readFinding('query', 'reads data'),
    );
  }
  return out;
}

/** Findings of a mongosh/mongo invocation. */
export function mongoFindings(inv: Invocation, ctx: ToolContext): DbResult {
  const p = parseArgs(inv.args, { value: VALUE });
  const files = [...values(p, '-f', '--file'), ...p.positionals.filter((a) => a.endsWith('.js'))];
  const conn = p.positionals.find((a) => !a.endsWith('.js'));
  const hints = [conn, value(p, '--host')];
  const code = values(p, '--eval');
  if (code.length === 0 && files.length === 0 && inv.stdin?.kind === 'text')
    code.push(inv.stdin.text);
  const findings: DbFinding[] = [];
  for (const js of code) findings.push(...judgeMongoJs(js, ctx, hints));
  const env = connEnv(ctx, hints);
  for (const f of files)
    findings.push({
      ...sqlFileFinding(f, env),
      rule: sqlFileFinding(f, env).rule.replace('sql-', 'script-'),
    });
  if (findings.length === 0) {
    findings.push(
      has(p, '--nodb') || !inv.stdin
        ? readFinding('session', 'opens an interactive shell')
        : writeFinding(
            'run piped script',
            'runs JavaScript that is not visible here',
            'db/script-stdin',
          ),
    );
  }
  return { findings, hints };
}

/** mongorestore: `--drop` replaces collections. */
export function mongorestore(args: readonly string[], ctx: ToolContext): DbResult {
  const p = parseArgs(args, {
    value: list(
      '--uri -h --host --port -u --username -p --password -d --db -c --collection --nsInclude',
      '--nsExclude --nsFrom --nsTo --archive --authenticationDatabase -j',
      '--numParallelCollections',
    ),
  });
  const hints = [value(p, '--uri'), value(p, '-h', '--host'), value(p, '-d', '--db')];
  if (has(p, '--dryRun'))
    return { findings: [readFinding('mongorestore --dryRun', 'dry run')], hints };
  if (!has(p, '--drop'))
    return {
      findings: [
        writeFinding('restore', 'restores documents; existing collections are kept', 'db/restore'),
      ],
      hints,
    };
  const partial = has(p, '-d', '--db', '-c', '--collection', '--nsInclude');
  const risk = partial ? 'high' : wholeDbRisk(ctx, hints);
  return {
    findings: [
      {
        verb: 'restore --drop',
        effect: 'destroy',
        risk,
        rule: 'db/mongorestore-drop',
        targets: hints.filter((h): h is string => !!h),
        reasons: ['drops every restored collection before loading the dump'],
      },
    ],
    hints,
  };
}
