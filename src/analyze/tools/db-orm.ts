/**
 * ORM calls in application code run from the command line (rails runner/console, manage.py shell, mix run,
 * artisan tinker):
 * deleting every row of a model, dropping tables, and raw SQL strings (judged as SQL).
 */
import type { ToolContext } from '../model.js';
import { envWipeRisk, wipe, writeFinding, type DbFinding } from './db-common.js';
import { sqlFindings } from './db-run.js';

/** ORM calls in application code (rails runner, manage.py shell, mix run) that reach every row. */
export function ormFindings(
  code: string,
  ctx: ToolContext,
  hints: Array<string | undefined>,
): DbFinding[] {
  const out: DbFinding[] = [];
  for (const m of code.matchAll(/\.(delete_all|destroy_all)\b/g)) {
    // The receiver chain back to the start of the statement: `User.where(spam: true)`.
    const receiver = (
      code
        .slice(0, m.index)
        .split(/[;\n{]|\s=\s|\bdo\b/)
        .pop() ?? ''
    ).trim();
    if (/\.(where|find_by|limit|joins|not|rewhere)\b|\.find\(/.test(receiver))
      out.push(writeFinding(m[1] ?? '', `deletes the rows of ${receiver} that match a condition`));
    else
      out.push({
        verb: m[1] ?? '',
        effect: 'delete',
        risk: 'high',
        rule: 'db/orm-delete-all',
        targets: [receiver],
        reasons: [`${m[1] ?? ''} on ${receiver} deletes every row`],
      });
  }
  for (const m of code.matchAll(/([\w.]+)\.objects(\.all\(\))?\.delete\(\)/g)) {
    out.push({
      verb: 'delete()',
      effect: 'delete',
      risk: 'high',
      rule: 'db/orm-delete-all',
      targets: [m[1] ?? ''],
      reasons: [`deletes every ${m[1] ?? ''} row`],
    });
  }
  for (const m of code.matchAll(/Repo\.delete_all\(\s*([\w.]+)\s*\)/g)) {
    out.push({
      verb: 'Repo.delete_all',
      effect: 'delete',
      risk: 'high',
      rule: 'db/orm-delete-all',
      targets: [m[1] ?? ''],
      reasons: [`deletes every ${m[1] ?? ''} row`],
    });
  }
  // Laravel: Model::truncate(), DB::table('x')->delete(), Schema::drop('x').
  const eloquent =
    /::truncate\(\)|->truncate\(\)|DB::table\([^)]*\)->delete\(\)|Schema::drop(IfExists)?\(/;
  if (/\bdrop_table\b|\bcall_command\(\s*['"]flush['"]/.test(code) || eloquent.test(code))
    out.push({
      verb: 'drop_table',
      effect: 'delete',
      risk: 'high',
      rule: 'db/orm-delete-all',
      reasons: ['drops tables or flushes the database from application code'],
    });
  if (/\bpurge_current_database\b|\bdrop_database\b/.test(code))
    out.push(
      wipe('drop_database', envWipeRisk(ctx, hints), 'drops the database from application code'),
    );
  for (const m of code.matchAll(/["'`]((?:DROP|TRUNCATE|DELETE\s+FROM|UPDATE)\s[^"'`]*)["'`]/gi))
    out.push(...sqlFindings(m[1] ?? '', 'postgres', ctx, hints));
  return out;
}
