/**
 * Kubernetes: the agent gets a service account that can get, list and watch the usual resources (never Secrets,
 * never exec), the gate gets its own account whose token lives only in the vault, and a ValidatingAdmissionPolicy
 * makes objects labelled `portcullis.dev/protected: "true"` deletable (or unlabellable) by the gate's account
 * alone — so even a leaked admin kubeconfig cannot delete them without going through an approval.
 */
import { stringify } from 'yaml';
import { exampleEnv } from './bindings.js';
import type { Block, PlanNames, Recipe } from './plan-types.js';

const READ = ['get', 'list', 'watch'];

/** Read-only rules: resources an operator inspects, by API group. Secrets are left out on purpose. */
export const READ_ONLY_RULES: { apiGroups: string[]; resources: string[]; verbs: string[] }[] = [
  {
    apiGroups: [''],
    resources: [
      'pods',
      'pods/log',
      'services',
      'endpoints',
      'configmaps',
      'events',
      'namespaces',
      'nodes',
      'persistentvolumes',
      'persistentvolumeclaims',
      'replicationcontrollers',
      'resourcequotas',
      'limitranges',
      'serviceaccounts',
    ],
    verbs: READ,
  },
  {
    apiGroups: ['apps'],
    resources: ['deployments', 'replicasets', 'statefulsets', 'daemonsets'],
    verbs: READ,
  },
  { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: READ },
  { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: READ },
  { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: READ },
  {
    apiGroups: ['networking.k8s.io'],
    resources: ['ingresses', 'ingressclasses', 'networkpolicies'],
    verbs: READ,
  },
  { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: READ },
  {
    apiGroups: ['storage.k8s.io'],
    resources: ['storageclasses', 'volumeattachments'],
    verbs: READ,
  },
  { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: READ },
  { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: READ },
  { apiGroups: ['metrics.k8s.io'], resources: ['pods', 'nodes'], verbs: READ },
];

/** Multi-document YAML; no line folding (CEL and commands read as written), no anchors (plain to review). */
export function yamlDocs(docs: readonly unknown[]): string {
  return docs
    .map((d) => stringify(d, { lineWidth: 0, aliasDuplicateObjects: false }))
    .join('---\n');
}

/** The agent's service account, its read-only ClusterRole and the binding between them. */
export function agentManifests(n: PlanNames): unknown[] {
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: n.namespace } },
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: n.agentAccount, namespace: n.namespace },
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: `${n.agentAccount}-readonly` },
      rules: READ_ONLY_RULES,
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: `${n.agentAccount}-readonly` },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: `${n.agentAccount}-readonly`,
      },
      subjects: [{ kind: 'ServiceAccount', name: n.agentAccount, namespace: n.namespace }],
    },
  ];
}

/** The gate's service account, bound to cluster-admin (narrow it if the gate should do less). */
export function gateManifests(n: PlanNames): unknown[] {
  return [
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: n.gateAccount, namespace: n.namespace },
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: `${n.gateAccount}-admin` },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: 'cluster-admin',
      },
      subjects: [{ kind: 'ServiceAccount', name: n.gateAccount, namespace: n.namespace }],
    },
  ];
}

/** The user name Kubernetes gives requests made with a service account's token. */
export function serviceAccountUser(namespace: string, account: string): string {
  return `system:serviceaccount:${namespace}:${account}`;
}

/** The CEL of the admission policy, by name (tests parse each one). */
export function admissionCel(n: PlanNames): {
  fromGate: string;
  keepsLabel: string;
  noDelete: string;
  noUnlabel: string;
} {
  const l = n.label;
  return {
    fromGate: `request.userInfo.username == '${serviceAccountUser(n.namespace, n.gateAccount)}'`,
    keepsLabel: `has(object.metadata.labels) && '${l}' in object.metadata.labels && object.metadata.labels['${l}'] == 'true'`,
    noDelete: "variables.fromGate || request.operation != 'DELETE'",
    noUnlabel: "variables.fromGate || request.operation != 'UPDATE' || variables.keepsLabel",
  };
}

/**
 * The ValidatingAdmissionPolicy and its binding. The object selector picks labelled objects (for DELETE the API
 * server matches the old object; for UPDATE either one), so removing the label is itself an UPDATE it sees.
 */
export function admissionManifests(n: PlanNames): unknown[] {
  const cel = admissionCel(n);
  const name = 'portcullis-protected';
  return [
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: {
          resourceRules: [
            {
              apiGroups: ['*'],
              apiVersions: ['*'],
              operations: ['DELETE', 'UPDATE'],
              resources: ['*'],
            },
          ],
          objectSelector: { matchLabels: { [n.label]: 'true' } },
        },
        variables: [
          { name: 'fromGate', expression: cel.fromGate },
          { name: 'keepsLabel', expression: cel.keepsLabel },
        ],
        validations: [
          {
            expression: cel.noDelete,
            message: `protected by Portcullis (${n.label}): delete it through the gate, e.g. portcullis exec -- kubectl delete ...`,
            reason: 'Forbidden',
          },
          {
            expression: cel.noUnlabel,
            message: `protected by Portcullis: only the gate may remove the ${n.label} label`,
            reason: 'Forbidden',
          },
        ],
      },
    },
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name },
      spec: { policyName: name, validationActions: ['Deny'] },
    },
  ];
}

/**
 * A shell snippet that writes a kubeconfig for `account` with a fresh token (cluster and CA from the current
 * one). The context is named after the environment, so `kubectl --context prod …` means the same cluster to the
 * agent (read-only) and to the broker (the gate's kubeconfig from the vault), and the analyzer sees env prod.
 */
function kubeconfigScript(
  n: PlanNames,
  account: string,
  out: string,
  duration: string,
  context: string,
): string {
  return [
    `NS=${n.namespace} SA=${account} OUT=${out}`,
    "SERVER=$(kubectl config view --minify -o jsonpath='{.clusters[0].cluster.server}')",
    "CA=$(kubectl config view --minify --raw -o jsonpath='{.clusters[0].cluster.certificate-authority-data}')",
    `TOKEN=$(kubectl -n "$NS" create token "$SA" --duration=${duration})`,
    '(umask 077; cat > "$OUT" <<EOF',
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '  - name: cluster',
    '    cluster: {server: "$SERVER", certificate-authority-data: "$CA"}',
    'users:',
    '  - name: "$SA"',
    '    user: {token: "$TOKEN"}',
    'contexts:',
    `  - name: ${context}`,
    '    context: {cluster: cluster, user: "$SA"}',
    `current-context: ${context}`,
    'EOF',
    ')',
  ].join('\n');
}

/** The Kubernetes recipe; `envs` are the environments the bindings name (for the gate.yaml example). */
export function kubernetesRecipe(n: PlanNames, covers: string[], envs: string[]): Recipe {
  const env = exampleEnv(envs);
  const blocks: Block[] = [
    {
      title: "The agent's read-only service account (apply with your admin kubeconfig)",
      lang: 'yaml',
      file: 'portcullis-agent.yaml',
      body: yamlDocs(agentManifests(n)),
    },
    {
      title: "The gate's service account: its token goes only into the vault",
      lang: 'yaml',
      file: 'portcullis-gate.yaml',
      body: yamlDocs(gateManifests(n)),
    },
    {
      title:
        "Mint the gate's kubeconfig into the vault (logged in as a gate admin), then forget the file",
      lang: 'sh',
      body: [
        kubeconfigScript(n, n.gateAccount, 'gate.kubeconfig', '8760h', env),
        `portcullis secret set kube-${env} --file gate.kubeconfig && shred -u gate.kubeconfig`,
      ].join('\n'),
    },
    {
      title: 'Bind it in /etc/portcullis/gate.yaml',
      lang: 'yaml',
      body: stringify(
        { bindings: [{ tool: 'kubectl', env, files: { KUBECONFIG: `kube-${env}` } }] },
        { lineWidth: 0, aliasDuplicateObjects: false },
      ),
    },
    {
      title: `Protect labelled objects: only ${serviceAccountUser(n.namespace, n.gateAccount)} may delete them or drop the label (Kubernetes >= 1.30)`,
      lang: 'yaml',
      file: 'portcullis-protected.yaml',
      body: yamlDocs(admissionManifests(n)),
    },
    {
      title: 'Label what must not disappear (with your admin kubeconfig), and check',
      lang: 'sh',
      body: [
        `kubectl label namespace apps ${n.label}=true          # your namespaces and volumes`,
        `kubectl -n apps label pvc --all ${n.label}=true`,
        `kubectl -n apps delete pvc --all --dry-run=server   # denied: protected by Portcullis (admin or not)`,
      ].join('\n'),
    },
    {
      title: "Mint the agent's kubeconfig and make it the only one the agent's user has",
      lang: 'sh',
      body: [
        kubeconfigScript(n, n.agentAccount, 'agent.kubeconfig', '720h', env),
        '# as the user agents run as; if that is you, first move your admin kubeconfig out of its reach',
        '# (into the vault as above, or to another account): the agent can read whatever you can.',
        'install -D -m 0600 agent.kubeconfig ~/.kube/config && rm agent.kubeconfig',
        '# check, as that user: both must say "no"',
        `kubectl --context ${env} auth can-i delete pods -A; kubectl --context ${env} auth can-i get secrets -A`,
      ].join('\n'),
    },
  ];
  return {
    family: 'kubernetes',
    title: 'Kubernetes: a read-only service account for the agent, deletes only through the gate',
    covers,
    summary:
      'The agent keeps get/list/watch on workloads, logs and events, and nothing else: no Secrets, no exec, no ' +
      "writes. Writes run through `portcullis exec`, with the gate's kubeconfig from the vault.",
    blocks,
    notes: [
      `Tokens from \`kubectl create token\` expire (the API server may cap --duration); re-run the mint step before then.`,
      `Label top-level objects (namespaces, PVCs, Deployments' own metadata), not pod templates: pods carrying the label could not be replaced by their controllers.`,
      'Repeat for every cluster the bindings name.',
    ],
  };
}
