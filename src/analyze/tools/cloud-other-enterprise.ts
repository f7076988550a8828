/**
 * Specs of the enterprise and regional clouds: Oracle (`oci`), IBM (`ibmcloud`), IONOS
 * (`ionosctl`), OpenStack, Tencent (`tccli`) and Alibaba (`aliyun`). oci and ionosctl put every
 * option after the command words; tccli and aliyun take `--PascalCase` API parameters and name
 * actions in PascalCase (`TerminateInstances`, `DeleteDBInstance`), which the verb reading splits.
 */
import { has, value } from '../args.js';
import { bucketScope, isBackupName } from './cloud-common.js';
import type { PathCall, PathSpec } from './cloud-other-path.js';

const all = (c: PathCall): boolean => has(c.p, '--all', '-a');

/** Tencent and Alibaba API CLIs: `--PascalCase` parameters take a value. */
const API_VALUES = [
  '--profile',
  '--region',
  '--endpoint',
  '--output',
  '-p',
  '--cli-input-json',
  '--filter',
];

export const OCI: PathSpec = {
  tool: 'oci',
  grammar: 'options',
  value: [],
  scope: [
    '--profile',
    '-c',
    '--compartment-id',
    '--bucket-name',
    '--display-name',
    '--stack-id',
    '--instance-id',
  ],
  rules: [
    {
      path: 'autonomous-database|db-system delete|terminate',
      risk: 'catastrophic',
      rule: 'delete-database',
      reason: 'deletes a managed database',
    },
    {
      path: 'db system terminate',
      risk: 'catastrophic',
      rule: 'delete-database',
      reason: 'terminates a database system',
    },
    {
      path: 'create-destroy-job',
      risk: 'catastrophic',
      rule: 'destroy-stack',
      reason: 'runs a destroy job: every resource of the stack is deleted',
    },
    {
      path: 'instance action',
      risk: 'high',
      rule: 'stop',
      reason: 'stops or resets the instance',
      when: (c) => /STOP|RESET/i.test(value(c.p, '--action') ?? ''),
    },
  ],
};

export const IBMCLOUD: PathSpec = {
  tool: 'ibmcloud',
  value: [
    '--cluster',
    '-c',
    '-g',
    '--bucket',
    '-r',
    '--region',
    '--output',
    '--zone',
    '--worker',
    '--instance',
  ],
  scope: ['--cluster', '-c', '-g', '--bucket', '--instance'],
};

export const IONOSCTL: PathSpec = {
  tool: 'ionosctl',
  grammar: 'options',
  value: [],
  scope: ['--datacenter-id', '--server-id', '--cluster-id', '--name', '-n'],
  rules: [
    {
      path: 'delete',
      risk: 'catastrophic',
      rule: 'delete-all',
      reason: 'deletes every resource of that kind (--all)',
      when: all,
    },
  ],
};

export const OPENSTACK: PathSpec = {
  tool: 'openstack',
  // prettier-ignore
  value: [
    '--os-cloud', '--os-project-name', '--os-region-name', '-f', '--format', '-c', '--column',
    '--flavor', '--image', '--network', '--key-name', '--remote-ip', '--dst-port', '--protocol',
    '--size', '--type', '--description', '--project', '--user', '--role', '--domain', '--property',
    '--volume', '--security-group',
  ],
  scope: ['--os-cloud', '--os-project-name', '--project'],
  rules: [
    {
      path: 'database instance delete',
      risk: 'catastrophic',
      rule: 'delete-database',
      reason: 'deletes a managed database instance',
    },
  ],
};

export const TCCLI: PathSpec = { tool: 'tccli', grammar: 'api', value: API_VALUES, scope: [] };

export const ALIYUN: PathSpec = {
  tool: 'aliyun',
  grammar: 'api',
  value: API_VALUES,
  scope: ['--profile', '-p'],
  rules: [
    {
      path: '* DELETE',
      risk: 'catastrophic',
      rule: 'delete-cluster',
      reason: 'deletes a whole container cluster',
      when: (c) => /^\/clusters\/[^/]+\/?$/.test(c.names[0] ?? ''),
    },
    {
      path: 'oss rm',
      risk: 'catastrophic',
      rule: 'delete-bucket',
      reason: 'deletes every object of a production or backup bucket',
      when: (c) =>
        has(c.p, '-r', '--recursive') &&
        bucketScope(c.names[0] ?? '').whole &&
        (c.env === 'prod' || isBackupName(bucketScope(c.names[0] ?? '').bucket)),
    },
  ],
};
