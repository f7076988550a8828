/**
 * Migration tools: the dispatcher for every tool, and rails/rake itself. Tasks that drop or empty the whole
 * database are high, catastrophic in production (these tools default to the development database); rolling
 * migrations back is high (it drops what they created); forward migrations, status and offline/SQL-printing
 * modes are safe. The other tools live in db-migrate-node/-cli/-go/-framework.
 */
import type { Invocation, ToolContext, Word } from '../model.js';
import { parseArgs, value } from '../args.js';
import {
  envWipeRisk,
  list,
  readFinding,
  rollback,
  verbFinding,
  wipe,
  writeFinding,
  type DbFinding,
  type DbResult,
} from './db-common.js';
import { alembic, flyway, liquibase, sqitch } from './db-migrate-cli.js';
import { artisan, django, mix } from './db-migrate-framework.js';
import { atlas, dbmate, diesel, goose, golangMigrate } from './db-migrate-go.js';
import { drizzle, jsTool, prisma } from './db-migrate-node.js';
import { ormFindings } from './db-orm.js';
import { sqlFindings } from './db-run.js';

const W = (text: string): Word => ({ text, dynamic: false });

// sequelize-cli and typeorm-ts-node-* are the names those CLIs are documented under (`npx sequelize-cli ...`).
export const MIGRATE_TOOLS = new Set(
  list(
    'rails rake prisma alembic flyway liquibase knex sequelize sequelize-cli typeorm',
    'typeorm-ts-node-commonjs typeorm-ts-node-esm manage.py django-admin diesel goose migrate dbmate',
    'atlas sqitch mix drizzle-kit artisan',
  ),
);

const RAILS_WIPE: Readonly<Record<string, string>> = {
  'db:drop': 'drops the database',
  'db:drop:all': 'drops every configured database',
  'db:drop:_unsafe': 'drops the database without the environment check',
  'db:reset': 'drops and recreates the database from the schema',
  'db:purge': 'empties the database',
  'db:purge:all': 'empties every configured database',
  'db:schema:load': 'loads the schema over the database, dropping its tables',
  'db:structure:load': 'loads structure.sql over the database, dropping its tables',
  'db:setup': 'loads the schema (dropping existing tables) and seeds',
  'db:truncate_all': 'empties every table',
  'db:seed:replant': 'empties every table and re-seeds',
  'db:migrate:reset': 'drops the database and re-runs every migration',
};
const RAILS_ROLLBACK = new Set(['db:rollback', 'db:migrate:down', 'db:migrate:redo']);
const RAILS_SAFE =
  /^(db:(migrate|migrate:up|migrate:status|create|create:all|seed|prepare|version|schema:dump|schema:cache:\w+|structure:dump|environment:set|encryption:init|abort_if_pending_migrations|charset|collation|test:\w+|forward)|assets:\w+|tmp:\w+|log:clear|routes|stats|about|notes|secret|credentials:\w+|zeitwerk:check|test(:\w+)?|spec(:\w+)?|middleware|initializers|time:zones(:\w+)?)$/;

function rails(inv: Invocation, ctx: ToolContext): DbResult {
  const p = parseArgs(inv.args, { value: ['-e', '--environment'] });
  const assigned = p.positionals.filter((a) => /^[A-Z_]+=/.test(a));
  const envHint = [
    value(p, '-e', '--environment'),
    ...assigned
      .filter((a) => /^(RAILS_ENV|RACK_ENV)=/.test(a))
      .map((a) => a.slice(a.indexOf('=') + 1)),
  ];
  const tasks = p.positionals.filter((a) => !/^[A-Z_]+=/.test(a));
  const hints = envHint;
  const findings: DbFinding[] = [];
  const [first, ...rest] = tasks;
  if (first === 'runner' || first === 'r') {
    const code = rest[0] ?? '';
    if (!code.endsWith('.rb')) ctx.argv([W('ruby'), W('-e'), W(code)], 'rails runner');
    findings.push(
      ...ormFindings(code, ctx, hints),
      writeFinding(
        'runner',
        `runs ${code.endsWith('.rb') ? code : 'Ruby code'} in the application`,
        'db/app-code',
      ),
    );
    return { findings, hints };
  }
  if (first === 'dbconsole' || first === 'db') {
    const stdin = inv.stdin;
    if (stdin?.kind === 'text') findings.push(...sqlFindings(stdin.text, 'postgres', ctx, hints));
    return {
      findings:
        findings.length > 0 ? findings : [readFinding('dbconsole', 'opens a database console')],
      hints,
    };
  }
  if (first === 'console' || first === 'c') {
    const stdin = inv.stdin;
    if (stdin?.kind === 'text') findings.push(...ormFindings(stdin.text, ctx, hints));
    return {
      findings:
        findings.length > 0 ? findings : [readFinding('console', 'opens the application console')],
      hints,
    };
  }
  if (
    first === 'destroy' ||
    first === 'd' ||
    first === 'generate' ||
    first === 'g' ||
    first === 'new'
  ) {
    return {
      findings: [writeFinding(first, 'generates or removes source files in the project')],
      hints,
    };
  }
  // `db:migrate VERSION=x` moves to that version, down as well as up; VERSION=0 reverts everything.
  const version = assigned.find((a) => a.startsWith('VERSION='))?.slice(8);
  for (const task of tasks) {
    const why = RAILS_WIPE[task];
    if (task === 'db:migrate' && version !== undefined) {
      const all = /^0+$/.test(version);
      findings.push(
        rollback(
          `${task} VERSION=${version}`,
          all ? 'reverts every migration' : `migrates to ${version}, reverting anything newer`,
          all ? envWipeRisk(ctx, hints) : 'high',
        ),
      );
    } else if (why)
      findings.push(wipe(task, task.startsWith('db:test') ? 'low' : envWipeRisk(ctx, hints), why));
    else if (RAILS_ROLLBACK.has(task))
      findings.push(rollback(task, `${task} reverts migrations, dropping what they created`));
    else if (task === 'db:fixtures:load')
      findings.push({
        verb: task,
        effect: 'delete',
        risk: 'high',
        rule: 'db/fixtures-load',
        reasons: ['replaces the rows of every fixture table'],
      });
    else if (
      RAILS_SAFE.test(task) ||
      list('server s test t routes about version stats assets:precompile').includes(task)
    )
      findings.push(writeFinding(task, `rails ${task}`, 'db/migrate'));
    else findings.push(verbFinding(inv.name, [task]));
  }
  return { findings, hints };
}

/** Findings of a migration tool. */
export function migrateFindings(inv: Invocation, ctx: ToolContext): DbResult {
  switch (inv.name) {
    case 'rails':
    case 'rake':
      return rails(inv, ctx);
    case 'prisma':
      return prisma(inv, ctx);
    case 'alembic':
      return alembic(inv, ctx);
    case 'flyway':
      return flyway(inv, ctx);
    case 'liquibase':
      return liquibase(inv, ctx);
    case 'sqitch':
      return sqitch(inv, ctx);
    case 'manage.py':
    case 'django-admin':
      return django(inv, ctx);
    case 'mix':
      return mix(inv, ctx);
    case 'artisan':
      return artisan(inv, ctx);
    case 'diesel':
      return diesel(inv, ctx);
    case 'goose':
      return goose(inv, ctx);
    case 'migrate':
      return golangMigrate(inv, ctx);
    case 'dbmate':
      return dbmate(inv, ctx);
    case 'atlas':
      return atlas(inv, ctx);
    case 'drizzle-kit':
      return drizzle(inv);
    default:
      return jsTool(inv, ctx);
  }
}
