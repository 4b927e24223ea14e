/**
 * The cluster, typed by the construct library's ClusterSpec: the same model, defaults and checks
 * as a cluster file (`clusters/<name>.yaml`); an editor completes and documents every field.
 */
import type { ClusterSpec } from 'k3s-cilium-cdk8s';

export const office: ClusterSpec = {
  name: 'office',
  cilium: { version: '1.20.0', routingMode: 'native', hubble: { relay: true, ui: false } },
  k3s: {
    clusterCidr: '10.42.0.0/16',
    serviceCidr: '10.43.0.0/16',
    disable: ['traefik'],
    // k3s's own API load balancer on every node: agents reach the servers without a VIP.
    apiServer: { host: '127.0.0.1', port: 6444 },
    tokenFile: '/etc/rancher/k3s/token',
  },
  nodes: [
    { name: 'office-cp-1', role: 'server', address: '10.20.0.11/24', interfaces: ['enp1s0'] },
    { name: 'office-worker-1', role: 'agent', address: '10.20.0.21/24', interfaces: ['enp1s0'], labels: { 'l2-announcer': 'true' } },
    { name: 'office-worker-2', role: 'agent', address: '10.20.0.22/24', interfaces: ['enp1s0'], labels: { 'l2-announcer': 'true' } },
  ],
  loadBalancer: {
    pools: [
      { name: 'office-lan', blocks: [{ start: '10.20.0.200', stop: '10.20.0.229' }] },
      { name: 'office-printers', blocks: [{ cidr: '10.20.0.240/29' }], serviceSelector: { matchLabels: { pool: 'printers' } } },
    ],
    l2: {
      policies: [{
        name: 'workers', interfaces: ['^enp[0-9]+s[0-9]+$'], loadBalancerIPs: true, externalIPs: false,
        nodeSelector: { matchLabels: { 'l2-announcer': 'true' } },
      }],
    },
    reservations: [{ service: 'printing/cups', ip: '10.20.0.241', labels: { pool: 'printers' } }],
    reserved: [{ name: 'gateway', start: '10.20.0.1' }],
  },
  sysctls: { rpFilter: 2, interfaces: ['^enp[0-9]+s[0-9]+$'] },
};
