/**
 * `gcloud [group ...] <verb> NAME [--flags]`. The path judge reads the verb (`delete`, `stop`,
 * `reset`, `describe` ...) and the resource group before it; the rules here say which groups are
 * whole databases, clusters, stacks or projects, and the checks read the flags that weaken security
 * (public IAM members, admin roles, world-open firewall rules, deletion protection off). `--quiet`
 * changes nothing: the gate is the prompt. `gcloud compute ssh --command` is analysed on the far
 * side.
 */
import type { Action } from '../types.js';
import type { Invocation, ToolContext } from '../model.js';
import { has, value, values } from '../args.js';
import {
  bucketScope,
  isAdminRole,
  isBackupName,
  isPublicMember,
  isWebPort,
  isWorldCidr,
} from './cloud-common.js';
import { parsePath, type PathCall, type PathSpec } from './cloud-other-path.js';
import { judgePath, pathAction, type Verdict } from './cloud-other-judge.js';

const prot = (c: PathCall): boolean =>
  has(c.p, '--no-deletion-protection') || value(c.p, '--deletion-protection') === 'false';

export const GCLOUD: PathSpec = {
  tool: 'gcloud',
  // prettier-ignore
  value: [
    '--project', '--zone', '--region', '--format', '--filter', '--limit', '--member', '--role',
    '--account', '--configuration', '--verbosity', '--impersonate-service-account',
    '--billing-project', '--flatten', '--sort-by', '--page-size', '--freshness', '--location',
    '--cluster', '--instance', '--database', '--command', '--source-ranges', '--allow', '--rules',
    '--network', '--image', '--machine-type', '--condition', '--description', '--labels', '--tier',
    '--size', '--num-nodes', '--authorized-networks', '--activation-policy', '--service-account',
    '--keyring', '--key', '--display-name', '--platform', '--service', '--topic', '--subscription',
    '--bucket', '--dataset', '--predefined-acl', '--ssh-flag', '--action', '--direction',
    '--priority', '--target-tags', '--node-pool', '--max-instances', '--image-project',
  ],
  scope: [
    '--project',
    '--configuration',
    '--cluster',
    '--instance',
    '--database',
    '--bucket',
    '--service',
  ],
  groups: ['run', 'deploy', 'alpha', 'beta'],
  rules: [
    {
      path: 'sql instances delete',
      risk: 'catastrophic',
      rule: 'delete-database',
      reason: 'deletes a Cloud SQL instance with all its databases and backups',
    },
    {
      path: 'sql databases delete',
      risk: 'prod',
      rule: 'delete-database',
      reason: 'drops a database on a Cloud SQL instance',
    },
    {
      path: 'sql instances restart',
      risk: 'low',
      rule: 'restart',
      reason: 'restarts a database service',
    },
    {
      path: 'spanner|bigtable|filestore instances|databases delete',
      risk: 'catastrophic',
      rule: 'delete-database',
      reason: 'deletes a managed database or file store and its data',
    },
    {
      path: 'deployment-manager|infra-manager deployments delete',
      risk: 'catastrophic',
      rule: 'delete-stack',
      reason: 'deletes a whole deployment and every resource it created',
    },
    {
      path: 'folders delete',
      risk: 'catastrophic',
      rule: 'delete-project',
      reason: 'deletes a folder of projects',
    },
    {
      path: 'kms keys versions destroy',
      risk: 'catastrophic',
      rule: 'kms-key-destroy',
      reason: 'destroys key material: everything encrypted with it becomes unreadable',
    },
    {
      path: 'backup-vaults delete',
      risk: 'catastrophic',
      rule: 'delete-vault',
      reason: 'deletes a backup vault',
    },
    {
      path: 'config configurations delete',
      risk: 'low',
      rule: 'write',
      reason: 'deletes a local gcloud configuration',
    },
    { path: 'auth revoke', risk: 'low', rule: 'write', reason: 'logs a local account out' },
    {
      path: 'remove-iam-policy-binding',
      risk: 'low',
      rule: 'write',
      reason: 'removes an IAM binding',
    },
    {
      path: '*',
      risk: 'high',
      rule: 'protection-off',
      reason: 'turns deletion protection off',
      when: prot,
    },
    {
      path: 'sql instances patch',
      risk: 'high',
      rule: 'protection-off',
      reason: 'turns automated backups off',
      when: (c) => has(c.p, '--no-backup'),
    },
    {
      path: 'sql instances patch',
      risk: 'high',
      rule: 'stop',
      reason: 'activation policy NEVER stops the database',
      when: (c) => value(c.p, '--activation-policy')?.toUpperCase() === 'NEVER',
    },
    {
      path: 'clusters|node-pools resize|update',
      risk: 'high',
      rule: 'scale-to-zero',
      reason: 'scales the cluster to zero nodes',
      when: (c) => value(c.p, '--num-nodes') === '0',
    },
    {
      path: 'managed resize',
      risk: 'high',
      rule: 'scale-to-zero',
      reason: 'scales the instance group to zero',
      when: (c) => value(c.p, '--size') === '0',
    },
    {
      path: '*',
      risk: 'high',
      rule: 'protection-off',
      reason: 'suspends object versioning',
      when: (c) => c.names.includes('off') || has(c.p, '--no-versioning'),
    },
  ],
};

function iamBinding(call: PathCall): { rule: string; reason: string } | undefined {
  const members = values(call.p, '--member');
  const role = value(call.p, '--role') ?? '';
  const pub = members.find(isPublicMember);
  if (pub)
    return {
      rule: 'public-access',
      reason: `grants ${role || 'a role'} to ${pub}: anyone on the internet`,
    };
  if (isAdminRole(role))
    return { rule: 'iam-grant', reason: `grants ${role} to ${members.join(', ')}: full control` };
  return undefined;
}

function firewallOpen(call: PathCall): boolean {
  if (value(call.p, '--action')?.toUpperCase() === 'DENY') return false;
  if (value(call.p, '--direction')?.toUpperCase() === 'EGRESS') return false;
  const ranges = values(call.p, '--source-ranges').flatMap((r) => r.split(','));
  if (!ranges.some(isWorldCidr)) return false;
  const rules = values(call.p, '--allow', '--rules').flatMap((r) => r.split(','));
  // An update that only widens the sources keeps ports we cannot see: judge it open.
  if (rules.length === 0) return true;
  // `tcp` alone or `all` opens every port; `tcp:80,tcp:443` only the web.
  return rules.some((r) => {
    const [proto = '', port] = r.split(':');
    return proto === 'all' || port === undefined || !isWebPort(port);
  });
}

/** Security weakenings and storage deletions gcloud expresses in flags rather than verbs. */
function special(call: PathCall): Verdict | undefined {
  const { cmd, verb, names } = call;
  if (verb === 'add-iam-policy-binding') {
    const grant = iamBinding(call);
    return grant ? { risk: 'high', effect: 'write', ...grant } : undefined;
  }
  if (
    cmd.includes('firewall-rules') &&
    (verb === 'create' || verb === 'update') &&
    firewallOpen(call)
  ) {
    return {
      risk: 'high',
      effect: 'write',
      rule: 'open-ingress',
      reason: 'opens a non-web port to the whole internet (0.0.0.0/0)',
    };
  }
  if (values(call.p, '--authorized-networks').some((n) => n.split(',').some(isWorldCidr))) {
    return {
      risk: 'high',
      effect: 'write',
      rule: 'public-access',
      reason: 'authorizes the whole internet to connect to the database',
    };
  }
  const acl = (
    value(call.p, '--predefined-acl', '--predefined-default-object-acl') ?? ''
  ).toLowerCase();
  if (acl === 'publicread' || acl === 'publicreadwrite' || acl === 'public-read') {
    const reason = `sets the ${acl} ACL: anyone can read`;
    return { risk: 'high', effect: 'write', rule: 'public-access', reason };
  }
  if (cmd[0] !== 'storage') return undefined;
  const url = names.find((n) => n.startsWith('gs://')) ?? names[0] ?? '';
  const scope = bucketScope(url);
  const precious = call.env === 'prod' || isBackupName(scope.bucket);
  if (verb === 'rm' && has(call.p, '-r', '-R', '--recursive') && scope.whole) {
    return precious
      ? {
          risk: 'catastrophic',
          rule: 'storage-rm',
          reason: `deletes ${scope.bucket} and every object in it: a production or backup bucket`,
        }
      : {
          risk: 'high',
          rule: 'storage-rm',
          reason: `deletes ${scope.bucket} and every object in it`,
        };
  }
  if (verb === 'rsync' && has(call.p, '--delete-unmatched-destination-objects')) {
    return {
      risk: 'high',
      effect: 'delete',
      rule: 'sync-delete',
      reason: `deletes objects in ${names[1] ?? 'the destination'} missing from the source`,
    };
  }
  return undefined;
}

/** Judge a `gcloud` invocation. */
export function analyzeGcloud(inv: Invocation, ctx: ToolContext): Action[] {
  const call = parsePath(
    GCLOUD,
    inv,
    ctx,
    [ctx.env['CLOUDSDK_ACTIVE_CONFIG_NAME']].filter((v): v is string => !!v),
  );
  if (call.help || call.dryRun) return [judgePath(GCLOUD, call, ctx)];
  if (call.verb === 'ssh') {
    const rest = call.p.rest.length > 0 ? call.p.rest.join(' ') : undefined;
    const command = value(call.p, '--command') ?? rest;
    const hop = `gcloud compute ssh ${call.names[0] ?? ''}`.trim();
    if (command !== undefined) ctx.script(command, hop, { env: call.env, remote: true });
  }
  const s = special(call);
  if (s) return [pathAction(GCLOUD, call, ctx, s.risk, s.rule, s.reason, s.effect)];
  return [judgePath(GCLOUD, call, ctx)];
}
