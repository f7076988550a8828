/**
 * Framework database commands: Django (manage.py / django-admin: flush, migrate to zero, shell, dbshell) and
 * Elixir mix ecto tasks.
 */
import type { Invocation, ToolContext, Word } from '../model.js';
import { parseArgs, has, value } from '../args.js';
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
import { ormFindings } from './db-orm.js';
import { sqlFindings } from './db-run.js';

const W = (text: string): Word => ({ text, dynamic: false });
const DJANGO_READ =
  /^(sqlflush|sqlmigrate|sqlsequencereset|showmigrations|check|diffsettings|inspectdb|dumpdata|help|version|runserver|test|sendtestemail|findstatic|compilemessages|makemessages|show_urls|validate_templates|graph_models|print_settings|shell_plus)$/;

/** manage.py / django-admin sub-commands. */
export function django(inv: Invocation, ctx: ToolContext): DbResult {
  const p = parseArgs(inv.args, {
    value: list(
      '--settings --pythonpath --database -c --command -i --interface -v --verbosity -o --output',
      '--format --indent -e --exclude --name -n --app --username --email',
    ),
  });
  const [cmd, app, target] = p.positionals;
  const hints = [value(p, '--settings'), value(p, '--database')];
  const one = (x: DbFinding): DbResult => ({ findings: [x], hints });
  switch (cmd) {
    case 'flush':
      return one(wipe('flush', envWipeRisk(ctx, hints), 'deletes every row of every table'));
    case 'reset_db':
    case 'reset_schema':
      return one(wipe(cmd, envWipeRisk(ctx, hints), 'drops and recreates the database'));
    case 'migrate':
      if (has(p, '--plan', '--check'))
        return one(readFinding('migrate --plan', 'only shows the plan'));
      if (target === 'zero')
        return one(
          rollback(
            `migrate ${app ?? ''} zero`,
            `unapplies every migration of ${app ?? 'the app'}, dropping its tables`,
          ),
        );
      if (target)
        return one(
          rollback(
            `migrate ${app ?? ''} ${target}`,
            `migrates ${app ?? 'the app'} to ${target}: later migrations are unapplied`,
          ),
        );
      return one(writeFinding('migrate', 'applies migrations', 'db/migrate'));
    case 'makemigrations':
      return one(
        has(p, '--check', '--dry-run')
          ? readFinding('makemigrations --dry-run', 'dry run')
          : writeFinding('makemigrations', 'writes migration files', 'db/migrate'),
      );
    case 'shell': {
      const code =
        value(p, '-c', '--command') ?? (inv.stdin?.kind === 'text' ? inv.stdin.text : undefined);
      if (code === undefined) return one(readFinding('shell', 'opens an interactive shell'));
      ctx.argv([W('python3'), W('-c'), W(code)], `${inv.name} shell`);
      const orm = ormFindings(code, ctx, hints);
      return {
        findings:
          orm.length > 0
            ? orm
            : [writeFinding('shell -c', 'runs Python code in the application', 'db/app-code')],
        hints,
      };
    }
    case 'dbshell': {
      const sql =
        p.rest.length > 0
          ? p.rest
              .filter((_, i) =>
                ['-c', '-e', '--command', '--execute'].includes(p.rest[i - 1] ?? ''),
              )
              .join(';\n')
          : inv.stdin?.kind === 'text'
            ? inv.stdin.text
            : '';
      return {
        findings: sql
          ? sqlFindings(sql, 'postgres', ctx, hints)
          : [readFinding('dbshell', 'opens a database shell')],
        hints,
      };
    }
    default:
      break;
  }
  if (!cmd || DJANGO_READ.test(cmd)) return one(readFinding(cmd ?? inv.name));
  if (
    /^(loaddata|createsuperuser|changepassword|collectstatic|clearsessions|startapp|startproject|createcachetable|remove_stale_contenttypes|squashmigrations|optimizemigration)$/.test(
      cmd,
    )
  ) {
    return one(writeFinding(cmd, `manage.py ${cmd}`, 'db/migrate'));
  }
  return one(verbFinding(inv.name, [cmd]));
}

/** mix tasks (ecto.* matter; `mix do a, b` runs several). */
export function mix(inv: Invocation, ctx: ToolContext): DbResult {
  const args =
    inv.args[0] === 'do'
      ? inv.args
          .slice(1)
          .join(' ')
          .split(/\s*[,+]\s*/)
          .map((t) => t.split(/\s+/))
      : [inv.args.slice()];
  const hints = [ctx.env.MIX_ENV];
  const findings: DbFinding[] = [];
  for (const [task, ...rest] of args) {
    const all = rest.includes('--all');
    if (task === 'ecto.drop' || task === 'ecto.reset')
      findings.push(
        wipe(
          task,
          envWipeRisk(ctx, hints),
          task === 'ecto.drop'
            ? 'drops the repository database'
            : 'drops, recreates and migrates the database',
        ),
      );
    else if (task === 'ecto.rollback')
      findings.push(
        rollback(
          task,
          all ? 'rolls back every migration' : 'rolls back the last migration',
          all ? envWipeRisk(ctx, hints) : 'high',
        ),
      );
    else if (task === 'ecto.migrations') findings.push(readFinding(task));
    else if (task === 'run' && (rest[0] === '-e' || rest[0] === '--eval')) {
      const orm = ormFindings(rest.slice(1).join(' '), ctx, hints);
      findings.push(
        ...(orm.length > 0 ? orm : [writeFinding('run -e', 'runs Elixir code', 'db/app-code')]),
      );
    } else if (task?.startsWith('ecto.') || task === undefined)
      findings.push(writeFinding(task ?? 'mix', `mix ${task ?? ''}`, 'db/migrate'));
    else findings.push(readFinding(task, `mix ${task}`));
  }
  return { findings, hints };
}

const ARTISAN_WIPE: Readonly<Record<string, string>> = {
  'migrate:fresh': 'drops every table and re-runs all migrations',
  'db:wipe': 'drops every table, view and type',
};
const ARTISAN_ROLLBACK: Readonly<Record<string, string>> = {
  'migrate:reset': 'rolls back every migration',
  'migrate:refresh': 'rolls back every migration and re-runs them',
  'migrate:rollback': 'rolls back the last batch of migrations',
};

/** Laravel artisan (`./artisan`; `php artisan` once forwarded): migrate:fresh, db:wipe, rollbacks. */
export function artisan(inv: Invocation, ctx: ToolContext): DbResult {
  const p = parseArgs(inv.args, { value: list('--env --database --path --step --class') });
  const cmd = p.positionals[0] ?? '';
  const hints = [value(p, '--env'), value(p, '--database')];
  const one = (x: DbFinding): DbResult => ({ findings: [x], hints });
  if (has(p, '--pretend')) return one(readFinding(`${cmd} --pretend`, 'only prints the SQL'));
  const wipeWhy = ARTISAN_WIPE[cmd];
  if (wipeWhy) return one(wipe(cmd, envWipeRisk(ctx, hints), wipeWhy));
  const back = ARTISAN_ROLLBACK[cmd];
  if (back) {
    const all = cmd !== 'migrate:rollback';
    return one(rollback(cmd, back, all ? envWipeRisk(ctx, hints) : 'high'));
  }
  if (
    /^(migrate:status|db:show|db:table|db:monitor|model:show|route:list|about|list|help|inspire)$/.test(
      cmd,
    )
  ) {
    return one(readFinding(cmd));
  }
  if (cmd === 'tinker' && inv.stdin?.kind === 'text') {
    const orm = ormFindings(inv.stdin.text, ctx, hints);
    if (orm.length > 0) return { findings: orm, hints };
  }
  if (
    /^(migrate|db:seed|make:|cache:|config:|route:|view:|optimize|queue:|schedule:|storage:|key:|serve|test|tinker|vendor:|event:|package:|schema:dump)/.test(
      cmd,
    )
  ) {
    return one(writeFinding(cmd, `artisan ${cmd}`, 'db/migrate'));
  }
  return one(verbFinding('artisan', [cmd]));
}
