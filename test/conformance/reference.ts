/**
 * The reference data the conformance tests judge by (../shared or $K3S_CILIUM_SHARED_DIR). Without
 * it the suites are skipped with one line saying why; under CI=true a missing directory fails instead.
 */
import { describe, expect, test } from 'vitest';
import { referenceData, ReferenceData } from '../../src/conformance/reference-data.js';
import { hasSharedDir, sharedDir, SHARED_DIR_ENV } from '../../src/conformance/shared-dir.js';

export const reference: ReferenceData | undefined = hasSharedDir() ? referenceData(sharedDir()) : undefined;

const reason = `no upstream reference data at ${sharedDir()} (set ${SHARED_DIR_ENV} to a copy of shared/)`;
let warned = false;

/** `describe` that runs only with reference data: skipped with a visible reason, or failing under CI. */
export function describeWithReference(name: string, body: (ref: ReferenceData) => void): void {
  if (reference) {
    describe(name, () => body(reference));
  } else if (process.env.CI) {
    describe(name, () => test('has the reference data CI must run with', () => expect.fail(`${reason}; CI must run the conformance tests`)));
  } else {
    if (!warned) console.warn(`conformance tests skipped: ${reason}`);
    warned = true;
    describe.skip(`${name} (skipped: ${reason})`, () => test('needs reference data', () => undefined));
  }
}
