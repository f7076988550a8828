/**
 * Schema migration CLIs: alembic, flyway, liquibase, sqitch. Offline/SQL-printing modes are safe; `clean`,
 * `drop-all` drop every object of whatever database they point at (catastrophic unless it is clearly dev).
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
  wholeDbRisk,
  wipe,
  writeFinding,
  type DbFinding,
  type DbResult,
} from './db-common.js';
import { sqlFindings } from './db-run.js';

/** alembic: downgrade reverts, `--sql` only prints. */
export function alembic(inv: Invocation, ctx: ToolContext): DbResult {
  const p = parseArgs(inv.args, {
    value: list(
      '-c --config -n --name -x -m --message --rev-id --head --splice --branch-label',
      '--version-path --depends-on -r --rev-range',
    ),
  });
  const [cmd, target] = p.positionals;
  const hints = [value(p, '-n', '--name'), ...(p.opts.get('-x') ?? [])];
  const offline = has(p, '--sql');
  if (cmd === 'downgrade') {
    if (offline)
      return {
        findings: [readFinding('downgrade --sql', 'offline mode only prints the SQL')],
        hints,
      };
    return {
      findings: [
        rollback(
          `downgrade ${target ?? ''}`.trim(),
          `reverts migrations down to ${target ?? '?'}`,
          target === 'base' ? envWipeRisk(ctx, hints) : 'high',
        ),
      ],
      hints,
    };
  }
  if (cmd === 'upgrade' || cmd === 'stamp')
    return {
      findings: [
        offline
          ? readFinding(`${cmd} --sql`, 'offline mode only prints the SQL')
          : writeFinding(cmd, 'applies or records migrations', 'db/migrate'),
      ],
      hints,
    };
  if (['revision', 'merge', 'edit', 'init', 'ensure_version'].includes(cmd ?? ''))
    return { findings: [writeFinding(cmd ?? '', 'creates migration files', 'db/migrate')], hints };
  return {
    findings: [
      cmd && /^(history|current|heads|branches|show|check|list_templates)$/.test(cmd)
        ? readFinding(cmd)
        : verbFinding('alembic', p.positionals.slice(0, 1)),
    ],
    hints,
  };
}

/** flyway: `clean` drops every object. */
export function flyway(inv: Invocation, ctx: ToolContext): DbResult {
  const p = parseArgs(inv.args, { longSingleDash: true });
  const hints = [
    value(p, '-url'),
    value(p, '-environment'),
    value(p, '-configFiles'),
    value(p, '-schemas'),
  ];
  const findings: DbFinding[] = [];
  for (const cmd of p.positionals) {
    if (cmd === 'clean')
      findings.push(
        wipe(
          'clean',
          wholeDbRisk(ctx, hints),
          'drops every object (tables, views, procedures) in the configured schemas',
        ),
      );
    else if (cmd === 'undo')
      findings.push(rollback('undo', 'reverts the last versioned migration'));
    else if (['migrate', 'baseline', 'repair'].includes(cmd))
      findings.push(writeFinding(cmd, 'applies or records migrations', 'db/migrate'));
    else if (['info', 'validate', 'check', 'version', 'help', 'auth'].includes(cmd))
      findings.push(readFinding(cmd));
    else findings.push(verbFinding('flyway', [cmd]));
  }
  return { findings, hints };
}

/** liquibase: drop-all, rollback*, execute-sql. */
export function liquibase(inv: Invocation, ctx: ToolContext): DbResult {
  const p = parseArgs(inv.args, {
    value: list(
      '--url --changelog-file --username --password --defaults-file --sql --sql-file --count',
      '--tag --date --contexts --labels --search-path',
    ),
  });
  const hints = [value(p, '--url'), value(p, '--defaults-file')];
  const cmd = p.positionals[0] ?? '';
  const c = cmd.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
  const one = (x: DbFinding): DbResult => ({ findings: [x], hints });
  if (c === 'execute-sql') {
    const sql = value(p, '--sql');
    const file = value(p, '--sql-file');
    const findings = [
      ...(sql ? sqlFindings(sql, 'postgres', ctx, hints) : []),
      ...(file ? [sqlFileFinding(file, connEnv(ctx, hints))] : []),
    ];
    return { findings: findings.length > 0 ? findings : [readFinding(cmd)], hints };
  }
  if (c.endsWith('-sql') || c.startsWith('future-rollback'))
    return one(readFinding(cmd, 'only prints the SQL'));
  if (c === 'drop-all')
    return one(wipe(cmd, wholeDbRisk(ctx, hints), 'drops every object in the database'));
  if (c.startsWith('rollback')) return one(rollback(cmd, 'rolls back applied changesets'));
  if (
    /^(status|history|diff|diff-changelog|generate-changelog|snapshot|snapshot-reference|validate|calculate-checksum|db-doc|tag-exists|unexpected-changesets|list-locks|connect|checks)$/.test(
      c,
    )
  )
    return one(readFinding(cmd));
  if (
    /^(update|tag|changelog-sync|clear-checksums|release-locks|mark-next-changeset-ran|init)/.test(
      c,
    )
  )
    return one(writeFinding(cmd, 'applies or records changesets', 'db/migrate'));
  return one(verbFinding('liquibase', [cmd]));
}

/** sqitch: revert/rebase/checkout revert changes. */
export function sqitch(inv: Invocation, ctx: ToolContext): DbResult {
  const p = parseArgs(inv.args, {
    value: list(
      '-t --target --to --to-change --to-target --onto --onto-change --onto-target --upto',
      '--upto-change --upto-target -C --chdir --plan-file --registry --db-name -d --db-host -h',
      '--db-user -u --mode --set -s --engine --top-dir',
    ),
  });
  const [cmd, target] = p.positionals;
  const hints = [
    value(p, '-t', '--target'),
    target,
    value(p, '--db-name', '-d'),
    value(p, '--db-host', '-h'),
  ];
  const one = (x: DbFinding): DbResult => ({ findings: [x], hints });
  if (cmd === 'revert') {
    const partial =
      has(p, '--to', '--to-change', '--to-target') ||
      (target !== undefined && /[@^~]/.test(target));
    return one(
      rollback(
        'revert',
        partial ? 'reverts changes after a target' : 'reverts every deployed change',
        partial ? 'high' : envWipeRisk(ctx, hints),
      ),
    );
  }
  if (cmd === 'rebase' || cmd === 'checkout')
    return one(rollback(cmd, `${cmd} reverts changes before deploying again`));
  if (list('status log plan show verify help config engine target').includes(cmd ?? ''))
    return one(readFinding(cmd ?? 'sqitch'));
  return one(writeFinding(cmd ?? 'sqitch', 'deploys or edits changes', 'db/migrate'));
}
