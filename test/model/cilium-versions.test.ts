/** The release the project suggests (messages, `import`) is one it supports, at its newest held patch. */
import { describe, expect, it } from 'vitest';
import { CILIUM_CAPABILITIES, ciliumCapabilities, SUGGESTED_CILIUM_RELEASE } from '../../src/model/cilium-versions.js';

describe('the suggested Cilium release', () => {
  it('is the newest held patch of the newest supported minor', () => {
    const newest = CILIUM_CAPABILITIES[CILIUM_CAPABILITIES.length - 1];
    expect(SUGGESTED_CILIUM_RELEASE).toBe(newest.newestPatch);
    expect(ciliumCapabilities(SUGGESTED_CILIUM_RELEASE)).toBe(newest);
  });

  it('names each minor’s newest patch within that minor', () => {
    for (const c of CILIUM_CAPABILITIES) expect(ciliumCapabilities(c.newestPatch)).toBe(c);
  });
});
