/**
 * Cilium changes: the release (upstream supports upgrades one minor at a time, and no downgrade)
 * and the Helm values. What a value change does is read from the real chart: for each value this
 * project renders, `npm run value-effects` renders each held chart with the value changed and
 * records which deployed objects change (generated/cilium-value-effects.ts, kept true by
 * test/upstream/value-effects.test.ts). A path the table lacks counts as a configuration change.
 */
import { VALUE_EFFECTS, ValueEffect } from '../../generated/cilium-value-effects.js';
import type { ResolvedCluster } from '../model/resolved.js';
import type { Change } from './review.js';
import { codeSpan as code } from '../text/markdown.js';

function parts(version: string): [number, number, number] {
  const [a, b, c] = version.split('.').map(Number);
  return [a, b, c];
}

function versionChange(was: string, is: string): Change | undefined {
  if (was === is) return undefined;
  const [a, b] = [parts(was), parts(is)];
  const older = a[0] > b[0] || (a[0] === b[0] && (a[1] > b[1] || (a[1] === b[1] && a[2] > b[2])));
  if (older) {
    return {
      level: 'breaking',
      topics: ['cilium'],
      text: `Cilium is downgraded from ${was} to ${is}: upstream does not support downgrades; the older agent may not read the state and CRDs the newer one left.`,
    };
  }
  const minors = b[0] === a[0] ? b[1] - a[1] : Infinity;
  if (minors > 1) {
    const next = `${a[0]}.${a[1] + 1}`;
    return {
      level: 'breaking', topics: ['cilium'],
      text: `Cilium jumps from ${was} to ${is}, skipping ${Number.isFinite(minors) ? minors - 1 : 'at least one'} minor release${minors === 2 ? '' : 's'}: `
        + `upstream supports upgrading one minor at a time (${was} → ${next}.x first).`,
    };
  }
  return {
    level: 'restart', topics: ['cilium'],
    text: `Cilium is upgraded from ${was} to ${is}: the chart rolls out new agent and operator images, so every agent and the operator restart.`,
  };
}

/** Leaf key paths of a values object with their values. */
function leaves(values: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (values && typeof values === 'object' && !Array.isArray(values) && Object.keys(values).length > 0) {
    for (const [k, v] of Object.entries(values)) leaves(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) {
    out.set(prefix, JSON.stringify(values));
  }
  return out;
}

/** The release whose table judges a version: the same, else the held release of its minor, else the newest. */
function effectsFor(version: string): Readonly<Record<string, readonly ValueEffect[]>> {
  const releases = Object.keys(VALUE_EFFECTS).sort();
  const minor = version.split('.').slice(0, 2).join('.');
  const release = releases.includes(version) ? version : releases.filter((r) => r.startsWith(`${minor}.`)).at(-1) ?? releases.at(-1)!;
  return VALUE_EFFECTS[release];
}

const WHAT: Record<ValueEffect, string> = {
  agents: "the agent DaemonSet's pods: every agent restarts",
  operator: "the operator Deployment's pods: the operator restarts",
  config:
    'the cilium-config ConfigMap: agents and the operator apply it only when they restart (`kubectl -n kube-system rollout restart ds/cilium deploy/cilium-operator`)',
  hubble: 'the Hubble relay/UI objects (no agent restart)',
  other: 'other objects the chart deploys (no agent or operator restart)',
};

function valueChanges(before: ResolvedCluster, after: ResolvedCluster): Change[] {
  const [was, is] = [leaves(before.cilium.values), leaves(after.cilium.values)];
  const table = effectsFor(after.cilium.version);
  const out: Change[] = [];
  for (const path of [...new Set([...was.keys(), ...is.keys()])].sort()) {
    const [a, b] = [was.get(path), is.get(path)];
    if (a === b) continue;
    const effects = table[path] ?? ['config'];
    const restarts = effects.some((e) => e === 'agents' || e === 'operator' || e === 'config');
    out.push({
      level: restarts ? 'restart' : 'safe', topics: ['cilium'],
      text: `Helm value ${code(path)}: ${a ?? 'unset'} → ${b ?? 'unset'} changes ${effects.map((e) => WHAT[e]).join('; ')}.`,
    });
  }
  return out;
}

export function ciliumChanges(before: ResolvedCluster, after: ResolvedCluster): Change[] {
  const version = versionChange(before.cilium.version, after.cilium.version);
  return [...(version ? [version] : []), ...valueChanges(before, after)];
}
