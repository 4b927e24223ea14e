/**
 * Check 34, the k3s topology, read whole on each branch: the supported k3s releases and the
 * Kubernetes minors each Cilium minor is tested with (at the top of the range and one past it), the
 * join URL, and the datastore (SQLite's one server, fields of an external one, a password in the
 * endpoint in each form it is written). In process.
 */
import { describe, expect, it } from 'vitest';
import { checkK3sTopology } from '../../src/checks/34-k3s-topology.js';
import { SUPPORTED_K3S_RANGE } from '../../src/model/k3s-versions.js';
import { edited, HOMELAB, run } from './run-check.js';

const nodes = (servers: number, agents: number) =>
  Array.from({ length: servers + agents }, (_, i) => ({ name: `n${i}`, role: i < servers ? 'server' : 'agent', address: `192.168.1.${10 + i}/24` }));
const topology = (...e: [string, unknown][]) => run(checkK3sTopology, edited(HOMELAB, ...e));

describe('check 34: k3s version', () => {
  it('a supported release; its Kubernetes within the Cilium minor\'s tested range (the top passes, one past it is warned)', () => {
    expect(topology(['k3s.version', 'v1.20.1+k3s1'])).toEqual([`k3s.version: k3s v1.20.1+k3s1 is not a supported release (${SUPPORTED_K3S_RANGE}). Use a release of ${SUPPORTED_K3S_RANGE}.`]);
    expect(topology(['k3s.version', 'v1.36.1+k3s1'])).toEqual([]);
    expect(topology(['k3s.version', 'v1.37.0+k3s1'])).toEqual([
      'warning: k3s.version: k3s v1.37.0+k3s1 runs Kubernetes 1.37, outside the 1.33–1.36 that Cilium 1.20 is tested with. '
        + 'Prefer a k3s release of Kubernetes 1.33–1.36, or a Cilium minor tested with 1.37.',
    ]);
    expect(topology(['k3s.version', 'v1.34.1+k3s1'], ['cilium.version', '1.19.4'])).toEqual([]);
    expect(topology(['k3s.version', 'v1.35.1+k3s1'], ['cilium.version', '1.19.4'])).toHaveLength(1);
    expect(topology(['k3s.version', 'v1.34.1+k3s1'], ['cilium.version', '1.18.10'])[0]).toContain('outside the 1.30–1.33 that Cilium 1.18 is tested with');
    expect(topology(['k3s.version', 'nonsense'])).toEqual([]);
  });
});

describe('check 34: join URL', () => {
  it('not loopback, not an agent', () => {
    expect(topology(['k3s.joinUrl', 'https://127.0.0.1:6443'])).toEqual([
      'k3s.joinUrl: 127.0.0.1 is each node\'s own loopback; a joining node would try to join itself. Use the VIP or DNS name in front of the servers, or a server\'s address.',
    ]);
    expect(topology(['k3s.joinUrl', 'https://192.168.1.11:6443'], ['nodes', nodes(1, 1)])).toEqual([
      'k3s.joinUrl: 192.168.1.11 is agent n1\'s address; only servers accept joining nodes. Use the VIP or DNS name in front of the servers.',
    ]);
    expect(topology(['k3s.joinUrl', 'https://192.168.1.10:6443'], ['nodes', nodes(1, 1)])).toEqual([]);
  });
});

describe('check 34: datastore', () => {
  const PASSWORD = 'k3s.datastore.endpoint: the endpoint carries a password, which would be committed to Git and rendered into every server\'s config. '
    + 'Leave endpoint out and set K3S_DATASTORE_ENDPOINT on each server (e.g. in /etc/systemd/system/k3s.service.env), or use TLS client certificates (certFile, keyFile).';
  const RELATIVE = (field: string, value: string) => `k3s.datastore.${field}: "${value}" is not an absolute path; k3s would read it relative to the directory it was started in. `
    + 'Write the full path on the servers, e.g. /etc/rancher/k3s/datastore-ca.crt.';

  it('SQLite holds one server (agents do not count)', () => {
    expect(topology(['k3s.datastore', { type: 'sqlite' }], ['nodes', nodes(2, 0)])).toEqual([
      'k3s.datastore.type: SQLite holds one server\'s state, and there are 2 servers. Use type: etcd (embedded etcd, an odd number of servers) or type: external with a datastore endpoint.',
    ]);
    expect(topology(['k3s.datastore', { type: 'sqlite' }], ['nodes', nodes(1, 1)])).toEqual([]);
  });

  it('external fields only for an external datastore; absolute TLS paths; no password in any form', () => {
    expect(topology(['k3s.datastore', { type: 'etcd', endpoint: 'x', caFile: 'ca' }])).toEqual(['endpoint', 'caFile'].map((f) =>
      `k3s.datastore.${f}: ${f} is for an external datastore, and the type is etcd. Remove it, or set type: external.`));
    expect(topology(['k3s.datastore', { type: 'external', endpoint: 'postgres://k3s:secret@db:5432/k3s', caFile: 'ca.crt', certFile: '/c', keyFile: 'k' }])).toEqual([
      PASSWORD, RELATIVE('caFile', 'ca.crt'), RELATIVE('keyFile', 'k'),
    ]);
    for (const endpoint of ['host=db user=k3s password=secret', 'mysql://k3s@tcp(db:3306)/k3s?pwd=x', 'postgres://db/k3s?sslmode=disable&PASS=x', 'x;pwd=y']) {
      expect(topology(['k3s.datastore', { type: 'external', endpoint }])).toEqual([PASSWORD]);
    }
    for (const endpoint of ['postgres://k3s@db:5432/k3s', 'https://etcd-1:2379,https://etcd-2:2379', 'host=db user=k3s passwordfile=/x']) {
      expect(topology(['k3s.datastore', { type: 'external', endpoint }])).toEqual([]);
    }
  });
});
