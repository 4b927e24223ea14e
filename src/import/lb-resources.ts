/**
 * LB-IPAM and L2 objects → `loadBalancer`: CiliumLoadBalancerIPPool (cilium.io/v2alpha1 and v2, the same
 * spec: https://docs.cilium.io/en/stable/network/lb-ipam/), CiliumL2AnnouncementPolicy (cilium.io/v2alpha1:
 * https://docs.cilium.io/en/stable/network/l2-announcements/), and Services whose address is pinned
 * (`lbipam.cilium.io/ips`, the older `io.cilium/lb-ipam-ips`, or `spec.loadBalancerIP`) as reservations.
 */
import { Draft, isObj, leaves } from './draft.js';
import { objectName } from './helm-sources.js';
import type { ImportReport } from './report.js';

type Obj = Record<string, unknown>;

/** Reports every leaf of `spec` under `base` that the reader did not account for, as dropped. */
function dropRest(report: ImportReport, file: string, object: string, spec: Obj, used: ReadonlySet<string>, reason: string): void {
  for (const [path, value] of leaves(spec, 'spec')) {
    if (![...used].some((u) => path === u || path.startsWith(`${u}.`) || path.startsWith(`${u}[`))) report.dropped(file, object, path, value, reason);
  }
}

function listPools(draft: Draft): Obj[] {
  const lb = (draft.loadBalancer ??= {}) as Obj;
  return (lb.pools ??= []) as Obj[];
}

export function readPool(o: Obj, file: string, draft: Draft, report: ImportReport): void {
  const spec = isObj(o.spec) ? o.spec : {};
  const object = objectName(o);
  const pools = listPools(draft);
  const at = `loadBalancer.pools[${pools.length}]`;
  const pool: Obj = { name: (o.metadata as Obj | undefined)?.name };
  report.field(file, object, 'metadata.name', pool.name, `${at}.name`);
  // `cidrs` is v2alpha1's former name of `blocks` (deprecated in Cilium 1.15).
  const blocksKey = Array.isArray(spec.blocks) ? 'blocks' : Array.isArray(spec.cidrs) ? 'cidrs' : 'blocks';
  const blocks = (Array.isArray(spec[blocksKey]) ? spec[blocksKey] : []) as unknown[];
  pool.blocks = blocks.map((b, i) => {
    const block = isObj(b) ? b : {};
    const out: Obj = {};
    for (const k of ['cidr', 'start', 'stop'] as const) {
      if (block[k] === undefined) continue;
      out[k] = block[k];
      report.field(file, object, `spec.${blocksKey}[${i}].${k}`, block[k], `${at}.blocks[${i}].${k}`, blocksKey === 'cidrs' ? 'cidrs is the deprecated name of blocks' : undefined);
    }
    return out;
  });
  const used = new Set([`spec.${blocksKey}`]);
  if (isObj(spec.serviceSelector)) {
    pool.serviceSelector = spec.serviceSelector;
    used.add('spec.serviceSelector');
    report.field(file, object, 'spec.serviceSelector', spec.serviceSelector, `${at}.serviceSelector`);
  }
  if (spec.allowFirstLastIPs !== undefined) {
    used.add('spec.allowFirstLastIPs');
    if (spec.allowFirstLastIPs === 'No') {
      pool.allowFirstLastIPs = false;
      report.field(file, object, 'spec.allowFirstLastIPs', 'No', `${at}.allowFirstLastIPs`, 'as false');
    } else {
      report.dropped(file, object, 'spec.allowFirstLastIPs', spec.allowFirstLastIPs, 'equals the default (Yes: first and last addresses are handed out)');
    }
  }
  if (spec.disabled !== undefined) {
    used.add('spec.disabled');
    if (spec.disabled === true) pool.disabled = true;
    if (spec.disabled === true) report.field(file, object, 'spec.disabled', true, `${at}.disabled`);
    else report.dropped(file, object, 'spec.disabled', spec.disabled, 'equals the default (false)');
  }
  dropRest(report, file, object, spec, used, 'no field of the cluster file renders this pool setting');
  pools.push(pool);
}

export function readL2Policy(o: Obj, file: string, draft: Draft, report: ImportReport): void {
  const spec = isObj(o.spec) ? o.spec : {};
  const object = objectName(o);
  const lb = (draft.loadBalancer ??= {}) as Obj;
  const l2 = (lb.l2 ??= {}) as Obj;
  const policies = (l2.policies ??= []) as Obj[];
  const at = `loadBalancer.l2.policies[${policies.length}]`;
  const policy: Obj = { name: (o.metadata as Obj | undefined)?.name };
  report.field(file, object, 'metadata.name', policy.name, `${at}.name`);
  const used = new Set<string>();
  for (const k of ['interfaces', 'externalIPs', 'loadBalancerIPs', 'nodeSelector', 'serviceSelector'] as const) {
    if (spec[k] === undefined) continue;
    used.add(`spec.${k}`);
    if (spec[k] === false) {
      report.dropped(file, object, `spec.${k}`, false, 'equals the default (false)');
      continue;
    }
    policy[k] = spec[k];
    report.field(file, object, `spec.${k}`, spec[k], `${at}.${k}`);
  }
  dropRest(report, file, object, spec, used, 'no field of the cluster file renders this policy setting');
  policies.push(policy);
}

const IPS_ANNOTATIONS = ['lbipam.cilium.io/ips', 'io.cilium/lb-ipam-ips'];

/** A Service of type LoadBalancer with a pinned address becomes a reservation per address; any other Service is skipped. */
export function readService(o: Obj, file: string, draft: Draft, report: ImportReport): void {
  const spec = isObj(o.spec) ? o.spec : {};
  const meta = (isObj(o.metadata) ? o.metadata : {}) as Obj;
  const annotations = (isObj(meta.annotations) ? meta.annotations : {}) as Record<string, unknown>;
  const object = objectName(o);
  const annotation = IPS_ANNOTATIONS.find((a) => typeof annotations[a] === 'string');
  const ips = annotation ? String(annotations[annotation]).split(',').map((s) => s.trim()).filter(Boolean)
    : typeof spec.loadBalancerIP === 'string' ? [spec.loadBalancerIP] : [];
  if (ips.length === 0) {
    report.note(`${file}: ${object} pins no address (no lbipam.cilium.io/ips, no loadBalancerIP): nothing to reserve.`);
    return;
  }
  const lb = (draft.loadBalancer ??= {}) as Obj;
  const reservations = (lb.reservations ??= []) as Obj[];
  const namespace = typeof meta.namespace === 'string' ? meta.namespace : 'default';
  if (meta.namespace === undefined) report.infer(`loadBalancer.reservations[${reservations.length}].service`, `namespace "default" assumed: ${object} names none`);
  for (const ip of ips) {
    const at = `loadBalancer.reservations[${reservations.length}]`;
    const r: Obj = { service: `${namespace}/${String(meta.name)}`, ip };
    if (isObj(meta.labels) && Object.keys(meta.labels).length > 0) r.labels = meta.labels;
    const key = annotations['lbipam.cilium.io/sharing-key'];
    if (typeof key === 'string') r.sharingKey = key;
    const cross = annotations['lbipam.cilium.io/sharing-cross-namespace'];
    if (typeof cross === 'string') r.sharingCrossNamespace = cross.split(',').map((s) => s.trim()).filter(Boolean);
    if (spec.externalTrafficPolicy === 'Local') r.externalTrafficPolicy = 'Local';
    reservations.push(r);
    report.field(file, object, annotation ? `metadata.annotations["${annotation}"]` : 'spec.loadBalancerIP', ip, `${at}.ip`,
      annotation ? undefined : 'spec.loadBalancerIP is deprecated in Kubernetes; the reservation renders as lbipam.cilium.io/ips');
  }
}
