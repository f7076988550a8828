/**
 * AWS operations that weaken a security boundary without deleting anything: public ACLs and
 * policies, public access blocks turned off, admin grants, audit trails stopped, deletion
 * protection removed, the world let in on SSH. Each is judged from the operation and its parameters
 * (policy documents are read when inline).
 */
import type { Risk } from '../types.js';
import { isAdminRole, isPublicMember, isWebPort, isWorldCidr } from './cloud-common.js';
import { flag, opt, optAll, type AwsCall } from './cloud-aws-parse.js';

export interface Finding {
  readonly risk: Risk;
  readonly rule: string;
  readonly reason: string;
}

const AUDIT: ReadonlyArray<readonly [string, string]> = [
  ['cloudtrail', 'stop-logging'],
  ['cloudtrail', 'delete-trail'],
  ['guardduty', 'delete-detector'],
  ['guardduty', 'disassociate-from-master-account'],
  ['guardduty', 'disassociate-from-administrator-account'],
  ['configservice', 'stop-configuration-recorder'],
  ['configservice', 'delete-configuration-recorder'],
  ['configservice', 'delete-delivery-channel'],
  ['securityhub', 'disable-security-hub'],
  ['macie2', 'disable-macie'],
  ['inspector2', 'disable'],
  ['detective', 'delete-graph'],
  ['accessanalyzer', 'delete-analyzer'],
  ['cloudwatch', 'disable-alarm-actions'],
  ['ec2', 'delete-flow-logs'],
  ['logs', 'delete-subscription-filter'],
];

const PUBLIC_ACLS = new Set(['public-read', 'public-read-write', 'authenticated-read']);

interface Statement {
  Effect?: unknown;
  Principal?: unknown;
  Action?: unknown;
  Condition?: unknown;
}

/** The statements of an inline JSON policy; `undefined` when not inline JSON (`file://...`). */
function statements(text: string): Statement[] | undefined {
  if (!text.trim().startsWith('{')) return undefined;
  try {
    const doc = JSON.parse(text) as { Statement?: unknown; Policy?: unknown };
    if (typeof doc.Policy === 'string') return statements(doc.Policy);
    const s = doc.Statement;
    return (Array.isArray(s) ? s : s ? [s] : []) as Statement[];
  } catch {
    return undefined;
  }
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

function anyonePrincipal(p: unknown): boolean {
  if (p === '*') return true;
  if (p && typeof p === 'object') return Object.values(p).some((v) => list(v).includes('*'));
  return false;
}

/** Policy text granting anyone access (Principal `*`, Allow, no Condition to narrow it). */
export function publicPolicy(text: string): boolean {
  const st = statements(text);
  if (st)
    return st.some((s) => s.Effect === 'Allow' && anyonePrincipal(s.Principal) && !s.Condition);
  const compact = text.replace(/\s+/g, '');
  return compact.includes('"Principal":"*"') || compact.includes('"AWS":"*"');
}

/** Policy text allowing every action (`*`, `iam:*`). */
function adminPolicy(text: string): boolean {
  const st = statements(text);
  const wild = (a: unknown): boolean => a === '*' || a === 'iam:*' || a === '*:*';
  if (st) return st.some((s) => s.Effect === 'Allow' && list(s.Action).some(wild));
  const compact = text.replace(/\s+/g, '');
  return compact.includes('"Action":"*"') || compact.includes('"Action":["*"]');
}

function ingressWorldOpen(call: AwsCall): boolean {
  const cidrs = optAll(call, '--cidr', '--cidr-ip', '--cidr-ipv6');
  if (cidrs.some(isWorldCidr)) {
    const port = opt(call, '--port') ?? '';
    const proto = opt(call, '--protocol') ?? '';
    return proto === '-1' || proto === 'all' || !isWebPort(port);
  }
  const perms = optAll(call, '--ip-permissions').join(' ');
  if (!perms.includes('0.0.0.0/0') && !perms.includes('::/0')) return false;
  const from = /FromPort["']?\s*[:=]\s*(-?\d+)/.exec(perms)?.[1];
  const to = /ToPort["']?\s*[:=]\s*(-?\d+)/.exec(perms)?.[1];
  return from === undefined || from !== to || !isWebPort(from);
}

function protectionOff(call: AwsCall): string | undefined {
  const off = [
    '--no-deletion-protection',
    '--no-deletion-protection-enabled',
    '--no-enable-termination-protection',
    '--no-disable-api-termination',
    '--no-disable-api-stop',
  ].find((f) => flag(call, f));
  if (off) return `${off} removes the guard against deleting the resource`;
  if (opt(call, '--backup-retention-period') === '0')
    return 'a retention period of 0 turns automated backups off';
  const attrs = optAll(call, '--attributes', '--versioning-configuration', '--value')
    .join(' ')
    .toLowerCase();
  if (attrs.includes('deletion_protection.enabled') && attrs.includes('false')) {
    return 'turns the load balancer deletion protection off';
  }
  if (call.op === 'put-bucket-versioning' && attrs.includes('suspended')) {
    return 'suspends versioning: overwritten and deleted objects can no longer be recovered';
  }
  if (
    call.op === 'modify-instance-attribute' &&
    opt(call, '--attribute') === 'disableApiTermination' &&
    attrs === 'false'
  ) {
    return 'turns termination protection off';
  }
  return undefined;
}

function iamGrant(call: AwsCall): string | undefined {
  const { op } = call;
  if (/^attach-(user|role|group)-policy$/.test(op)) {
    const arn = opt(call, '--policy-arn') ?? '';
    if (isAdminRole(arn) || /FullAccess$/i.test(arn))
      return `attaches ${arn.split('/').pop() ?? arn}`;
  }
  if (/^(put-(user|role|group)-policy|create-policy|create-policy-version)$/.test(op)) {
    if (adminPolicy(opt(call, '--policy-document') ?? ''))
      return 'grants every action ("Action": "*")';
  }
  if (op === 'add-user-to-group' && /admin/i.test(opt(call, '--group-name') ?? '')) {
    return `adds a user to ${opt(call, '--group-name') ?? 'an admin group'}`;
  }
  return undefined;
}

function exposure(call: AwsCall): string | undefined {
  const { op } = call;
  const acl = opt(call, '--acl') ?? '';
  if (
    (op === 'put-bucket-acl' || op === 'put-object-acl' || op === 'create-bucket') &&
    PUBLIC_ACLS.has(acl)
  ) {
    return `sets the canned ACL ${acl}: anyone can read`;
  }
  const grants = [...call.opts].filter(
    ([k]) => k.startsWith('--grant-') || k === '--access-control-policy',
  );
  if (grants.some(([, v]) => v.some((g) => g.split(/[,=\s]+/).some(isPublicMember)))) {
    return 'grants access to AllUsers/AuthenticatedUsers';
  }
  if (op === 'delete-public-access-block' || op === 'delete-account-public-access-block') {
    return 'removes the block that keeps buckets from being made public';
  }
  if (op.startsWith('put-') && op.endsWith('public-access-block')) {
    const conf = optAll(call, '--public-access-block-configuration').join(' ').toLowerCase();
    if (conf.includes('false')) return 'turns the public access block off';
  }
  if (/^(put|set|create|update|add|attach)-/.test(op)) {
    for (const [name, vals] of call.opts) {
      if ((name.includes('policy') || name === '--attributes') && vals.some(publicPolicy)) {
        return `${name} allows anyone (Principal "*")`;
      }
    }
  }
  if (
    op === 'add-permission' &&
    (opt(call, '--principal') === '*' || opt(call, '--principal') === '"*"')
  ) {
    return 'lets anyone invoke the function';
  }
  if (flag(call, '--publicly-accessible') && /^(modify|create|restore)-db-/.test(op)) {
    return 'makes the database reachable from the internet';
  }
  const perms = optAll(
    call,
    '--launch-permission',
    '--create-volume-permission',
    '--values-to-add',
    '--group-names',
  );
  if (
    /^modify-(image|snapshot|db-snapshot|db-cluster-snapshot)-attribute$/.test(op) &&
    perms.some((p) => /\ball\b/i.test(p))
  ) {
    return 'shares the image or snapshot with every AWS account';
  }
  return undefined;
}

/** A security weakening performed by this operation, if any. */
export function securityFinding(call: AwsCall): Finding | undefined {
  if (AUDIT.some(([s, o]) => s === call.service && o === call.op)) {
    return {
      risk: 'high',
      rule: 'audit-off',
      reason: `${call.service} ${call.op} turns audit or threat detection off`,
    };
  }
  if (call.service === 'guardduty' && call.op === 'update-detector' && flag(call, '--no-enable')) {
    return { risk: 'high', rule: 'audit-off', reason: 'disables the GuardDuty detector' };
  }
  if (call.op === 'authorize-security-group-ingress' && ingressWorldOpen(call)) {
    return {
      risk: 'high',
      rule: 'open-ingress',
      reason: 'opens a non-web port to the whole internet (0.0.0.0/0)',
    };
  }
  const exposed = exposure(call);
  if (exposed) return { risk: 'high', rule: 'public-access', reason: exposed };
  const grant = iamGrant(call);
  if (grant)
    return { risk: 'high', rule: 'iam-grant', reason: `${grant}: broad administrative access` };
  const prot = protectionOff(call);
  if (prot) return { risk: 'high', rule: 'protection-off', reason: prot };
  return undefined;
}
