/**
 * The reference data the conformance tests judge by (found as src/conformance/shared-dir.ts says:
 * $K3S_CILIUM_SHARED_DIR, the cache `npm run upstream:fetch` fills, ../shared). Without it the
 * suites are skipped with one line saying how to get it; under CI=true they fail instead.
 */
import { describe, test } from 'vitest';
import { referenceData, ReferenceData } from '../../src/conformance/reference-data.js';
import { sharedDir } from '../../src/conformance/shared-dir.js';
import { missingReference, skipUnmet } from '../requirements.js';

const missing = missingReference();
export const reference: ReferenceData | undefined = missing === undefined ? referenceData(sharedDir()) : undefined;

/** `describe` that runs only with reference data: one skipped test saying why, or failing under CI. */
export function describeWithReference(name: string, body: (ref: ReferenceData) => void): void {
  if (reference) describe(name, () => body(reference));
  else describe(name, () => test('has the upstream reference data', (ctx) => skipUnmet(ctx, missing)));
}
