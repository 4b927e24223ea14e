/**
 * PLAN.md, the IP plan of a cluster: its nodes, pools (range, usable addresses under Cilium's
 * first/last rule, pinned Services, who announces them), what is kept out of the pools, and the
 * router configurations of a BGP cluster, the API rate-limit sizing with its arithmetic and caps, the Cilium behaviour that depends on the exact
 * patch release (L2 clusters), ending with the verification checklist. Rendered into
 * dist/<name>/PLAN.md and printed after a synth, so a pull request shows how the address plan
 * changed. Every fact comes from the resolved cluster; this room only words it.
 */
import { basename } from 'node:path';
import { parseIp } from '../model/ip.js';
import type { ResolvedCluster } from '../model/resolved.js';
import { codeSpan, escapeMarkdown } from '../text/markdown.js';
import { ciliumBehaviourSection } from './cilium-behaviour.js';
import { verificationChecklist } from './checklist.js';
import { keptOutSection } from './kept-out.js';
import { nodesSection } from './nodes.js';
import { poolsSection } from './pools.js';
import { rateLimitSection } from './rate-limit.js';
import { routersSection } from './routers.js';

function summary(cluster: ResolvedCluster, source: string): string {
  const api = `${parseIp(cluster.k3s.apiHost)?.family === 6 ? `[${cluster.k3s.apiHost}]` : cluster.k3s.apiHost}:${cluster.k3s.apiPort}`;
  return [
    `# IP plan: ${escapeMarkdown(cluster.name)}`,
    '',
    // Only the file name: the same cluster file gives the same plan however the synth was invoked.
    `Rendered from ${codeSpan(basename(source))} for Cilium ${cluster.cilium.version} (${cluster.cilium.routingMode} routing).`,
    `Kubernetes API for Cilium: ${api} · pods ${cluster.k3s.clusterCidrs.join(', ')}${cluster.cilium.ipamMode === 'cluster-pool' ? ' (Cilium cluster-pool IPAM)' : ''} · Services ${cluster.k3s.serviceCidrs.join(', ')}.`,
    ...(cluster.bgp
      ? [`BGP: local AS ${cluster.bgp.localASN} (${cluster.bgp.instanceName})${cluster.bgp.advertisePodCIDRs ? ', pod CIDRs advertised' : ''}.`]
      : []),
  ].join('\n');
}

/** PLAN.md of one cluster; `source` is the cluster file it came from. */
export function renderPlan(cluster: ResolvedCluster, source: string): string {
  return [
    summary(cluster, source),
    nodesSection(cluster),
    poolsSection(cluster),
    keptOutSection(cluster),
    routersSection(cluster),
    rateLimitSection(cluster),
    ciliumBehaviourSection(cluster),
    verificationChecklist(cluster),
  ].filter((section) => section !== undefined).join('\n\n') + '\n';
}
