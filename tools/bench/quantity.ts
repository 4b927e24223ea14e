/**
 * Kubernetes resource quantities (`512Mi`, `1.5G`, `128974848`, `129e6`), for the bench's memory
 * target: the memory limit of the plugin's sidecar, read from argocd/repo-server-patch.yaml.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:(Ki|Mi|Gi|Ti|Pi|Ei)|(n|u|m|k|M|G|T|P|E)|[eE]([+-]?\d+))?$/;

/** The value of a quantity (for memory: bytes). Throws on anything that is not one. */
export function parseQuantity(quantity: string | number): number {
  if (typeof quantity === 'number') return quantity;
  const m = QUANTITY.exec(quantity.trim());
  if (!m) throw new Error(`not a Kubernetes quantity: ${JSON.stringify(quantity)}`);
  const [, number, binary, decimal, exponent] = m;
  const factor = binary !== undefined ? BINARY[binary] : exponent !== undefined ? 10 ** Number(exponent) : DECIMAL[decimal ?? ''];
  return Number(number) * factor;
}

export const SIDECAR_PATCH = 'argocd/repo-server-patch.yaml';
export const SIDECAR_CONTAINER = 'k3s-cilium-cdk8s';

/** The plugin sidecar's memory limit as written (e.g. `512Mi`) and in bytes. */
export function sidecarMemoryLimit(root: string): { text: string; bytes: number } {
  const patch = parse(readFileSync(join(root, SIDECAR_PATCH), 'utf8'));
  const containers: { name?: string; resources?: { limits?: { memory?: string | number } } }[] = patch?.spec?.template?.spec?.containers ?? [];
  const memory = containers.find((c) => c.name === SIDECAR_CONTAINER)?.resources?.limits?.memory;
  if (memory === undefined) throw new Error(`${SIDECAR_PATCH}: no memory limit for the container ${SIDECAR_CONTAINER}`);
  return { text: String(memory), bytes: parseQuantity(memory) };
}
