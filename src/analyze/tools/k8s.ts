/**
 * Tool model: Kubernetes. kubectl/oc (`k8s-kubectl*.ts`), helm and kustomize (`k8s-helm.ts`), GitOps and
 * backups (`k8s-gitops.ts`), cluster lifecycle (`k8s-cluster.ts`) and node/mesh tools (`k8s-node.ts`).
 * Environment comes from contexts, namespaces, cluster names, KUBECONFIG and the working directory.
 */
import { defineTool } from '../model.js';
import { analyzeCluster } from './k8s-cluster.js';
import { analyzeArgocd, analyzeFlux, analyzeVelero } from './k8s-gitops.js';
import { analyzeHelm, analyzeKustomize } from './k8s-helm.js';
import { analyzeKubectl } from './k8s-kubectl.js';
import { analyzeNodeTools } from './k8s-node.js';
import { wordList } from './k8s-common.js';

const CLUSTER = new Set(['kind', 'minikube', 'k3d', 'k3s', 'eksctl', 'kubeadm', 'talosctl']);

export const k8sModel = defineTool({
  family: 'k8s',
  commands: wordList(`
    kubectl oc k helm kustomize argocd flux velero kind minikube k3d k3s eksctl kubeadm k9s
    stern kubectx kubens crictl ctr talosctl istioctl linkerd cilium
  `),
  analyze(inv, ctx) {
    switch (inv.name) {
      case 'kubectl':
      case 'oc':
      case 'k':
        return analyzeKubectl(inv, ctx);
      case 'helm':
        return analyzeHelm(inv, ctx);
      case 'kustomize':
        return analyzeKustomize(inv, ctx);
      case 'argocd':
        return analyzeArgocd(inv, ctx);
      case 'flux':
        return analyzeFlux(inv, ctx);
      case 'velero':
        return analyzeVelero(inv, ctx);
      default:
        return CLUSTER.has(inv.name) ? analyzeCluster(inv, ctx) : analyzeNodeTools(inv, ctx);
    }
  },
});
