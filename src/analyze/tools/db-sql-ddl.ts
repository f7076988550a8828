/**
 * Data-definition statements (DROP, ALTER, CREATE, GRANT, RESTORE): what they remove or weaken.
 */
import { f, type SqlFinding, type SqlOptions } from './db-sql-types.js';
import { judgeDml } from './db-sql-dml.js';
import { findTop, readName, splitTop, type Token } from './db-sql-lex.js';
import { list } from './db-common.js';

const DB_OBJECTS = new Set(['DATABASE', 'SCHEMA', 'KEYSPACE']);
const ROLE_OBJECTS = new Set(['ROLE', 'USER', 'LOGIN', 'GROUP']);
const DATA_OBJECTS = new Set(
  list('TABLE MEASUREMENT SERIES SHARD RETENTION COLUMNFAMILY DICTIONARY'),
);
const DROP_SKIP = new Set(
  list(
    'TEMPORARY TEMP MATERIALIZED FOREIGN UNLOGGED IF EXISTS CONCURRENTLY ONLY EXTERNAL TRANSIENT',
  ),
);
const ADMIN_ROLES = new Set(
  list(
    'POSTGRES RDS_SUPERUSER CLOUDSQLSUPERUSER AZURE_PG_ADMIN PG_EXECUTE_SERVER_PROGRAM',
    'PG_WRITE_SERVER_FILES SYSADMIN DB_OWNER SECURITYADMIN ACCOUNTADMIN ROOT',
  ),
);

/** Judge a DROP statement. */
export function drop(tokens: readonly Token[], opts: SqlOptions): SqlFinding {
  let i = 1;
  let temporary = false;
  const kind: string[] = [];
  while (i < tokens.length && tokens[i]?.kind === 'word') {
    const up = tokens[i]?.up ?? '';
    if (up === 'TEMPORARY' || up === 'TEMP') temporary = true;
    if (!DROP_SKIP.has(up)) {
      kind.push(up);
      if (up !== 'RETENTION' && up !== 'CONTINUOUS' && up !== 'EVENT' && up !== 'ACCESS') break;
    }
    i++;
  }
  i++;
  while (list('IF EXISTS CONCURRENTLY POLICY QUERY TRIGGER METHOD').includes(tokens[i]?.up ?? ''))
    i++;
  const object = kind[0] ?? '';
  const names = splitTop(tokens.slice(i), ',')
    .map((p) => readName(p, 0)[0])
    .filter((n) => n && !['CASCADE', 'RESTRICT', 'ON', 'FROM', 'BY'].includes(n.toUpperCase()));
  const verb = `DROP ${kind.join(' ')}`.trim();
  if (DB_OBJECTS.has(object)) {
    const db = names[0];
    return f(
      verb,
      opts.dbLevel(db),
      'db/sql-drop-database',
      names,
      `${verb} destroys the whole ${object.toLowerCase()} ${db ?? ''} and all its data`.trim(),
      'destroy',
    );
  }
  if (object === 'OWNED') {
    return f(
      verb,
      opts.dbLevel(undefined),
      'db/sql-drop-database',
      names,
      `DROP OWNED drops every object owned by ${names.join(', ')}`,
      'destroy',
    );
  }
  if (DATA_OBJECTS.has(object)) {
    if (temporary)
      return f(verb, 'low', 'db/sql-drop-temp', names, 'drops a temporary table (session scratch)');
    return f(
      verb,
      'high',
      'db/sql-drop-table',
      names,
      `${verb} deletes ${names.join(', ') || 'the table'} and its data`,
    );
  }
  if (ROLE_OBJECTS.has(object))
    return f(
      verb,
      'high',
      'db/sql-drop-role',
      names,
      `${verb} removes ${names.join(', ')} and its access`,
    );
  if (!object)
    return f(
      'DROP',
      'high',
      'db/sql-unparsed-destructive',
      [],
      'a DROP statement that could not be read',
    );
  return f(
    verb,
    'high',
    'db/sql-drop-object',
    names,
    `${verb} removes ${names.join(', ') || 'a schema object'} from the database`,
  );
}

/** Judge a ALTER statement. */
export function alter(tokens: readonly Token[], opts: SqlOptions): SqlFinding {
  const object = tokens[1]?.up ?? '';
  const words = new Set(tokens.filter((t) => t.kind === 'word').map((t) => t.up));
  if (ROLE_OBJECTS.has(object)) return roleChange(tokens, 'ALTER');
  if (object !== 'TABLE')
    return f(`ALTER ${object}`, 'low', 'db/sql-alter', [], `ALTER ${object} changes the schema`);
  let i = 2;
  while (['ONLY', 'IF', 'EXISTS'].includes(tokens[i]?.up ?? '')) i++;
  const [table, next] = readName(tokens, i);
  let rest = tokens.slice(next);
  if (rest[0]?.up === 'ON' && rest[1]?.up === 'CLUSTER') rest = rest.slice(3);
  const verdict = f(
    'ALTER TABLE',
    'low',
    'db/sql-alter',
    [table],
    `ALTER TABLE ${table} changes its definition`,
  );
  for (const action of splitTop(rest, ',')) {
    const a = action[0]?.up ?? '';
    if (a === 'DROP' || (a === 'TRUNCATE' && action[1]?.up === 'PARTITION')) {
      const [what] = readName(
        action,
        action[1]?.up === 'COLUMN' ||
          action[1]?.up === 'PARTITION' ||
          action[1]?.up === 'CONSTRAINT'
          ? 2
          : 1,
      );
      const part = action[1]?.up ?? '';
      return f(
        `ALTER TABLE ${a} ${part}`.trim(),
        'high',
        'db/sql-alter-drop',
        [`${table}.${what}`],
        `${a} ${part.toLowerCase()} ${what} of ${table} loses its data or guarantees`,
      );
    }
    if (a === 'DELETE' || a === 'UPDATE') {
      const inner =
        a === 'DELETE'
          ? judgeDml(action, opts.dialect)
          : judgeDml(
              [
                { kind: 'word', text: 'UPDATE', up: 'UPDATE' },
                { kind: 'word', text: table, up: table.toUpperCase() },
                { kind: 'word', text: 'SET', up: 'SET' },
                ...action.slice(1),
              ],
              opts.dialect,
            );
      if (inner.risk !== 'low') return { effect: 'write', ...inner, targets: [table] };
    }
    if ((a === 'DISABLE' || a === 'NO') && words.has('SECURITY')) {
      return f(
        'ALTER TABLE DISABLE ROW LEVEL SECURITY',
        'high',
        'db/sql-disable-rls',
        [table],
        `turns off row-level security on ${table}`,
        'write',
      );
    }
  }
  return verdict;
}

function roleChange(tokens: readonly Token[], verb: string): SqlFinding {
  const [name] = readName(tokens, 2);
  const ups = tokens.map((t) => t.up);
  if (ups.includes('SUPERUSER') || ups.includes('BYPASSRLS')) {
    return f(
      `${verb} ROLE SUPERUSER`,
      'high',
      'db/sql-superuser',
      [name],
      `gives ${name} superuser rights`,
      'write',
    );
  }
  const emptyPw = tokens.some(
    (t, i) =>
      (t.up === 'PASSWORD' || (t.up === 'BY' && tokens[i - 1]?.up === 'IDENTIFIED')) &&
      (tokens[i + 1]?.up === 'NULL' ||
        (tokens[i + 1]?.kind === 'string' && tokens[i + 1]?.text === '')),
  );
  if (emptyPw)
    return f(
      `${verb} ROLE`,
      'high',
      'db/sql-empty-password',
      [name],
      `removes the password of ${name}`,
      'write',
    );
  return f(
    `${verb} ${tokens[1]?.up ?? ''}`,
    'low',
    'db/sql-role',
    [name],
    `${verb.toLowerCase()}s the role ${name}`,
  );
}

/** Judge a CREATE statement. */
export function create(tokens: readonly Token[]): SqlFinding {
  const ups = tokens.slice(1, 5).map((t) => t.up);
  const object =
    ups.find(
      (u) =>
        !list('OR REPLACE TEMPORARY TEMP UNIQUE GLOBAL LOCAL UNLOGGED MATERIALIZED').includes(u),
    ) ?? '';
  if (ROLE_OBJECTS.has(object)) {
    // roleChange reads the object at [1] and the name at [2].
    const at = tokens.findIndex((t) => t.up === object);
    return roleChange(tokens.slice(Math.max(0, at - 1)), 'CREATE');
  }
  if (object === 'TABLE' && ups[0] === 'OR' && ups[1] === 'REPLACE') {
    const [name] = readName(tokens, 4);
    return f(
      'CREATE OR REPLACE TABLE',
      'high',
      'db/sql-drop-table',
      [name],
      `replaces the table ${name}: its current rows are dropped`,
    );
  }
  return f(`CREATE ${object}`, 'low', 'db/sql-create', [], `CREATE ${object} adds to the schema`);
}

/** Judge a GRANT statement. */
export function grant(tokens: readonly Token[]): SqlFinding {
  const on = findTop(tokens, new Set(['ON']));
  const to = findTop(tokens, new Set(['TO']));
  const privs = tokens.slice(1, on < 0 ? (to < 0 ? tokens.length : to) : on).map((t) => t.up);
  const grantees = to < 0 ? [] : tokens.slice(to + 1).map((t) => t.up);
  const scope =
    on < 0
      ? ''
      : tokens
          .slice(on + 1, to < 0 ? tokens.length : to)
          .map((t) => t.text)
          .join('');
  const all = privs.includes('ALL');
  if (on < 0 && privs.some((p) => ADMIN_ROLES.has(p))) {
    return f(
      'GRANT role',
      'high',
      'db/sql-grant-admin',
      grantees,
      `grants an administrator role (${privs.join(' ')})`,
      'write',
    );
  }
  if (all && (scope.startsWith('*.*') || grantees.includes('PUBLIC'))) {
    return f(
      'GRANT ALL',
      'high',
      'db/sql-grant-all',
      [scope],
      `grants every privilege on ${scope || 'everything'} to ${grantees.join(' ')}`,
      'write',
    );
  }
  if (
    grantees.includes('PUBLIC') &&
    privs.some((p) => ['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'CREATE'].includes(p))
  ) {
    return f(
      'GRANT TO PUBLIC',
      'high',
      'db/sql-grant-all',
      [scope],
      `lets every role write to ${scope}`,
      'write',
    );
  }
  return f('GRANT', 'low', 'db/sql-grant', [scope], 'grants privileges');
}

/** Judge a RESTORE statement (SQL Server). */
export function restore(tokens: readonly Token[], opts: SqlOptions): SqlFinding {
  const [db] = readName(tokens, 2);
  const replace = tokens.some((t) => t.up === 'REPLACE');
  const risk = replace ? opts.dbLevel(db) : 'high';
  return f(
    'RESTORE DATABASE',
    risk,
    'db/sql-restore',
    [db],
    `RESTORE overwrites the database ${db} with a backup`,
    'destroy',
  );
}
