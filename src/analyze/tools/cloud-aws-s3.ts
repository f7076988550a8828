/**
 * Object storage the file-system way: `aws s3 cp|mv|rm|sync|rb ...` and `s3cmd`. Deleting a whole
 * bucket that holds backups or production data is catastrophic (the only copy of a service's data);
 * other deletions are high; uploads and downloads are ordinary writes. `--dryrun` / `-n` previews
 * win.
 */
import type { Action } from '../types.js';
import type { Invocation, ToolContext } from '../model.js';
import { has, parseArgs } from '../args.js';
import { bucketScope, isBackupName } from './cloud-common.js';
import { flag, opt, type AwsCall } from './cloud-aws-parse.js';
import type { Finding } from './cloud-aws-security.js';

/** A whole bucket whose loss is the loss of a service's data or of its backups. */
function precious(url: string, env: string): boolean {
  const { bucket } = bucketScope(url);
  return env === 'prod' || isBackupName(bucket);
}

function removal(url: string, recursive: boolean, env: string, rule: string): Finding {
  const scope = bucketScope(url);
  if (recursive && scope.whole && precious(url, env)) {
    return {
      risk: 'catastrophic',
      rule,
      reason: `deletes every object in ${scope.bucket}, a production or backup bucket`,
    };
  }
  return recursive
    ? { risk: 'high', rule, reason: `deletes every object under ${url}` }
    : { risk: 'high', rule, reason: `deletes ${url}` };
}

function bucketDeletion(url: string, force: boolean, env: string, rule: string): Finding {
  const { bucket } = bucketScope(url);
  if (!force)
    return { risk: 'high', rule, reason: `deletes the bucket ${bucket} (it must be empty)` };
  return precious(url, env)
    ? {
        risk: 'catastrophic',
        rule,
        reason: `deletes ${bucket} with all its objects: a production or backup bucket`,
      }
    : { risk: 'high', rule, reason: `deletes ${bucket} with all its objects` };
}

/** Judge `aws s3 <command>` (the hand-written high-level commands). */
export function judgeS3(call: AwsCall): Finding {
  const [first = '', second = ''] = call.positionals;
  if (flag(call, '--dryrun', '--dry-run'))
    return { risk: 'none', rule: 'dry-run', reason: 'dry run: nothing is changed' };
  switch (call.op) {
    case 'ls':
    case 'presign':
      return { risk: 'none', rule: 'read', reason: 'read-only' };
    case 'rm': {
      // Filters narrow a recursive delete to some keys: no longer the whole bucket.
      const filtered = flag(call, '--include', '--exclude');
      const f = removal(first, flag(call, '--recursive'), call.env, 's3-rm');
      return filtered && f.risk === 'catastrophic' ? { ...f, risk: 'high' } : f;
    }
    case 'rb':
      return bucketDeletion(first, flag(call, '--force'), call.env, 's3-rb');
    case 'sync':
      if (flag(call, '--delete')) {
        return {
          risk: 'high',
          rule: 's3-sync-delete',
          reason: `deletes files in ${second} that are not in ${first}`,
        };
      }
      break;
    default:
      break;
  }
  if (opt(call, '--acl') === 'public-read-write') {
    return { risk: 'high', rule: 'public-access', reason: 'makes the objects writable by anyone' };
  }
  return { risk: 'low', rule: 'write', reason: `s3 ${call.op}: copies or creates objects` };
}

// prettier-ignore
const S3CMD_VALUES = [
  '-c', '--config', '--access_key', '--secret_key', '--access_token', '--region', '--host',
  '--host-bucket', '--exclude', '--include', '--exclude-from', '--include-from', '--rexclude',
  '--rinclude', '--acl-grant', '--acl-revoke', '-m', '--mime-type', '--add-header',
  '--remove-header', '--storage-class', '--encoding', '--expiry-days', '--expiry-date',
  '--expiry-prefix', '--cache-file', '--bucket-location', '--ws-index', '--ws-error',
  '--limit-rate', '--multipart-chunk-size-mb', '--server-side-encryption-kms-id', '--limit',
];

const S3CMD_READ = new Set([
  'ls',
  'la',
  'du',
  'info',
  'get',
  'signurl',
  'cfinfo',
  'cflist',
  'ws-info',
  'accesslog',
]);

/** Judge an `s3cmd` invocation. */
export function analyzeS3cmd(inv: Invocation, ctx: ToolContext): Action[] {
  const p = parseArgs(inv.args, { value: S3CMD_VALUES });
  const [cmd = '', first = '', second = ''] = p.positionals;
  const config = [...(p.opts.get('-c') ?? []), ...(p.opts.get('--config') ?? [])];
  const env = ctx.envOf(...config, first, second);
  const recursive = has(p, '-r', '--recursive');
  const force = has(p, '-f', '--force');
  let f: Finding;
  if (has(p, '--help', '-h') || cmd === '' || cmd === 'help')
    f = { risk: 'none', rule: 'help', reason: 'only shows help' };
  else if (has(p, '-n', '--dry-run'))
    f = { risk: 'none', rule: 'dry-run', reason: 'dry run: nothing is changed' };
  else if (S3CMD_READ.has(cmd)) f = { risk: 'none', rule: 'read', reason: 'read-only' };
  else if (cmd === 'del' || cmd === 'rm') f = removal(first, recursive, env, 's3-rm');
  else if (cmd === 'rb') f = bucketDeletion(first, recursive || force, env, 's3-rb');
  else if (cmd === 'sync' && has(p, '--delete-removed', '--delete-after')) {
    f = {
      risk: 'high',
      rule: 's3-sync-delete',
      reason: `deletes files in ${second} that are not in ${first}`,
    };
  } else if (cmd === 'setacl' && has(p, '-P', '--acl-public')) {
    f = { risk: 'high', rule: 'public-access', reason: `makes ${first} readable by anyone` };
  } else if (cmd === 'expire') {
    f = {
      risk: 'high',
      rule: 's3-expire',
      reason: `sets a lifecycle rule that deletes objects of ${first}`,
    };
  } else if (cmd === 'ws-delete' || cmd === 'cfdelete') {
    f = {
      risk: 'high',
      rule: 'delete',
      reason: `takes down the website or distribution of ${first}`,
    };
  } else f = { risk: 'low', rule: 'write', reason: `s3cmd ${cmd}: copies or changes objects` };
  return [
    ctx.action({
      tool: 's3cmd',
      verb: cmd || 's3cmd',
      effect:
        f.risk === 'none' ? 'read' : f.rule === 's3-rm' || f.rule === 's3-rb' ? 'delete' : 'write',
      risk: f.risk,
      rule: `s3cmd/${f.rule}`,
      targets: [first, second].filter((t) => t),
      reasons: [f.reason],
      env,
    }),
  ];
}
