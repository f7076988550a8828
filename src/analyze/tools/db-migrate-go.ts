/**
 * Go and Rust migration tools: goose, golang-migrate (`migrate`), dbmate, atlas, diesel.
 */
import type { Invocation, ToolContext } from '../model.js';
import { parseArgs, has, value } from '../args.js';
import {
  envWipeRisk,
  list,
  readFinding,
  rollback,
  verbFinding,
  wholeDbRisk,
  wipe,
  writeFinding,
  type DbFinding,
  type DbResult,
} from './db-common.js';

/** diesel database/migration sub-commands. */
export function diesel(inv: Invocation, ctx: ToolContext): DbResult {
  const p = parseArgs(inv.args, {
    value: list('--database-url --migration-dir --config-file --schema-key --locked-schema'),
  });
  const [a, b] = p.positionals;
  const hints = [value(p, '--database-url')];
  const one = (x: DbFinding): DbResult => ({ findings: [x], hints });
  if (a === 'database' && (b === 'reset' || b === 'drop'))
    return one(wipe(`database ${b}`, envWipeRisk(ctx, hints), 'drops the database'));
  if (a === 'migration' && (b === 'revert' || b === 'redo'))
    return one(
      rollback(
        `migration ${b}`,
        `${b === 'redo' ? 'reverts and re-applies' : 'reverts'} migrations`,
        has(p, '--all') ? envWipeRisk(ctx, hints) : 'high',
      ),
    );
  if (a === 'migration' && (b === 'list' || b === 'pending'))
    return one(readFinding(`migration ${b}`));
  if (a === 'print-schema') return one(readFinding(a));
  return one(
    b === 'drop' || b === 'delete'
      ? verbFinding('diesel', [a ?? '', b])
      : writeFinding(
          `${a ?? ''} ${b ?? ''}`.trim(),
          'applies migrations or sets up the database',
          'db/migrate',
        ),
  );
}

const GOOSE_CMDS = new Set(
  list('up up-by-one up-to down down-to redo reset status version create fix validate env'),
);

/** goose [DRIVER DBSTRING] COMMAND. */
export function goose(inv: Invocation, ctx: ToolContext): DbResult {
  const p = parseArgs(inv.args, {
    value: list('-dir -table -certfile -ssl-cert -ssl-key -timeout -env'),
    longSingleDash: true,
  });
  const at = p.positionals.findIndex((x) => GOOSE_CMDS.has(x));
  const cmd = p.positionals[at] ?? '';
  const hints = [...p.positionals.slice(0, Math.max(at, 0)), ctx.env.GOOSE_DBSTRING];
  const arg = p.positionals[at + 1];
  const one = (x: DbFinding): DbResult => ({ findings: [x], hints });
  if (cmd === 'reset' || (cmd === 'down-to' && arg === '0'))
    return one(rollback(cmd, 'rolls back every migration', envWipeRisk(ctx, hints)));
  if (cmd === 'down' || cmd === 'down-to' || cmd === 'redo')
    return one(rollback(cmd, 'rolls back migrations'));
  if (cmd === 'status' || cmd === 'version' || cmd === 'validate' || cmd === 'env')
    return one(readFinding(cmd));
  return one(writeFinding(cmd || 'goose', 'applies or creates migrations', 'db/migrate'));
}

/** golang-migrate: `drop` empties the database, `down` reverts. */
export function golangMigrate(inv: Invocation, ctx: ToolContext): DbResult {
  const p = parseArgs(inv.args, {
    value: list(
      '-source -path -database -prefetch -lock-timeout -ext -dir -seq-digits -format -tz',
    ),
    longSingleDash: true,
  });
  const [cmd, arg] = p.positionals;
  const hints = [value(p, '-database')];
  const one = (x: DbFinding): DbResult => ({ findings: [x], hints });
  if (cmd === 'drop')
    return one(wipe('drop', wholeDbRisk(ctx, hints), 'drops everything in the database'));
  if (cmd === 'down')
    return one(
      rollback(
        'down',
        arg && /^\d+$/.test(arg) ? `rolls back ${arg} migrations` : 'rolls back every migration',
        arg && /^\d+$/.test(arg) ? 'high' : envWipeRisk(ctx, hints),
      ),
    );
  if (cmd === 'goto')
    return one(rollback(`goto ${arg ?? ''}`, 'migrates to a version, rolling back anything newer'));
  if (cmd === 'version') return one(readFinding(cmd));
  return one(writeFinding(cmd ?? 'migrate', 'applies, creates or forces migrations', 'db/migrate'));
}

/** dbmate: drop, rollback. */
export function dbmate(inv: Invocation, ctx: ToolContext): DbResult {
  const p = parseArgs(inv.args, {
    value: list(
      '-u --url -e --env -d --migrations-dir -s --schema-file --migrations-table --wait-timeout',
      '--env-file',
    ),
  });
  const cmd = p.positionals[0] ?? '';
  const envVar = value(p, '-e', '--env');
  const hints = [value(p, '-u', '--url'), envVar ? ctx.env[envVar] : undefined];
  const one = (x: DbFinding): DbResult => ({ findings: [x], hints });
  if (cmd === 'drop') return one(wipe('drop', envWipeRisk(ctx, hints), 'drops the database'));
  if (cmd === 'down' || cmd === 'rollback')
    return one(rollback(cmd, 'rolls back the last migration'));
  if (cmd === 'status' || cmd === 'dump') return one(readFinding(cmd));
  return one(
    writeFinding(cmd || 'dbmate', 'creates the database or applies migrations', 'db/migrate'),
  );
}

/** atlas: `schema clean` drops everything; `--dry-run` previews. */
export function atlas(inv: Invocation, ctx: ToolContext): DbResult {
  const p = parseArgs(inv.args, {
    value: list(
      '-u --url --env --to --dev-url --dir -c --config --schema -s --revisions-schema --var',
      '--format',
    ),
  });
  const [a, b] = p.positionals;
  const hints = [value(p, '-u', '--url'), value(p, '--env')];
  const one = (x: DbFinding): DbResult => ({ findings: [x], hints });
  if (has(p, '--dry-run'))
    return one(readFinding(`${a ?? ''} ${b ?? ''} --dry-run`.trim(), 'dry run'));
  if (a === 'schema' && b === 'clean')
    return one(
      wipe('schema clean', wholeDbRisk(ctx, hints), 'drops every object in the schema or database'),
    );
  if (a === 'migrate' && b === 'down')
    return one(rollback('migrate down', 'reverts applied migrations'));
  if (
    (a === 'schema' && (b === 'apply' || b === 'push')) ||
    (a === 'migrate' && list('apply new hash set push edit rm import').includes(b ?? ''))
  ) {
    return one(
      writeFinding(
        `${a} ${b ?? ''}`,
        'applies or edits migrations (the plan is shown first)',
        'db/migrate',
      ),
    );
  }
  return one(
    b && /drop|delete|clean|reset/.test(b)
      ? verbFinding('atlas', [a ?? '', b])
      : readFinding(`${a ?? 'atlas'} ${b ?? ''}`.trim()),
  );
}
