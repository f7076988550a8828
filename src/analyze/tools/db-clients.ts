/**
 * SQL clients (psql, mysql/mariadb, sqlite3, duckdb, sqlcmd, clickhouse-client, cqlsh, cockroach sql,
 * influx v1): where their SQL comes from (`-c`, `-e`, `-Q`, `--query`, positional SQL, `-f` files, stdin) and
 * which server and database they reach. The SQL itself is judged by `db-sql.ts`.
 */
import type { SqlDialect } from './db-sql-lex.js';
import { parseArgs, has, value, values } from '../args.js';
import { list, ordered } from './db-common.js';

export type Script = { sql: string } | { file: string };

/** One client invocation, reduced to what matters for judging it. */
export interface ClientCall {
  tool: string;
  dialect: SqlDialect;
  scripts: Script[];
  /** Host names, database names, URLs, connection strings: where the SQL runs. */
  hints: Array<string | undefined>;
  /** Reads SQL from stdin when it has no script of its own. */
  stdinScripts: boolean;
  ephemeral?: boolean;
  readOnly?: boolean;
  /** Invocation that only lists or prints (psql -l, --version). */
  info?: string;
}

function scripts(pairs: Array<[string, string]>, fileOpts: readonly string[]): Script[] {
  return pairs.flatMap(([k, v]): Script[] =>
    fileOpts.includes(k)
      ? v
          .split(',')
          .filter(Boolean)
          .map((file) => ({ file }))
      : [{ sql: v }],
  );
}

const PSQL_VALUE = list(
  '-c --command -d --dbname -f --file -h --host -p --port -U --username -v --set --variable -o',
  '--output -L --log-file -P --pset -F --field-separator -R --record-separator -T --table-attr',
);

/** psql [OPTION]... [DBNAME [USERNAME]] */
export function psqlCall(tool: string, args: readonly string[]): ClientCall {
  const p = parseArgs(args, { value: PSQL_VALUE });
  const pairs = ordered(args, new Set(PSQL_VALUE), new Set(['-c', '--command', '-f', '--file']));
  const call: ClientCall = {
    tool,
    dialect: 'postgres',
    scripts: scripts(pairs, ['-f', '--file']).filter((s) => !('file' in s) || s.file !== '-'),
    hints: [value(p, '-h', '--host'), value(p, '-d', '--dbname'), p.positionals[0]],
    stdinScripts: true,
  };
  if (pairs.some(([k, v]) => (k === '-f' || k === '--file') && v === '-')) call.stdinScripts = true;
  if (has(p, '-l', '--list', '-V', '--version')) call.info = 'lists databases';
  return call;
}

const MYSQL_VALUE = list(
  '-u --user -h --host -P --port -D --database -e --execute -S --socket --defaults-file',
  '--defaults-extra-file --login-path --protocol --default-character-set --init-command',
  '--connect-timeout --max-allowed-packet --delimiter --ssl-ca --ssl-cert --ssl-key --ssl-mode',
  '--tee --plugin-dir --default-auth --bind-address --server-public-key-path --net-buffer-length',
);

/** mysql / mariadb [OPTIONS] [database]; `-pSECRET` is a password, a bare `-p` prompts. */
export function mysqlCall(tool: string, args: readonly string[]): ClientCall {
  const norm = args.map((a) => (a === '-p' ? '--password' : /^-p./.test(a) ? '--password=x' : a));
  const p = parseArgs(norm, { value: MYSQL_VALUE });
  const pairs = ordered(norm, new Set(MYSQL_VALUE), new Set(['-e', '--execute', '--init-command']));
  const call: ClientCall = {
    tool,
    dialect: 'mysql',
    scripts: pairs.map(([, sql]) => ({ sql })),
    hints: [
      value(p, '-h', '--host'),
      value(p, '-D', '--database'),
      p.positionals[0],
      value(p, '--login-path'),
    ],
    stdinScripts: true,
  };
  if (has(p, '-V', '--version')) call.info = 'prints the version';
  return call;
}

const SQLITE_VALUE = list(
  '-cmd -init -separator -nullvalue -newline -mmap -vfs -maxsize -escape -heap -lookaside',
  '-pagecache -c -s -f',
);
const SQLITE_TWO = new Set(['-lookaside', '-pagecache']);

/** sqlite3 / duckdb [OPTIONS] [FILENAME [SQL...]] — options are single-dash words, allowed anywhere. */
export function sqliteCall(tool: string, args: readonly string[]): ClientCall {
  const dialect: SqlDialect = tool === 'duckdb' ? 'postgres' : 'sqlite';
  const pos: string[] = [];
  const found: Script[] = [];
  let readOnly = false;
  let info: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const raw = args[i] ?? '';
    const a = raw.startsWith('--') ? raw.slice(1) : raw;
    if (!a.startsWith('-') || a === '-') {
      pos.push(raw);
      continue;
    }
    if (a === '-A') break; // archive mode: the rest are archive arguments
    if (a === '-readonly') readOnly = true;
    if (a === '-version' || a === '-help') info = 'prints help or the version';
    if (SQLITE_VALUE.includes(a)) {
      const v = args[++i] ?? '';
      if (a === '-cmd' || a === '-c' || a === '-s') found.push({ sql: v });
      else if (a === '-init' || a === '-f') found.push({ file: v });
      if (SQLITE_TWO.has(a)) i++;
    }
  }
  const file = pos[0];
  const ephemeral = file === undefined || file === ':memory:' || file === '';
  for (const sql of pos.slice(1)) found.push({ sql });
  const call: ClientCall = {
    tool,
    dialect,
    scripts: found,
    hints: [file],
    stdinScripts: true,
    ephemeral,
    readOnly,
  };
  if (info) call.info = info;
  return call;
}

const SQLCMD_VALUE = list(
  '-S -d -U -P -Q -q -i -o -H -l -t -h -s -w -v -a -f -e -c -L -m -V -A -G --server --database',
  '--query',
);

/** sqlcmd -S server -d db -Q "..." | -i file[,file]. */
export function sqlcmdCall(tool: string, args: readonly string[]): ClientCall {
  const p = parseArgs(args, {
    value: SQLCMD_VALUE.filter((v) => v !== '-e' && v !== '-A' && v !== '-G' && v !== '-c'),
  });
  const pairs = ordered(args, new Set(SQLCMD_VALUE), new Set(['-Q', '-q', '-i', '--query']));
  return {
    tool,
    dialect: 'tsql',
    scripts: scripts(pairs, ['-i']),
    hints: [value(p, '-S', '--server'), value(p, '-d', '--database')],
    stdinScripts: true,
  };
}

const CH_VALUE = list(
  '--query -q --queries-file --host -h --port --user -u --password --database -d --format -f',
  '--config-file -C --secure --connection --history_file --max_threads',
);

/** clickhouse-client / clickhouse client|local [--query SQL] [--queries-file F]. */
export function clickhouseCall(tool: string, args: readonly string[]): ClientCall {
  const p = parseArgs(args, { value: CH_VALUE.filter((v) => v !== '--secure') });
  const pairs = ordered(args, new Set(CH_VALUE), new Set(['--query', '-q', '--queries-file']));
  const found = scripts(pairs, ['--queries-file']);
  // Recent clients also take the query as a positional argument.
  for (const q of p.positionals) if (/\s/.test(q)) found.push({ sql: q });
  return {
    tool,
    dialect: 'generic',
    scripts: found,
    hints: [value(p, '--host', '-h'), value(p, '--database', '-d'), value(p, '--connection')],
    stdinScripts: true,
  };
}

const CQL_VALUE = list(
  '-e --execute -f --file -k --keyspace -u --username -p --password --cqlshrc --cqlversion',
  '--protocol-version --encoding --connect-timeout --request-timeout -t --timeout',
);

/** cqlsh [host [port]] [-e CQL] [-f file] [-k keyspace]. */
export function cqlshCall(tool: string, args: readonly string[]): ClientCall {
  const p = parseArgs(args, { value: CQL_VALUE });
  const pairs = ordered(args, new Set(CQL_VALUE), new Set(['-e', '--execute', '-f', '--file']));
  return {
    tool,
    dialect: 'generic',
    scripts: scripts(pairs, ['-f', '--file']),
    hints: [p.positionals[0], value(p, '-k', '--keyspace')],
    stdinScripts: true,
  };
}

const CRDB_VALUE = list(
  '-e --execute -f --file --url --host -d --database -u --user --certs-dir --port -p --format',
  '--set',
);

/** cockroach sql [-e SQL]... [-f file] [--url URL]. */
export function cockroachSqlCall(tool: string, args: readonly string[]): ClientCall {
  const p = parseArgs(args, { value: CRDB_VALUE });
  const pairs = ordered(args, new Set(CRDB_VALUE), new Set(['-e', '--execute', '-f', '--file']));
  return {
    tool,
    dialect: 'postgres',
    scripts: scripts(pairs, ['-f', '--file']),
    hints: [value(p, '--url'), value(p, '--host'), value(p, '-d', '--database')],
    stdinScripts: true,
  };
}

const INFLUX1_VALUE = list(
  '-execute -database -host -port -username -password -format -precision -path -type',
  '-consistency',
);

/** influx (1.x shell) -execute 'InfluxQL' -database db -host h. */
export function influxV1Call(tool: string, args: readonly string[]): ClientCall {
  const p = parseArgs(args, { value: INFLUX1_VALUE, longSingleDash: true });
  const found: Script[] = values(p, '-execute').map((sql) => ({ sql }));
  const path = value(p, '-path');
  if (has(p, '-import') && path) found.push({ file: path });
  return {
    tool,
    dialect: 'generic',
    scripts: found,
    hints: [value(p, '-host'), value(p, '-database')],
    stdinScripts: true,
  };
}
