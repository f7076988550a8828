/**
 * Specs of the hosting providers: DigitalOcean (`doctl`), Hetzner (`hcloud`), Linode, Vultr,
 * Scaleway (`scw`), Exoscale (`exo`), UpCloud (`upctl`) and Civo. The generic path judge reads
 * their verbs (databases, clusters and zones are whole; servers and volumes high; power actions
 * stop); the rules add what each names differently, and the `remote` hooks hand `ssh --command`
 * payloads to the engine.
 */
import { has, value } from '../args.js';
import type { PathSpec } from './cloud-other-path.js';

export const DOCTL: PathSpec = {
  tool: 'doctl',
  // prettier-ignore
  value: [
    '-t', '--access-token', '--context', '-o', '--output', '--format', '--region', '--size',
    '--image', '--tag-name', '--ssh-keys', '--ssh-command', '--ssh-user', '--ssh-key-path', '-p',
    '--ssh-port', '--count', '--node-pool', '--engine', '--num-nodes', '--version', '--name',
    '--vpc-uuid', '--config', '-c', '--spec', '--app', '--project-id', '--record-type',
    '--record-name', '--record-data', '--record-id', '--inbound-rules', '--outbound-rules',
    '--image-id', '--snapshot-name',
  ],
  scope: ['--context', '--tag-name', '--name', '--app'],
  aliases: { d: 'delete', rm: 'delete', del: 'delete', g: 'get', ls: 'list' },
  remote: (c) => {
    const command = c.verb === 'ssh' ? value(c.p, '--ssh-command') : undefined;
    return command === undefined
      ? undefined
      : { command, hop: `doctl compute ssh ${c.names[0] ?? ''}` };
  },
  rules: [
    {
      path: '^databases db delete',
      risk: 'prod',
      rule: 'delete-database',
      reason: 'drops a database on a managed cluster',
    },
    {
      path: 'domain delete',
      risk: 'catastrophic',
      rule: 'delete-zone',
      reason: 'deletes a whole DNS domain',
    },
    {
      path: 'droplet delete',
      risk: 'prod',
      rule: 'delete-fleet',
      reason: 'deletes every droplet with the tag',
      when: (c) => has(c.p, '--tag-name'),
    },
    {
      path: 'droplet-action restore',
      risk: 'high',
      rule: 'overwrite',
      reason: 'restores a backup over the droplet disk: current data is lost',
    },
    {
      path: '^projects delete',
      risk: 'high',
      rule: 'delete',
      reason: 'deletes a project grouping',
    },
  ],
};

export const HCLOUD: PathSpec = {
  tool: 'hcloud',
  // prettier-ignore
  value: [
    '--context', '-o', '--output', '--type', '--image', '--location', '--datacenter', '--ssh-key',
    '--label', '-l', '--selector', '--name', '--server', '--direction', '--protocol', '--port',
    '--source-ips', '--destination-ips', '--description', '--user', '-u', '-p', '--identity-file',
  ],
  scope: ['--context', '--selector', '-l'],
  remote: (c) =>
    c.cmd.join(' ') === 'server ssh' && c.names.length > 1
      ? { command: c.names.slice(1).join(' '), hop: `hcloud server ssh ${c.names[0] ?? ''}` }
      : undefined,
  rules: [
    { path: 'context delete', risk: 'low', rule: 'write', reason: 'deletes a local CLI context' },
  ],
};

export const LINODE: PathSpec = {
  tool: 'linode-cli',
  value: [
    '--label',
    '--region',
    '--type',
    '--image',
    '--root_pass',
    '--format',
    '--text',
    '--tags',
    '--authorized_keys',
    '--page',
    '--page-size',
    '--order',
    '--order-by',
    '--cluster',
  ],
  scope: ['--label', '--cluster'],
  rules: [
    {
      path: 'domains delete',
      risk: 'catastrophic',
      rule: 'delete-zone',
      reason: 'deletes a whole DNS domain',
    },
  ],
};

export const VULTR: PathSpec = {
  tool: 'vultr-cli',
  value: [
    '--region',
    '--plan',
    '--os',
    '--label',
    '--tag',
    '-o',
    '--output',
    '--config',
    '--per-page',
    '--cursor',
  ],
  scope: ['--label', '--tag'],
  aliases: { d: 'delete', rm: 'delete', destroy: 'delete' },
  rules: [
    {
      path: 'domain delete',
      risk: 'catastrophic',
      rule: 'delete-zone',
      reason: 'deletes a whole DNS domain',
    },
  ],
};

export const SCW: PathSpec = {
  tool: 'scw',
  value: ['-p', '--profile', '-c', '--config', '-o', '--output'],
  scope: ['-p', '--profile'],
  rules: [
    {
      path: 'rdb|mongodb instance delete',
      risk: 'catastrophic',
      rule: 'delete-database',
      reason: 'deletes a managed database instance',
    },
    {
      path: 'rdb database delete',
      risk: 'prod',
      rule: 'delete-database',
      reason: 'drops a database',
    },
  ],
};

export const EXO: PathSpec = {
  tool: 'exo',
  value: [
    '-z',
    '--zone',
    '-O',
    '--output-format',
    '-C',
    '--config',
    '-A',
    '--use-account',
    '--instance-type',
    '--template',
  ],
  scope: ['-A', '--use-account'],
  rules: [
    {
      path: '^dns delete',
      risk: 'catastrophic',
      rule: 'delete-zone',
      reason: 'deletes a whole DNS domain',
    },
  ],
};

export const UPCTL: PathSpec = {
  tool: 'upctl',
  value: ['--config', '-o', '--output', '--zone', '--plan', '--hostname', '--title', '--os'],
  scope: ['--hostname', '--title'],
};

export const CIVO: PathSpec = {
  tool: 'civo',
  value: [
    '--region',
    '-o',
    '--output',
    '--size',
    '--nodes',
    '--cidr',
    '--startport',
    '--endport',
    '--protocol',
    '--direction',
    '--network',
    '--firewall',
  ],
  scope: [],
};
