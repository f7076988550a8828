/**
 * Database server tools: restores (pg_restore --clean, mongorestore --drop), dumps (read-only), cluster and
 * server control (pg_dropcluster, pg_ctl stop, mysqladmin drop/shutdown), dropdb/dropuser, cockroach node
 * commands, influx 2.x resources, go-sqlcmd sub-commands.
 */
import type { Invocation, ToolContext } from '../model.js';
import { cockroach, influx2 } from './db-admin-dist.js';
import { mongorestore } from './db-mongo.js';
import { parseArgs, has, value } from '../args.js';
import {
  list,
  readFinding,
  serverStop,
  verbFinding,
  wholeDbRisk,
  writeFinding,
  type DbFinding,
  type DbResult,
} from './db-common.js';

export const ADMIN_TOOLS = new Set(
  list(
    'pg_restore pg_dump pg_dumpall pg_dropcluster pg_ctlcluster pg_ctl dropdb dropuser createdb',
    'mysqladmin mysqldump mariadb-dump mongorestore mongodump cockroach influx clickhouse sqlcmd',
  ),
);

const PG_RESTORE_VALUE = list(
  '-d --dbname -f --file -F --format -h --host -p --port -U --username -n --schema -N',
  '--exclude-schema -t --table -T --trigger -I --index -P --function -j --jobs -L --use-list -S',
  '--superuser --role --section --filter',
);

function pgRestore(args: readonly string[], ctx: ToolContext): DbResult {
  const p = parseArgs(args, { value: PG_RESTORE_VALUE });
  const db = value(p, '-d', '--dbname');
  const hints = [value(p, '-h', '--host'), db];
  if (has(p, '-l', '--list') || !db)
    return {
      findings: [
        readFinding(
          'pg_restore',
          'writes a SQL script or lists the archive; no database is touched',
        ),
      ],
      hints,
    };
  if (has(p, '-c', '--clean')) {
    const partial = has(
      p,
      '-t',
      '--table',
      '-n',
      '--schema',
      '-I',
      '--index',
      '-P',
      '--function',
      '-L',
      '--use-list',
    );
    const risk = partial ? 'high' : wholeDbRisk(ctx, hints);
    return {
      findings: [
        {
          verb: 'restore --clean',
          effect: 'destroy',
          risk,
          rule: 'db/pg-restore-clean',
          targets: [db],
          reasons: [
            `drops the current objects of ${db} and replaces them with the archive's contents`,
          ],
        },
      ],
      hints,
    };
  }
  return {
    findings: [
      writeFinding(
        'restore',
        `restores an archive into ${db} (existing objects are kept)`,
        'db/restore',
      ),
    ],
    hints,
  };
}

function pgCtl(name: string, args: readonly string[]): DbResult {
  const p = parseArgs(args, {
    value: list('-D --pgdata -m --mode -o --options -l --log -t --timeout -N -U -e -c'),
  });
  const pos = p.positionals;
  const action = name === 'pg_ctlcluster' ? pos[2] : pos[0];
  const cluster =
    name === 'pg_ctlcluster'
      ? `${pos[0] ?? ''}/${pos[1] ?? ''}`
      : (value(p, '-D', '--pgdata') ?? 'PGDATA');
  if (action === 'stop' || action === 'kill')
    return { findings: [serverStop(cluster)], hints: [cluster] };
  if (action === 'status') return { findings: [readFinding(`${name} status`)], hints: [cluster] };
  return {
    findings: [
      writeFinding(
        action ?? name,
        `${action ?? 'controls'} the server ${cluster}`,
        'db/server-control',
      ),
    ],
    hints: [cluster],
  };
}

function mysqladmin(args: readonly string[], ctx: ToolContext): DbResult {
  const norm = args.map((a) => (a === '-p' ? '--password' : /^-p./.test(a) ? '--password=x' : a));
  const p = parseArgs(norm, {
    value: list(
      '-u --user -h --host -P --port -S --socket -c --count -i --sleep --defaults-file',
      '--defaults-extra-file --login-path --protocol --connect-timeout --shutdown-timeout',
    ),
  });
  const host = value(p, '-h', '--host');
  const findings: DbFinding[] = [];
  const pos = p.positionals;
  for (let i = 0; i < pos.length; i++) {
    const cmd = pos[i] ?? '';
    if (cmd === 'drop') {
      const db = pos[++i];
      findings.push({
        verb: 'drop',
        effect: 'destroy',
        risk: wholeDbRisk(ctx, [host, db]),
        rule: 'db/sql-drop-database',
        targets: [db ?? ''],
        reasons: [`drops the whole database ${db ?? ''}`],
      });
    } else if (cmd === 'shutdown') findings.push(serverStop(host ?? 'mysqld'));
    else if (cmd === 'create' || cmd === 'password' || cmd === 'kill') {
      findings.push(writeFinding(cmd, `mysqladmin ${cmd}`));
      i++;
    } else if (
      cmd.startsWith('flush') ||
      cmd === 'refresh' ||
      cmd === 'reload' ||
      cmd.endsWith('-slave') ||
      cmd.endsWith('-replica')
    ) {
      findings.push(writeFinding(cmd, `mysqladmin ${cmd}`));
    } else findings.push(readFinding(cmd));
  }
  return { findings, hints: [host] };
}

/** Findings of a server tool; undefined when the tool is not one of these. */
export function adminFindings(inv: Invocation, ctx: ToolContext): DbResult | undefined {
  const { name, args } = inv;
  switch (name) {
    case 'pg_restore':
      return pgRestore(args, ctx);
    case 'pg_dump':
    case 'pg_dumpall':
    case 'mysqldump':
    case 'mariadb-dump':
    case 'mongodump':
      return {
        findings: [{ ...readFinding(name, 'writes a backup; destroys nothing'), rule: 'db/dump' }],
        hints: [],
      };
    case 'pg_dropcluster': {
      const pos = parseArgs(args).positionals;
      const cluster = `${pos[0] ?? ''}/${pos[1] ?? ''}`;
      return {
        findings: [
          {
            verb: 'drop cluster',
            effect: 'destroy',
            risk: wholeDbRisk(ctx, [pos[1]]),
            rule: 'db/drop-cluster',
            targets: [cluster],
            reasons: [`removes the PostgreSQL cluster ${cluster} with its data directory`],
          },
        ],
        hints: [pos[1]],
      };
    }
    case 'pg_ctlcluster':
    case 'pg_ctl':
      return pgCtl(name, args);
    case 'dropdb': {
      const p = parseArgs(args, {
        value: list('-h --host -p --port -U --username --maintenance-db'),
      });
      const db = p.positionals[0];
      const hints = [value(p, '-h', '--host'), db];
      return {
        findings: [
          {
            verb: 'dropdb',
            effect: 'destroy',
            risk: wholeDbRisk(ctx, hints),
            rule: 'db/dropdb',
            targets: [db ?? ''],
            reasons: [`drops the whole database ${db ?? ''}`],
          },
        ],
        hints,
      };
    }
    case 'dropuser': {
      const p = parseArgs(args, { value: ['-h', '--host', '-p', '--port', '-U', '--username'] });
      return {
        findings: [
          {
            verb: 'dropuser',
            effect: 'delete',
            risk: 'high',
            rule: 'db/sql-drop-role',
            targets: [p.positionals[0] ?? ''],
            reasons: ['removes a database role and its access'],
          },
        ],
        hints: [value(p, '-h', '--host')],
      };
    }
    case 'createdb':
      return { findings: [writeFinding('createdb', 'creates a database')], hints: [] };
    case 'mysqladmin':
      return mysqladmin(args, ctx);
    case 'mongorestore':
      return mongorestore(args, ctx);
    case 'cockroach':
      return cockroach(args);
    case 'influx':
      return influx2(args, ctx);
    case 'clickhouse':
    case 'sqlcmd':
      return { findings: [verbFinding(name, parseArgs(args).positionals.slice(0, 2))], hints: [] };
    default:
      return undefined;
  }
}
