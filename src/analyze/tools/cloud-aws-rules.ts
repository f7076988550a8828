/**
 * The AWS operations whose verb and noun alone do not say enough: managed databases named
 * `*-instance`, tables whose weight depends on the environment, record-set changes that delete,
 * scaling to zero, organization and key operations. Each rule matches a service and an operation
 * (`*` = any deleting operation of the service).
 */
import type { Risk } from '../types.js';
import { flag, opt, optAll, type AwsCall } from './cloud-aws-parse.js';

export interface OpRule {
  readonly svc: string;
  readonly op: string;
  /** `prod`: catastrophic in production, high elsewhere. */
  readonly risk: Risk | 'prod';
  readonly rule: string;
  readonly reason: string;
  readonly when?: (call: AwsCall) => boolean;
}

const zero = (v: string | undefined): boolean => v === '0';

export const OPS: readonly OpRule[] = [
  {
    svc: 'rds|docdb|neptune',
    op: 'delete-db-instance|delete-db-cluster|delete-global-cluster',
    risk: 'catastrophic',
    rule: 'delete-database',
    reason: 'deletes a managed database',
  },
  {
    svc: 'redshift',
    op: 'delete-cluster',
    risk: 'catastrophic',
    rule: 'delete-database',
    reason: 'deletes a data warehouse cluster',
  },
  {
    svc: 'redshift-serverless',
    op: 'delete-namespace',
    risk: 'catastrophic',
    rule: 'delete-database',
    reason: 'deletes a data warehouse namespace and its data',
  },
  {
    svc: 'lightsail',
    op: 'delete-relational-database',
    risk: 'catastrophic',
    rule: 'delete-database',
    reason: 'deletes a managed database',
  },
  {
    svc: 'opensearch|es',
    op: 'delete-domain|delete-elasticsearch-domain',
    risk: 'catastrophic',
    rule: 'delete-database',
    reason: 'deletes a search domain and its indices',
  },
  {
    svc: 'dynamodb',
    op: 'delete-table',
    risk: 'prod',
    rule: 'delete-table',
    reason: 'deletes a DynamoDB table and every item in it',
  },
  {
    svc: 'elasticache|memorydb|dax',
    op: '*',
    risk: 'high',
    rule: 'delete',
    reason: 'deletes a cache cluster',
  },
  {
    svc: 'route53',
    op: 'delete-hosted-zone',
    risk: 'catastrophic',
    rule: 'delete-zone',
    reason: 'deletes a whole DNS zone: every name in it stops resolving',
  },
  {
    svc: 'route53',
    op: 'change-resource-record-sets',
    risk: 'high',
    rule: 'dns-delete',
    reason: 'deletes DNS records',
    when: (c) => optAll(c, '--change-batch').join(' ').includes('DELETE'),
  },
  {
    svc: 'organizations',
    op: 'leave-organization|close-account|delete-organization|remove-account-from-organization',
    risk: 'catastrophic',
    rule: 'organization',
    reason: 'closes an account or breaks up the organization',
  },
  {
    svc: 'kms',
    op: 'schedule-key-deletion',
    risk: 'catastrophic',
    rule: 'kms-key-deletion',
    reason: 'schedules a KMS key for deletion: everything encrypted with it becomes unreadable',
  },
  {
    svc: 'kms',
    op: 'disable-key',
    risk: 'high',
    rule: 'kms-disable-key',
    reason: 'disables a KMS key: data encrypted with it cannot be read until it is re-enabled',
  },
  {
    svc: 'elasticbeanstalk',
    op: 'terminate-environment',
    risk: 'catastrophic',
    rule: 'delete-environment',
    reason: 'terminates a whole Beanstalk environment and its resources',
  },
  {
    svc: 'cognito-idp',
    op: 'delete-user-pool',
    risk: 'catastrophic',
    rule: 'delete-user-pool',
    reason: 'deletes a user pool and every account in it',
  },
  {
    svc: 'backup',
    op: 'delete-backup-vault',
    risk: 'catastrophic',
    rule: 'delete-backup-vault',
    reason: 'deletes a backup vault',
  },
  {
    svc: 'glacier',
    op: 'delete-vault',
    risk: 'catastrophic',
    rule: 'delete-backup-vault',
    reason: 'deletes an archive vault',
  },
  {
    svc: 'ecs',
    op: 'update-service',
    risk: 'high',
    rule: 'scale-to-zero',
    reason: 'scales the service to zero tasks: it stops serving',
    when: (c) => zero(opt(c, '--desired-count')),
  },
  {
    svc: 'autoscaling',
    op: 'update-auto-scaling-group|set-desired-capacity',
    risk: 'high',
    rule: 'scale-to-zero',
    reason: 'scales the group to zero instances',
    when: (c) => zero(opt(c, '--desired-capacity')) || zero(opt(c, '--max-size')),
  },
  {
    svc: 'ec2',
    op: 'cancel-spot-fleet-requests',
    risk: 'high',
    rule: 'terminate-instances',
    reason: 'cancels the fleet and terminates its instances',
    when: (c) => flag(c, '--terminate-instances'),
  },
  {
    svc: 'dynamodb',
    op: 'batch-write-item',
    risk: 'high',
    rule: 'delete',
    reason: 'deletes items',
    when: (c) => optAll(c, '--request-items').join(' ').includes('DeleteRequest'),
  },
  {
    svc: 'cloudformation',
    op: 'delete-change-set',
    risk: 'low',
    rule: 'write',
    reason: 'deletes a change set that was never applied',
  },
];
