/**
 * Node.js migration tools: prisma (migrate reset, db push --force-reset/--accept-data-loss, db execute), knex,
 * sequelize(-cli), typeorm and drizzle-kit.
 */
import type { Invocation, ToolContext } from '../model.js';
import { parseArgs, has, value } from '../args.js';
import {
  connEnv,
  envWipeRisk,
  list,
  readFinding,
  rollback,
  sqlFileFinding,
  verbFinding,
  wipe,
  writeFinding,
  type DbFinding,
  type DbResult,
} from './db-common.js';
import { sqlFindings } from './db-run.js';

/** prisma migrate/db sub-commands. */
export function prisma(inv: Invocation, ctx: ToolContext): DbResult {
  const p = parseArgs(inv.args, {
    value: list(
      '--schema --name -n --file --url --from-url --to-url --from-schema-datamodel',
      '--to-schema-datamodel --shadow-database-url --config --applied --rolled-back',
    ),
  });
  const [a, b] = p.positionals;
  const hints = [value(p, '--url')];
  const one = (x: DbFinding): DbResult => ({ findings: [x], hints });
  if (a === 'migrate' && b === 'reset')
    return one(
      wipe(
        'migrate reset',
        envWipeRisk(ctx, hints),
        'drops the database (or its schema), re-applies every migration and seeds',
      ),
    );
  if (a === 'db' && b === 'push') {
    if (has(p, '--force-reset'))
      return one(
        wipe(
          'db push --force-reset',
          envWipeRisk(ctx, hints),
          'resets the database before pushing the schema: all data is lost',
        ),
      );
    if (has(p, '--accept-data-loss'))
      return one({
        verb: 'db push --accept-data-loss',
        effect: 'delete',
        risk: 'high',
        rule: 'db/migrate-data-loss',
        reasons: ['applies schema changes that drop columns or tables with their data'],
      });
    return one(
      writeFinding('db push', 'syncs the schema; refuses changes that lose data', 'db/migrate'),
    );
  }
  if (a === 'db' && b === 'execute') {
    const file = value(p, '--file');
    if (file) return one(sqlFileFinding(file, connEnv(ctx, hints)));
    if (inv.stdin?.kind === 'text')
      return { findings: sqlFindings(inv.stdin.text, 'postgres', ctx, hints), hints };
    return one(writeFinding('db execute', 'runs SQL that is not visible here', 'db/sql-stdin'));
  }
  if (a === 'migrate' && (b === 'status' || b === 'diff')) return one(readFinding(`migrate ${b}`));
  if (a === 'migrate' || (a === 'db' && (b === 'seed' || b === 'pull')))
    return one(
      writeFinding(
        `${a} ${b ?? ''}`.trim(),
        'applies or records migrations, seeds or introspects',
        'db/migrate',
      ),
    );
  if (list('generate format validate studio init version debug -v').includes(a ?? ''))
    return one(readFinding(a ?? 'prisma'));
  return one(verbFinding('prisma', p.positionals.slice(0, 2)));
}

/** knex, sequelize, typeorm: `tool task [--env x]`. */
export function jsTool(inv: Invocation, ctx: ToolContext): DbResult {
  const p = parseArgs(inv.args, {
    value: list(
      '--env --knexfile --cwd --specific --url --config -d --dataSource -c --connection',
      '--migrations-path --seeders-path --name -n --to',
    ),
  });
  const task = p.positionals[0] ?? '';
  const hints = [value(p, '--env'), value(p, '--url')];
  const all = has(p, '--all');
  const one = (x: DbFinding): DbResult => ({ findings: [x], hints });
  const name = inv.name.startsWith('typeorm')
    ? 'typeorm'
    : inv.name.startsWith('sequelize')
      ? 'sequelize'
      : inv.name;
  switch (`${name} ${task}`) {
    case 'knex migrate:rollback':
    case 'knex migrate:down':
      return one(
        rollback(
          task,
          all ? 'reverts every migration batch' : 'reverts the last migration batch',
          all ? envWipeRisk(ctx, hints) : 'high',
        ),
      );
    case 'sequelize db:drop':
    case 'typeorm schema:drop':
      return one(wipe(task, envWipeRisk(ctx, hints), 'drops the database or every table in it'));
    case 'sequelize db:migrate:undo':
    case 'typeorm migration:revert':
      return one(rollback(task, 'reverts the last migration'));
    case 'sequelize db:migrate:undo:all':
      return one(rollback(task, 'reverts every migration', envWipeRisk(ctx, hints)));
    case 'sequelize db:seed:undo':
    case 'sequelize db:seed:undo:all':
      return one(rollback(task, 'deletes seeded rows'));
    case 'typeorm schema:sync':
      return one({
        verb: task,
        effect: 'delete',
        risk: 'high',
        rule: 'db/migrate-data-loss',
        reasons: [
          'synchronises the schema to the entities, dropping columns and tables they no longer have',
        ],
      });
    case 'typeorm query': {
      const sql = p.positionals[1];
      return {
        findings: sql ? sqlFindings(sql, 'postgres', ctx, hints) : [readFinding('query')],
        hints,
      };
    }
    default:
      break;
  }
  if (
    /^(migrate:(status|list|currentVersion)|db:migrate:status|migration:show|schema:log|version)$/.test(
      task,
    )
  )
    return one(readFinding(task));
  if (
    /^(migrate|seed|db|migration|model|seed|init|entity|subscriber|cache|schema)[:\w-]*$/.test(
      task,
    ) &&
    !/drop|undo|revert|rollback|down|reset/.test(task)
  ) {
    return one(writeFinding(task, 'applies migrations, seeds or generates files', 'db/migrate'));
  }
  return one(verbFinding(inv.name, [task]));
}

/** drizzle-kit: `push --force` auto-approves data loss. */
export function drizzle(inv: Invocation): DbResult {
  const p = parseArgs(inv.args, {
    value: list('--config --dialect --schema --out --url --driver --tablesFilter --schemaFilter'),
  });
  const cmd = (p.positionals[0] ?? '').replace(/:\w+$/, '');
  const hints = [value(p, '--url')];
  if (cmd === 'push' && has(p, '--force'))
    return {
      findings: [
        {
          verb: 'push --force',
          effect: 'delete',
          risk: 'high',
          rule: 'db/migrate-data-loss',
          reasons: ['applies schema changes and auto-approves the ones that delete data'],
        },
      ],
      hints,
    };
  if (cmd === 'studio' || cmd === 'check' || cmd === 'export')
    return { findings: [readFinding(cmd)], hints };
  return {
    findings: [
      writeFinding(
        cmd || 'drizzle-kit',
        cmd === 'drop'
          ? 'removes a migration file from the project'
          : 'generates or applies migrations',
        'db/migrate',
      ),
    ],
    hints,
  };
}
