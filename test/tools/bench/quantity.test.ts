/** The bench's Kubernetes quantity parser, and the sidecar memory limit it reads from argocd/. */
import { describe, expect, it } from 'vitest';
import { parseQuantity, sidecarMemoryLimit } from '../../../tools/bench/quantity.js';
import { ROOT } from '../../helpers.js';

describe('tools/bench/quantity.ts', () => {
  it('reads binary, decimal and exponent suffixes and plain numbers', () => {
    expect(parseQuantity('512Mi')).toBe(512 * 2 ** 20);
    expect(parseQuantity('1Gi')).toBe(2 ** 30);
    expect(parseQuantity('1.5Gi')).toBe(1.5 * 2 ** 30);
    expect(parseQuantity('128974848')).toBe(128974848);
    expect(parseQuantity(128974848)).toBe(128974848);
    expect(parseQuantity('129e6')).toBe(129e6);
    expect(parseQuantity('129E6')).toBe(129e6);
    expect(parseQuantity('1E')).toBe(1e18);
    expect(parseQuantity('123M')).toBe(123e6);
    expect(parseQuantity('64k')).toBe(64e3);
    expect(parseQuantity('500m')).toBe(0.5);
    expect(parseQuantity('.5Ki')).toBe(512);
  });

  it('refuses what is not a quantity', () => {
    for (const bad of ['', 'Mi', '512MB', '512 Mi', '1e', '0x10', 'K', '1KI']) expect(() => parseQuantity(bad), bad).toThrow(/not a Kubernetes quantity/);
  });

  it("finds the plugin sidecar's memory limit in argocd/repo-server-patch.yaml", () => {
    const limit = sidecarMemoryLimit(ROOT);
    expect(limit.bytes).toBe(parseQuantity(limit.text));
    expect(limit.bytes).toBeGreaterThan(0);
  });
});
