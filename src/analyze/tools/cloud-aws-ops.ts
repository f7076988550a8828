/**
 * Judging one AWS API operation (`aws <service> <operation>`). The operation name carries the verb
 * (`delete-db-instance`, `terminate-instances`, `describe-*`); the noun after it says how much goes
 * with it (a cluster, a stack, a hosted zone, a file system). A few operations need their
 * parameters read (record-set changes, scaling to zero, batch writes, the instance list of
 * `terminate-instances`).
 */
import { verbClass, wordParts, type VerbClass } from './cloud-common.js';
import { flag, optAll, type AwsCall } from './cloud-aws-parse.js';
import { OPS, type OpRule } from './cloud-aws-rules.js';
import type { Finding } from './cloud-aws-security.js';

// Parts of a deleted noun that make it a whole environment-sized resource.
const WHOLE_NOUNS: ReadonlyArray<readonly [string, string]> = [
  ['cluster', 'delete-cluster'],
  ['stack', 'delete-stack'],
  ['database', 'delete-database'],
  ['system', 'delete-filesystem'],
  ['zone', 'delete-zone'],
  ['vault', 'delete-backup-vault'],
  ['organization', 'organization'],
  ['environment', 'delete-environment'],
];

// Stopping these is cancelling a job, not taking a service down.
const JOBS = new RegExp(
  [
    'query|build|execution|job|run|import|export|task-set|deployment|assessment',
    'replication-task|crawler|workflow|analysis|transaction|session|logging-task|pipeline',
    'training|transform|labeling|stream-processor|monitoring|evaluation|migration',
  ].join('|'),
);

/** Operation class, AWS prefixes stripped (`batch-get-item` → get, `admin-delete-user` → delete) */
export function opClass(op: string): VerbClass | undefined {
  const parts = wordParts(op);
  while (parts.length > 1 && ['batch', 'admin', 'bulk', 'force'].includes(parts[0] ?? ''))
    parts.shift();
  const verb = parts[0] ?? '';
  if (verb === 'reset' || verb === 'cancel' || verb === 'schedule' || verb === 'restore')
    return 'write';
  if (verb === 'reboot') return 'stop';
  if (verb === 'leave' || verb === 'close') return 'delete';
  if (verb === 'remove' && parts.includes('tags')) return 'write';
  if (verb === 'untag') return 'write';
  return verbClass(verb);
}

function matchRule(call: AwsCall): OpRule | undefined {
  return OPS.find(
    (r) =>
      r.svc.split('|').includes(call.service) &&
      (r.op === '*'
        ? /^(delete|remove|terminate|purge)/.test(call.op)
        : r.op.split('|').includes(call.op)) &&
      (!r.when || r.when(call)),
  );
}

function terminate(call: AwsCall): Finding {
  const ids = optAll(call, '--instance-ids');
  const dynamic = call.dynamicOpts.has('--instance-ids');
  const fleet = ids.length >= 5 || (dynamic && call.env === 'prod');
  const what = dynamic
    ? `the instances listed by ${ids.join(' ')}`
    : `${ids.length} instance(s) ${ids.join(' ')}`;
  return fleet
    ? {
        risk: 'catastrophic',
        rule: 'terminate-instances',
        reason: `terminates ${what}: a whole fleet and its instance-store data`,
      }
    : {
        risk: 'high',
        rule: 'terminate-instances',
        reason: `terminates ${what}: root volumes are deleted with them`,
      };
}

/** Judge an AWS API operation by its rules table, then by its verb and noun. */
export function judgeOp(call: AwsCall): Finding {
  const { service, op } = call;
  if (service === 'ec2' && op === 'terminate-instances') return terminate(call);
  const rule = matchRule(call);
  if (rule) {
    const risk = rule.risk === 'prod' ? (call.env === 'prod' ? 'catastrophic' : 'high') : rule.risk;
    return { risk, rule: rule.rule, reason: rule.reason };
  }
  const cls = opClass(op);
  const parts = wordParts(op);
  switch (cls) {
    case 'read':
      return { risk: 'none', rule: 'read', reason: `${service} ${op} only reads` };
    case 'delete': {
      const noun = parts.slice(1);
      const last = noun[noun.length - 1] ?? '';
      const whole = WHOLE_NOUNS.find(([n]) => n === last);
      const extras: string[] = [];
      if (flag(call, '--skip-final-snapshot')) extras.push('no final snapshot is taken');
      if (flag(call, '--delete-automated-backups'))
        extras.push('its automated backups are deleted too');
      if (flag(call, '--force-delete-without-recovery')) extras.push('without the recovery window');
      const tail = extras.length > 0 ? ` (${extras.join('; ')})` : '';
      if (['tags', 'tag', 'message', 'item'].includes(last) && noun.length === 1) {
        // One tag, one consumed queue message, one item by its key: routine and narrow.
        return { risk: 'low', rule: 'write', reason: `${service} ${op}: removes a single ${last}` };
      }
      if (whole)
        return {
          risk: 'catastrophic',
          rule: whole[1],
          reason: `${service} ${op}: deletes a whole ${noun.join(' ')}${tail}`,
        };
      if (last === 'table') {
        return {
          risk: call.env === 'prod' ? 'catastrophic' : 'high',
          rule: 'delete-table',
          reason: `${service} ${op}: deletes a table and its data`,
        };
      }
      return {
        risk: 'high',
        rule: 'delete',
        reason: `${service} ${op}: deletes ${noun.join(' ') || 'a resource'}${tail}`,
      };
    }
    case 'stop':
      if (parts[0] === 'reboot')
        return {
          risk: 'high',
          rule: 'reboot',
          reason: `${service} ${op}: reboots, taking the service down meanwhile`,
        };
      if (JOBS.test(op))
        return { risk: 'low', rule: 'write', reason: `${service} ${op}: cancels a running job` };
      return { risk: 'high', rule: 'stop', reason: `${service} ${op}: stops a running service` };
    case 'disable':
      return {
        risk: 'high',
        rule: 'disable',
        reason: `${service} ${op}: disables, detaches or revokes something in use`,
      };
    case 'exec':
      return {
        risk: 'low',
        rule: 'exec',
        reason: `${service} ${op}: runs code with unknown effect`,
      };
    case 'restart':
      return { risk: 'low', rule: 'restart', reason: `${service} ${op}: restarts a service` };
    default:
      return {
        risk: 'low',
        rule: 'write',
        reason: `${service} ${op}: creates or changes resources`,
      };
  }
}
