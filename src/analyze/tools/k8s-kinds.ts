/**
 * Kubernetes resource kinds by blast radius: what is lost when an object of that kind is deleted. Short names,
 * plurals and API groups (`deploy`, `deployments.apps`, `postgresql.acid.zalan.do`) are normalised first.
 */
import { wordList } from './k8s-common.js';

/**
 * - `namespace`: everything inside it (OpenShift projects too).
 * - `crd`: every custom resource of that type, in every namespace.
 * - `cluster`: a whole cluster or database cluster managed by an operator (Cluster API, CloudNativePG ...).
 * - `database`: an operator-managed database; the operator deletes its storage with it.
 * - `data`: persistent storage (PVC, PV, snapshots) or a stateful workload.
 * - `node`: a machine leaves the cluster.
 * - `workload`: a running service or its configuration; gone until someone re-applies it.
 * - `ephemeral`: recreated by its controller (pods, replica sets) or disposable (completed jobs).
 * - `trivial`: bookkeeping (events, leases, endpoints).
 * - `all`: kubectl's pseudo-kind for every workload kind in a namespace.
 */
export type KindClass =
  | 'namespace'
  | 'crd'
  | 'cluster'
  | 'database'
  | 'data'
  | 'node'
  | 'workload'
  | 'ephemeral'
  | 'trivial'
  | 'all';

const ALIASES: Readonly<Record<string, string>> = {
  ns: 'namespace',
  project: 'namespace',
  pvc: 'persistentvolumeclaim',
  pv: 'persistentvolume',
  sts: 'statefulset',
  deploy: 'deployment',
  svc: 'service',
  po: 'pod',
  rs: 'replicaset',
  rc: 'replicationcontroller',
  ds: 'daemonset',
  cj: 'cronjob',
  cm: 'configmap',
  ing: 'ingress',
  ingresses: 'ingress',
  no: 'node',
  crd: 'customresourcedefinition',
  crds: 'customresourcedefinition',
  sa: 'serviceaccount',
  hpa: 'horizontalpodautoscaler',
  pdb: 'poddisruptionbudget',
  netpol: 'networkpolicy',
  sc: 'storageclass',
  vs: 'volumesnapshot',
  vsc: 'volumesnapshotcontent',
  ev: 'event',
  ep: 'endpoints',
  endpoints: 'endpoints',
  dc: 'deploymentconfig',
  is: 'imagestream',
};

const CLASS_OF: Readonly<Record<string, KindClass>> = {
  all: 'all',
  namespace: 'namespace',
  customresourcedefinition: 'crd',
  cluster: 'cluster',
  persistentvolumeclaim: 'data',
  persistentvolume: 'data',
  statefulset: 'data',
  volumesnapshot: 'data',
  volumesnapshotcontent: 'data',
  node: 'node',
  machine: 'node',
  pod: 'ephemeral',
  replicaset: 'ephemeral',
  job: 'ephemeral',
  event: 'trivial',
  lease: 'trivial',
  endpoints: 'trivial',
  endpointslice: 'trivial',
  certificatesigningrequest: 'trivial',
};

// Operator-managed data services: deleting the custom resource deletes the database and, usually, its volumes.
const DATABASE_HINTS = wordList(`
  postgres mysql mariadb mongo redis cassandra elasticsearch opensearch kafka etcd database
  cockroach clickhouse rabbitmq minio zookeeper vitess tidb scylla couchbase valkey
`);

/** The canonical singular kind name: `deployments.apps` → `deployment`, `ns` → `namespace`. */
export function canonicalKind(raw: string): string {
  const lower = raw.toLowerCase();
  const base = lower.split('.')[0] ?? lower;
  const aliased = ALIASES[base];
  if (aliased) return aliased;
  if (CLASS_OF[base] !== undefined) return base;
  if (base.endsWith('ies')) return `${base.slice(0, -3)}y`;
  if (base.endsWith('sses') || base.endsWith('ches')) return base.slice(0, -2);
  if (base.endsWith('s') && !base.endsWith('ss')) {
    const singular = base.slice(0, -1);
    return ALIASES[singular] ?? singular;
  }
  return base;
}

/** What deleting an object of this kind loses (`raw` as written, with its API group when given). */
export function classOf(raw: string): KindClass {
  const kind = canonicalKind(raw);
  const known = CLASS_OF[kind];
  if (known) return known;
  const lower = raw.toLowerCase();
  if (DATABASE_HINTS.some((h) => lower.includes(h))) return 'database';
  return 'workload';
}

/** The kinds and names of `TYPE NAME...`, `TYPE/NAME...` or `TYPE1,TYPE2 NAME...` positionals. */
export function kindsAndNames(positionals: readonly string[]): {
  kinds: string[];
  names: string[];
} {
  const first = positionals[0];
  if (first === undefined) return { kinds: [], names: [] };
  if (first.includes('/')) {
    const kinds: string[] = [];
    const names: string[] = [];
    for (const p of positionals) {
      const slash = p.indexOf('/');
      if (slash > 0) {
        kinds.push(p.slice(0, slash));
        names.push(p.slice(slash + 1));
      } else names.push(p);
    }
    return { kinds: [...new Set(kinds)], names };
  }
  return { kinds: first.split(',').filter((k) => k.length > 0), names: positionals.slice(1) };
}

/**
 * The kinds a run-time listing produces: `$(kubectl get ns -o name | grep old)` yields namespaces. Only the
 * text of the one dynamic argument is read, looking for `get KIND` after kubectl/oc.
 */
export function kindsFromListing(text: string): string[] | undefined {
  const words = text.split(/[\s|;()$`]+/).filter((w) => w.length > 0);
  for (let i = 0; i + 1 < words.length; i++) {
    const prog = words[i] ?? '';
    if (!['kubectl', 'oc', 'k'].includes(prog.split('/').pop() ?? '')) continue;
    const rest = words.slice(i + 1);
    const get = rest.indexOf('get');
    if (get < 0) continue;
    const kind = rest.slice(get + 1).find((w) => !w.startsWith('-'));
    if (kind) return kind.split(',').map((k) => k.split('/')[0] ?? k);
  }
  return undefined;
}
