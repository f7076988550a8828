/**
 * The MinIO client `mc` (S3-compatible storage; the same name as Midnight Commander, which is what
 * runs when the first word is not an mc sub-command). `rm --recursive --force` of a whole
 * production or backup bucket and `rb --force` of one are catastrophic, `--dangerous` removes every
 * bucket of an alias; `mirror --remove` deletes at the destination; `anonymous set
 * public|download|upload` exposes a bucket. `--fake` and `--dry-run` preview.
 */
import type { Action, Risk } from '../types.js';
import type { Invocation, ToolContext } from '../model.js';
import { has, parseArgs } from '../args.js';
import { bucketScope, isBackupName, verbClass } from './cloud-common.js';

// prettier-ignore
const SUBCOMMANDS = new Set([
  'alias', 'ls', 'mb', 'rb', 'cp', 'mirror', 'cat', 'head', 'pipe', 'share', 'find', 'sql', 'stat',
  'mv', 'tree', 'du', 'retention', 'legalhold', 'diff', 'rm', 'encrypt', 'event', 'watch', 'undo',
  'anonymous', 'policy', 'tag', 'ilm', 'quota', 'replicate', 'admin', 'update', 'ready', 'ping',
  'od', 'batch', 'idp', 'license', 'support', 'version', 'get', 'put', 'config', 'cors',
]);
const READS = new Set([
  'ls',
  'cat',
  'head',
  'share',
  'find',
  'sql',
  'stat',
  'tree',
  'du',
  'diff',
  'watch',
  'ready',
  'ping',
  'license',
  'get',
]);
const VALUES = [
  '--older-than',
  '--newer-than',
  '--rewind',
  '--exclude',
  '--storage-class',
  '--attr',
  '--limit-upload',
  '--limit-download',
  '--region',
  '--config-dir',
  '-C',
  '--name',
  '--encrypt-key',
];

interface Verdict {
  risk: Risk;
  rule: string;
  reason: string;
}

function removal(target: string, force: boolean, env: string, rule: string, what: string): Verdict {
  const scope = bucketScope(target);
  const bucket = scope.prefix.split('/')[0] ?? '';
  const wholeBucket = scope.prefix.split('/').filter((s) => s).length <= 1;
  const precious = env === 'prod' || isBackupName(bucket) || isBackupName(scope.bucket);
  if (force && wholeBucket && precious) {
    return {
      risk: 'catastrophic',
      rule,
      reason: `${what} ${target}: a production or backup bucket`,
    };
  }
  return { risk: 'high', rule, reason: `${what} ${target}` };
}

function verdict(
  cmd: string,
  args: string[],
  p: ReturnType<typeof parseArgs>,
  env: string,
): Verdict {
  const target = args[0] ?? '';
  if (has(p, '--help', '-h') || cmd === 'help')
    return { risk: 'none', rule: 'help', reason: 'only shows help' };
  if (has(p, '--fake', '--dry-run'))
    return { risk: 'none', rule: 'dry-run', reason: 'dry run: nothing is changed' };
  if (READS.has(cmd)) return { risk: 'none', rule: 'read', reason: 'read-only' };
  const recursive = has(p, '-r', '--recursive');
  const force = has(p, '--force');
  switch (cmd) {
    case 'rm':
      if (has(p, '--dangerous'))
        return {
          risk: 'catastrophic',
          rule: 'rm',
          reason: `deletes every bucket and object of ${target}`,
        };
      // mc refuses a recursive rm without --force: the intent is the same, so judge both alike.
      return recursive
        ? removal(target, true, env, 'rm', 'deletes every object under')
        : { risk: 'high', rule: 'rm', reason: `deletes ${target}` };
    case 'rb':
      return removal(
        target,
        force,
        env,
        'rb',
        force ? 'deletes the bucket and all its objects' : 'deletes the bucket',
      );
    case 'mirror':
      if (has(p, '--remove'))
        return {
          risk: 'high',
          rule: 'sync-delete',
          reason: `deletes objects in ${args[1] ?? 'the target'} missing from the source`,
        };
      break;
    case 'anonymous':
    case 'policy':
      if (args[0] === 'set' && ['public', 'download', 'upload'].includes(args[1] ?? '')) {
        return {
          risk: 'high',
          rule: 'public-access',
          reason: `makes ${args[2] ?? 'the bucket'} ${args[1] ?? ''} for anyone`,
        };
      }
      break;
    case 'version':
      if (args[0] === 'suspend')
        return { risk: 'high', rule: 'protection-off', reason: 'suspends object versioning' };
      break;
    case 'admin': {
      const verb = args.find((a) => verbClass(a) !== undefined) ?? '';
      const cls = verbClass(verb);
      if (cls === 'delete' || cls === 'disable')
        return { risk: 'high', rule: 'admin-delete', reason: `mc admin ${args.join(' ')}` };
      if (cls === 'stop') return { risk: 'high', rule: 'stop', reason: 'stops the MinIO server' };
      if (cls === 'read' || args[0] === 'info')
        return { risk: 'none', rule: 'read', reason: 'read-only' };
      break;
    }
    default:
      break;
  }
  return { risk: 'low', rule: 'write', reason: `mc ${cmd}: copies or changes objects` };
}

/** Judge `mc`: the MinIO client, or Midnight Commander when the first word is no sub-command. */
export function analyzeMc(inv: Invocation, ctx: ToolContext): Action[] {
  const p = parseArgs(inv.args, { value: VALUES });
  const [cmd = '', ...args] = p.positionals;
  if (!SUBCOMMANDS.has(cmd) && !(cmd === 'help')) {
    return [
      ctx.action({
        tool: 'mc',
        verb: 'mc',
        effect: 'read',
        risk: 'none',
        rule: 'mc/file-manager',
        reasons: ['Midnight Commander: an interactive file manager'],
      }),
    ];
  }
  const env = ctx.envOf(...args);
  const v = verdict(cmd, args, p, env);
  const effect =
    v.risk === 'none'
      ? 'read'
      : v.rule === 'rm' || v.rule === 'rb' || v.rule === 'sync-delete'
        ? 'delete'
        : 'write';
  return [
    ctx.action({
      tool: 'mc',
      verb: cmd,
      effect,
      risk: v.risk,
      rule: `mc/${v.rule}`,
      targets: args,
      reasons: [v.reason],
      env,
    }),
  ];
}
