/**
 * Google's data CLIs: `gsutil` (Cloud Storage) and `bq` (BigQuery). gsutil: `rm -r` of a whole
 * production or backup bucket is catastrophic, other deletions high, `rsync -d` deletes at the
 * destination (`-n` previews), `iam ch allUsers:...` and public ACLs expose data. bq: `rm -r -d`
 * removes a dataset (a whole database), `rm -t` a table, `query` is judged by the SQL it runs
 * (`--dry_run` previews).
 */
import type { Action, Risk } from '../types.js';
import type { Invocation, ToolContext } from '../model.js';
import { has, parseArgs, value, values } from '../args.js';
import { bucketScope, isBackupName, isPublicMember, sqlDestruction } from './cloud-common.js';

interface Verdict {
  risk: Risk;
  rule: string;
  reason: string;
}

function act(
  tool: string,
  verb: string,
  v: Verdict,
  targets: string[],
  env: ReturnType<ToolContext['envOf']>,
  ctx: ToolContext,
): Action {
  const effect =
    v.risk === 'none'
      ? 'read'
      : v.risk === 'catastrophic'
        ? 'destroy'
        : /rm|delete/.test(v.rule)
          ? 'delete'
          : 'write';
  return ctx.action({
    tool,
    verb,
    effect,
    risk: v.risk,
    rule: `${tool}/${v.rule}`,
    targets,
    reasons: [v.reason],
    env,
  });
}

const GSUTIL_TOP_VALUES = new Set(['-o', '-h', '-u', '-i']);
// Options taking a value differ per command (`rsync -d` deletes, `iam ch -d MEMBER` removes a
// member).
const GSUTIL_VALUES: Readonly<Record<string, readonly string[]>> = {
  rsync: ['-x', '-j', '-y'],
  cp: ['-a', '-j', '-L', '-s', '-z', '-x'],
  mv: ['-a', '-j', '-s', '-z'],
  acl: ['-u', '-g', '-p', '-d'],
  defacl: ['-u', '-g', '-p', '-d'],
  iam: ['-d', '-e'],
  mb: ['-b', '-c', '-l', '-p', '-s', '--retention'],
};
const GSUTIL_READ = new Set([
  'ls',
  'cat',
  'du',
  'stat',
  'hash',
  'version',
  'help',
  'signurl',
  'test',
  'ver',
]);

function gsutilVerdict(
  cmd: string,
  sub: string,
  p: ReturnType<typeof parseArgs>,
  urls: string[],
  env: string,
): Verdict {
  const first = urls[0] ?? '';
  const scope = bucketScope(first);
  const precious = env === 'prod' || isBackupName(scope.bucket);
  if (cmd === '' || cmd === 'help' || has(p, '--help'))
    return { risk: 'none', rule: 'help', reason: 'only shows help' };
  if (GSUTIL_READ.has(cmd)) return { risk: 'none', rule: 'read', reason: 'read-only' };
  if (cmd === 'rm' || cmd === 'del' || cmd === 'delete' || cmd === 'remove') {
    const recursive = has(p, '-r', '-R') || scope.prefix === '**';
    if (recursive && scope.whole) {
      return precious
        ? {
            risk: 'catastrophic',
            rule: 'rm',
            reason: `deletes every object of ${scope.bucket}, a production or backup bucket`,
          }
        : { risk: 'high', rule: 'rm', reason: `deletes every object of ${scope.bucket}` };
    }
    return {
      risk: 'high',
      rule: 'rm',
      reason: `deletes ${urls.join(' ')}${has(p, '-a') ? ' with all versions' : ''}`,
    };
  }
  if (cmd === 'rb')
    return { risk: 'high', rule: 'rb', reason: `deletes the bucket ${scope.bucket}` };
  if (cmd === 'rsync') {
    if (has(p, '-n'))
      return { risk: 'none', rule: 'dry-run', reason: 'dry run: nothing is changed' };
    if (has(p, '-d'))
      return {
        risk: 'high',
        rule: 'sync-delete',
        reason: `deletes objects in ${urls[1] ?? 'the destination'} missing from the source`,
      };
  }
  if (cmd === 'iam' && sub === 'ch' && !has(p, '-d')) {
    if (urls.some((a) => isPublicMember(a.split(':')[0] ?? ''))) {
      return {
        risk: 'high',
        rule: 'public-access',
        reason: 'grants access to allUsers/allAuthenticatedUsers',
      };
    }
  }
  if ((cmd === 'acl' || cmd === 'defacl') && sub === 'ch') {
    if (values(p, '-u', '-g', '-p').some((e) => isPublicMember(e.split(':')[0] ?? ''))) {
      return { risk: 'high', rule: 'public-access', reason: 'grants access to AllUsers' };
    }
  }
  if ((cmd === 'acl' || cmd === 'defacl') && sub === 'set' && /^public-read/.test(urls[0] ?? '')) {
    return {
      risk: 'high',
      rule: 'public-access',
      reason: `sets the ${urls[0] ?? ''} ACL: anyone can read`,
    };
  }
  if (cmd === 'versioning' && sub === 'set' && urls[0] === 'off') {
    return { risk: 'high', rule: 'protection-off', reason: 'suspends object versioning' };
  }
  return { risk: 'low', rule: 'write', reason: `gsutil ${cmd}: copies or changes objects` };
}

/** Judge a `gsutil` invocation. */
export function analyzeGsutil(inv: Invocation, ctx: ToolContext): Action[] {
  let i = 0;
  const top: string[] = [];
  for (; i < inv.args.length; i++) {
    const a = inv.args[i] ?? '';
    if (!a.startsWith('-')) break;
    top.push(a);
    if (GSUTIL_TOP_VALUES.has(a)) top.push(inv.args[++i] ?? '');
  }
  const cmd = inv.args[i] ?? '';
  const rest = inv.args.slice(i + 1);
  const hasSub = [
    'iam',
    'acl',
    'defacl',
    'versioning',
    'lifecycle',
    'web',
    'cors',
    'logging',
    'label',
    'retention',
  ].includes(cmd);
  const sub = hasSub ? (rest[0] ?? '') : '';
  const p = parseArgs(hasSub ? rest.slice(1) : rest, { value: GSUTIL_VALUES[cmd] ?? [] });
  const urls = [...p.positionals];
  const project = top[top.indexOf('-u') + 1];
  const env = ctx.envOf(top.includes('-u') ? project : undefined, ...urls);
  const v = gsutilVerdict(cmd, sub, p, urls, env);
  return [act('gsutil', [cmd, sub].filter((s) => s).join(' ') || 'gsutil', v, urls, env, ctx)];
}

// prettier-ignore
const BQ_VALUES = [
  '--project_id', '--location', '--format', '--dataset_id', '--max_rows', '-n',
  '--destination_table', '--parameter', '--job_id', '--api', '--service_account', '--apilog',
  '--start_row', '-s', '--expiration', '--default_table_expiration', '--description', '--label',
  '--schema', '--source_format', '--time_partitioning_field', '--max_results', '--filter',
  '--member', '--role', '--use_legacy_sql',
];

/** Judge a `bq` invocation. */
export function analyzeBq(inv: Invocation, ctx: ToolContext): Action[] {
  const p = parseArgs(inv.args, { value: BQ_VALUES });
  const [cmd = '', ...rest] = p.positionals;
  const project = value(p, '--project_id');
  const env = ctx.envOf(project, value(p, '--dataset_id'), ...rest);
  const id = rest[0] ?? '';
  let v: Verdict;
  if (cmd === '' || cmd === 'help' || has(p, '--help'))
    v = { risk: 'none', rule: 'help', reason: 'only shows help' };
  else if (has(p, '--dry_run'))
    v = { risk: 'none', rule: 'dry-run', reason: 'dry run: nothing is changed' };
  else if (['ls', 'show', 'head', 'version', 'wait', 'get-iam-policy', 'info'].includes(cmd))
    v = { risk: 'none', rule: 'read', reason: 'read-only' };
  else if (cmd === 'rm') {
    const table =
      has(p, '-t', '--table', '-m', '--model', '--routine', '--connection') ||
      (id.includes('.') && !has(p, '-d', '--dataset'));
    v = table
      ? { risk: 'high', rule: 'rm-table', reason: `deletes ${id} and its data` }
      : {
          risk: env === 'prod' ? 'catastrophic' : 'high',
          rule: 'rm-dataset',
          reason: `deletes the dataset ${id}${has(p, '-r', '--recursive') ? ' and tables' : ''}`,
        };
  } else if (cmd === 'query') {
    const text = rest.join(' ') || (inv.stdin?.kind === 'text' ? inv.stdin.text : '');
    const sql = sqlDestruction(text);
    const reads = /^\s*(select|with)\b/i.test(text);
    v = sql
      ? { risk: sql.risk, rule: 'sql', reason: `runs ${sql.what}` }
      : { risk: reads ? 'none' : 'low', rule: reads ? 'read' : 'write', reason: 'runs a query' };
  } else if (cmd === 'truncate') v = { risk: 'high', rule: 'rm-table', reason: `truncates ${id}` };
  else if (cmd === 'add-iam-policy-binding' && values(p, '--member').some(isPublicMember)) {
    v = { risk: 'high', rule: 'public-access', reason: 'grants access to allUsers' };
  } else v = { risk: 'low', rule: 'write', reason: `bq ${cmd}: creates or changes data` };
  return [act('bq', cmd || 'bq', v, rest, env, ctx)];
}
