/**
 * Check 33: `cilium.devices` agrees with the interfaces the rest of the file names. Cilium attaches
 * its datapath (NodePort, masquerading, L2 announcements) only to its devices, so an L2 policy
 * answering on an interface that is not one answers nothing, and a node with no device gets no
 * datapath at all. Entries are Linux interface names (at most 15 characters, no '/', ':' or
 * space: the kernel's dev_valid_name) with an optional trailing '+' that matches a prefix (the
 * agent's --devices syntax, Documentation/network/kubernetes/kubeproxy-free.rst "NodePort Devices").
 */
import { at, Diagnostic, error, warning } from '../model/diagnostics.js';
import type { ResolvedCluster } from '../model/resolved.js';

const DEVICE = /^[A-Za-z0-9_.-]{1,15}\+?$/;

/** Whether a device entry (`eth0`, or `eth+` for a prefix) names an interface. */
export function deviceMatches(device: string, iface: string): boolean {
  return device.endsWith('+') ? iface.startsWith(device.slice(0, -1)) : iface === device;
}

export function checkDevices(cluster: ResolvedCluster): Diagnostic[] {
  const devices = cluster.cilium.devices;
  if (devices === undefined) return [];
  const out: Diagnostic[] = [];
  devices.forEach((d, i) => {
    if (!DEVICE.test(d) || d === '.' || d === '..') {
      out.push(error(at('cilium', 'devices', i), `${JSON.stringify(d)} is not an interface name (at most 15 letters, digits, '-', '_' or '.'), optionally ending in '+' for a prefix`,
        'Write the uplink\'s name, e.g. eth0, or a prefix such as enp+.'));
    }
  });
  if (out.length > 0) return out;
  const isDevice = (iface: string) => devices.some((d) => deviceMatches(d, iface));
  for (const policy of cluster.l2Policies) {
    const missing = policy.announcers.flatMap((a) => a.interfaces.filter((i) => !isDevice(i)).map((i) => `${a.node.name}: ${i}`));
    if (missing.length > 0) {
      out.push(error(at('loadBalancer', 'l2', 'policies', policy.index, 'interfaces'),
        `announces on ${missing.join(', ')}, which cilium.devices (${devices.join(', ')}) leaves out; Cilium answers ARP/NDP only on its devices`,
        'Add the interface to cilium.devices, or narrow the policy\'s interfaces to devices.'));
    }
  }
  for (const node of cluster.nodes) {
    if (!node.interfaces.some(isDevice)) {
      out.push(warning(at('nodes', node.index, 'interfaces'),
        `none of node ${node.name}'s interfaces (${node.interfaces.join(', ')}) is in cilium.devices (${devices.join(', ')}), so Cilium would attach to no uplink there`,
        'List the node\'s uplink in cilium.devices, or declare its real interfaces in nodes[].interfaces.'));
    }
  }
  return out;
}
