/**
 * Distributed and time-series database servers: cockroach node commands (decommission, quit) and the influx
 * 2.x CLI (bucket/org deletion, range deletes, full restores).
 */
import type { ToolContext } from '../model.js';
import { parseArgs, has, value } from '../args.js';
import {
  list,
  readFinding,
  serverStop,
  verbFinding,
  wholeDbRisk,
  writeFinding,
  type DbResult,
} from './db-common.js';

/** cockroach (other than `sql`/`demo`). */
export function cockroach(args: readonly string[]): DbResult {
  const p = parseArgs(args, {
    value: ['--host', '--url', '--certs-dir', '--port', '--store', '--join'],
  });
  const [a, b] = p.positionals;
  const hints = [value(p, '--host'), value(p, '--url')];
  if (a === 'quit' || (a === 'node' && b === 'drain' && has(p, '--shutdown')))
    return { findings: [serverStop(hints[0] ?? 'cockroach node')], hints };
  if (a === 'node' && b === 'decommission')
    return {
      findings: [
        {
          verb: 'node decommission',
          effect: 'destroy',
          risk: 'high',
          rule: 'db/node-decommission',
          reasons: ['removes nodes from the cluster'],
        },
      ],
      hints,
    };
  if (
    a === 'node' ||
    a === 'debug' ||
    a === 'version' ||
    a === 'gen' ||
    a === 'cert' ||
    a === 'statement-diag'
  )
    return { findings: [readFinding(`${a} ${b ?? ''}`.trim())], hints };
  return { findings: [verbFinding('cockroach', p.positionals.slice(0, 2))], hints };
}

/** influx 2.x resource commands. */
export function influx2(args: readonly string[], ctx: ToolContext): DbResult {
  const p = parseArgs(args, {
    value: list(
      '--host -n --name -i --id -o --org --org-id -b --bucket --bucket-id --start --stop -p',
      '--predicate -t --token -c --active-config --configs-path',
    ),
  });
  const [a, b] = p.positionals;
  const hints = [
    value(p, '--host'),
    value(p, '-n', '--name'),
    value(p, '-b', '--bucket'),
    value(p, '-c', '--active-config'),
  ];
  if (a === 'delete') {
    return {
      findings: [
        {
          verb: 'delete',
          effect: 'delete',
          risk: 'high',
          rule: 'db/influx-delete',
          targets: [value(p, '-b', '--bucket') ?? ''],
          reasons: [
            `deletes points${has(p, '-p', '--predicate') ? ' matching a predicate' : ' of every series'} in a time range`,
          ],
        },
      ],
      hints,
    };
  }
  if ((a === 'bucket' || a === 'org') && b === 'delete') {
    return {
      findings: [
        {
          verb: `${a} delete`,
          effect: 'destroy',
          risk: wholeDbRisk(ctx, hints),
          rule: 'db/influx-bucket-delete',
          targets: [hints[1] ?? value(p, '-i', '--id') ?? ''],
          reasons: [`deletes the whole ${a} and all its data`],
        },
      ],
      hints,
    };
  }
  if (a === 'restore') {
    if (has(p, '--full'))
      return {
        findings: [
          {
            verb: 'restore --full',
            effect: 'destroy',
            risk: wholeDbRisk(ctx, hints),
            rule: 'db/restore-full',
            reasons: ['replaces all data and metadata of the server with the backup'],
          },
        ],
        hints,
      };
    return {
      findings: [writeFinding('restore', 'restores buckets from a backup', 'db/restore')],
      hints,
    };
  }
  if (b === 'delete') return { findings: [verbFinding('influx', [a ?? '', b])], hints };
  if (a === 'write' || a === 'setup' || a === 'config' || b === 'create' || b === 'update')
    return {
      findings: [writeFinding(`${a ?? ''} ${b ?? ''}`.trim(), 'writes data or configuration')],
      hints,
    };
  return { findings: [readFinding(`${a ?? 'influx'} ${b ?? ''}`.trim())], hints };
}
