/** `npm run value-effects`: regenerates generated/cilium-value-effects.ts from the real charts (needs ../shared and the dev dependencies). */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { referenceData } from '../src/conformance/reference-data.js';
import { sharedDir } from '../src/conformance/shared-dir.js';
import { valueEffects, valueEffectsSource } from './upstream/value-effects.js';

const root = resolve(import.meta.dirname, '..');
const releases = referenceData(sharedDir()).ciliumReleases();
writeFileSync(join(root, 'generated', 'cilium-value-effects.ts'), valueEffectsSource(await valueEffects(root, releases)));
console.error(`npm run value-effects: wrote generated/cilium-value-effects.ts for Cilium ${releases.join(', ')}`);
