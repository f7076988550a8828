/**
 * The Azure CLI: `az <group ...> <verb> --option value ...`. Command words come first and options
 * never precede them, so the words before the first option are the command and every option takes
 * the words up to the next option (lists are space-separated). The path judge reads the verb; the
 * rules here say what is a whole resource group, server or account, and the checks read public
 * access, admin roles, open NSG rules, TLS settings and Complete-mode deployments. `--yes` changes
 * nothing: the gate is the prompt.
 */
import type { Action, Risk } from '../types.js';
import type { Invocation, ToolContext } from '../model.js';
import { value, values } from '../args.js';
import { isAdminRole, isBackupName, isWebPort, isWorldCidr } from './cloud-common.js';
import { parsePath, type PathCall, type PathSpec } from './cloud-other-path.js';
import { judgePath, pathAction } from './cloud-other-judge.js';

const precious = (c: PathCall, name: string | undefined): boolean =>
  c.env === 'prod' || isBackupName(name ?? '');

export const AZ: PathSpec = {
  tool: 'az',
  grammar: 'options',
  value: [],
  // prettier-ignore
  scope: [
    '-g', '--resource-group', '-n', '--name', '--subscription', '--server', '-s', '--vault-name',
    '--account-name', '--cluster-name', '--ids', '--scope', '--source', '--container-name',
    '--database-name', '--workspace-name',
  ],
  dryRun: ['--what-if', '--dry-run'],
  rules: [
    {
      path: '^group delete',
      risk: 'catastrophic',
      rule: 'delete-resource-group',
      reason: 'deletes a whole resource group and every resource in it',
    },
    {
      path: 'sql server|mi delete',
      risk: 'catastrophic',
      rule: 'delete-database',
      reason: 'deletes a database server with all its databases',
    },
    {
      path: 'db|midb|database delete',
      risk: 'prod',
      rule: 'delete-database',
      reason: 'deletes a database',
    },
    {
      path: 'postgres|mysql|mariadb server|flexible-server delete',
      risk: 'catastrophic',
      rule: 'delete-database',
      reason: 'deletes a database server with all its databases',
    },
    {
      path: '^cosmosdb delete',
      risk: 'catastrophic',
      rule: 'delete-database',
      reason: 'deletes a Cosmos DB account and all its data',
    },
    {
      path: '^ad app|sp delete',
      risk: 'high',
      rule: 'delete',
      reason: 'deletes an application registration or service principal',
    },
    {
      path: '^aks delete',
      risk: 'catastrophic',
      rule: 'delete-cluster',
      reason: 'deletes a whole Kubernetes cluster',
    },
    {
      path: 'storage account delete',
      risk: 'catastrophic',
      rule: 'delete-storage-account',
      reason: 'deletes a storage account with every container, share and blob',
    },
    {
      path: 'keyvault purge',
      risk: 'catastrophic',
      rule: 'purge-vault',
      reason: 'permanently purges a key vault with every key and secret',
    },
    {
      path: 'storage container|share|fs delete',
      risk: 'catastrophic',
      rule: 'delete-container',
      reason: 'deletes a production or backup container with all its data',
      when: (c) => precious(c, value(c.p, '-n', '--name', '--container-name')),
    },
    {
      path: 'storage blob delete-batch',
      risk: 'catastrophic',
      rule: 'delete-container',
      reason: 'deletes every blob of a production or backup container',
      when: (c) => !value(c.p, '--pattern') && precious(c, value(c.p, '-s', '--source')),
    },
    {
      path: 'storage blob sync',
      risk: 'high',
      rule: 'sync-delete',
      reason: 'deletes destination blobs missing from the source',
      when: (c) => value(c.p, '--delete-destination')?.toLowerCase() === 'true',
    },
    {
      path: '^deployment group|sub delete',
      risk: 'low',
      rule: 'write',
      reason: 'deletes a deployment record; resources stay',
    },
    {
      path: 'deployment group create',
      risk: 'prod',
      rule: 'complete-mode',
      reason: 'Complete mode deletes every resource in the group that the template does not list',
      when: (c) => value(c.p, '--mode')?.toLowerCase() === 'complete',
    },
    { path: '^account clear', risk: 'low', rule: 'local-config', reason: 'clears the local login' },
    {
      path: '^cache purge|delete',
      risk: 'low',
      rule: 'local-config',
      reason: 'clears the local CLI cache',
    },
    {
      path: 'lock delete',
      risk: 'high',
      rule: 'protection-off',
      reason: 'removes a lock that protects resources from deletion',
    },
    {
      path: 'diagnostic-settings delete',
      risk: 'high',
      rule: 'audit-off',
      reason: 'stops shipping audit and diagnostic logs',
    },
    {
      path: 'vmss|aks|nodepool scale',
      risk: 'high',
      rule: 'scale-to-zero',
      reason: 'scales to zero: the service stops',
      when: (c) => ['0'].includes(value(c.p, '--new-capacity', '--node-count', '-c') ?? ''),
    },
  ],
};

type Special = { risk: Risk; rule: string; reason: string } | undefined;

function security(call: PathCall): Special {
  const { verb, p } = call;
  const path = p.positionals.join(' ');
  if (path.endsWith('open-port') && !isWebPort(value(p, '--port') ?? '')) {
    return {
      risk: 'high',
      rule: 'open-ingress',
      reason: `opens port ${value(p, '--port') ?? '*'} of the VM to the internet`,
    };
  }
  if (path.endsWith('role assignment create') && isAdminRole(value(p, '--role') ?? '')) {
    return {
      risk: 'high',
      rule: 'iam-grant',
      reason: `assigns ${value(p, '--role') ?? ''} to ${value(p, '--assignee') ?? 'a principal'}`,
    };
  }
  const pub = value(p, '--public-access')?.toLowerCase();
  if ((pub === 'blob' || pub === 'container') && path.startsWith('storage container')) {
    return {
      risk: 'high',
      rule: 'public-access',
      reason: `sets public access ${pub}: anyone can read the blobs`,
    };
  }
  if (pub === 'all' || pub === '0.0.0.0-255.255.255.255') {
    return {
      risk: 'high',
      rule: 'public-access',
      reason: 'opens the server to the whole internet',
    };
  }
  if (value(p, '--allow-blob-public-access')?.toLowerCase() === 'true') {
    return {
      risk: 'high',
      rule: 'public-access',
      reason: 'allows public blob access on the account',
    };
  }
  const tls = value(p, '--min-tls-version') ?? '';
  if (value(p, '--https-only')?.toLowerCase() === 'false' || /^TLS1_[01]$/i.test(tls)) {
    return { risk: 'high', rule: 'tls-off', reason: 'allows plain HTTP or obsolete TLS' };
  }
  if (
    verb === 'create' ||
    verb === 'update' ||
    path.endsWith('create') ||
    path.endsWith('update')
  ) {
    if (path.endsWith('firewall-rule create') || path.endsWith('firewall-rule update')) {
      const start = value(p, '--start-ip-address') ?? '';
      const end = value(p, '--end-ip-address') ?? '';
      if (start === '0.0.0.0' && end === '255.255.255.255') {
        return {
          risk: 'high',
          rule: 'public-access',
          reason: 'allows every IP address to connect',
        };
      }
    }
    if (path.endsWith('nsg rule create') || path.endsWith('nsg rule update')) {
      if (
        value(p, '--access')?.toLowerCase() === 'deny' ||
        value(p, '--direction')?.toLowerCase() === 'outbound'
      )
        return undefined;
      const sources = values(p, '--source-address-prefixes');
      const ports = values(p, '--destination-port-ranges');
      const world = (sources.length > 0 ? sources : ['*']).some(isWorldCidr);
      if (world && (ports.length > 0 ? ports : ['80']).some((x) => !isWebPort(x))) {
        return {
          risk: 'high',
          rule: 'open-ingress',
          reason: 'opens a non-web port to the whole internet',
        };
      }
    }
  }
  return undefined;
}

/** Scripts az runs on a VM, in a cluster or in a container: analysed on the far side. */
function payload(call: PathCall, ctx: ToolContext): void {
  const path = call.p.positionals.join(' ');
  const where = value(call.p, '-n', '--name') ?? '';
  let script: string | undefined;
  if (path.endsWith('run-command invoke') || path.endsWith('run-command create')) {
    const scripts = values(call.p, '--scripts', '--script');
    if (scripts.length > 0) script = scripts.join('\n');
  } else if (path === 'aks command invoke') script = value(call.p, '--command', '-c');
  else if (path === 'container exec') script = value(call.p, '--exec-command');
  if (script !== undefined)
    ctx.script(script, `az ${path} ${where}`.trim(), { env: call.env, remote: true });
}

/** Judge an `az` invocation. */
export function analyzeAz(inv: Invocation, ctx: ToolContext): Action[] {
  const call = parsePath(AZ, inv, ctx);
  if (call.help || call.dryRun) return [judgePath(AZ, call, ctx)];
  payload(call, ctx);
  const s = security(call);
  if (s) return [pathAction(AZ, call, ctx, s.risk, s.rule, s.reason, 'write')];
  return [judgePath(AZ, call, ctx)];
}
