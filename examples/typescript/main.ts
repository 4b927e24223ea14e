/**
 * A cdk8s app of your own that also renders the networking stack of a k3s + Cilium cluster with
 * the k3s-cilium-cdk8s construct library: the cluster is a typed ClusterSpec (cluster.ts, the same
 * model as a cluster file), and the app's own chart (a Service taking an address from the
 * cluster's pool) sits beside it.
 *
 *   npm install && npx tsc && node lib/main.js
 *
 * writes, under dist/ (cdk8s names a chart's file after its construct path, with a hash of it):
 *   office-k3s-manifests-cilium-<hash>.k8s.yaml the HelmChart k3s applies from /var/lib/rancher/k3s/server/manifests/
 *   office-manifests-*-<hash>.k8s.yaml          what kubectl apply / Argo CD applies once Cilium runs
 *   apps.k8s.yaml                               this app's own objects
 *   office/                                     the tree `k3s-cilium-cdk8s synth` writes: k3s configs per node,
 *                                               Cilium values, the HelmChart, manifests/ with its kustomization, PLAN.md
 */
import { ApiObject, App, Chart } from 'cdk8s';
import { K3sCiliumCluster, writeTree } from 'k3s-cilium-cdk8s';
import { office } from './cluster.js';

const app = new App();

// The cluster's objects get files of their own beside the app's charts; an invalid spec fails
// app.synth() with the same messages the CLI gives a cluster file, every problem at once.
const cluster = new K3sCiliumCluster(app, 'office', { spec: office });
// The library prints nothing: the checks' warnings are the app's to show.
for (const warning of cluster.warnings) console.warn(warning);

// The app's own objects: the printing Service takes its pinned address from the office-printers pool.
const apps = new Chart(app, 'apps');
new ApiObject(apps, 'cups', {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: {
    name: 'cups', namespace: 'printing', labels: { pool: 'printers' },
    annotations: { 'lbipam.cilium.io/ips': '10.20.0.241' },
  },
  spec: { type: 'LoadBalancer', selector: { app: 'cups' }, ports: [{ name: 'ipp', port: 631 }] },
});

app.synth();
// Everything else k3s and Helm need (the node configs, values, kustomization, PLAN.md), exactly as the CLI writes it.
// `source` names this app as the input: a later run replaces or deletes only what this one wrote.
writeTree(app.outdir, cluster.files(), { source: 'examples/typescript/main.ts' });
