/** `npm run upgrade-data`: regenerates generated/cilium-upgrades.ts from the real charts and CRDs (needs ../shared and the dev dependencies). */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { referenceData } from '../src/conformance/reference-data.js';
import { sharedDir } from '../src/conformance/shared-dir.js';
import { crdVersions, heldChartReleases, upgradeDataSource, upgradeStep, upgradeSteps } from './upstream/upgrade-data.js';

const root = resolve(import.meta.dirname, '..');
const shared = sharedDir();
const releases = heldChartReleases(shared);
const steps = [];
for (const [from, to] of upgradeSteps(releases)) steps.push(await upgradeStep(root, from, to));
const crds = Object.fromEntries(referenceData(shared).ciliumReleases().map((r) => [r, crdVersions(shared, r)]));
writeFileSync(join(root, 'generated', 'cilium-upgrades.ts'), upgradeDataSource(steps, crds));
console.error(`npm run upgrade-data: wrote generated/cilium-upgrades.ts for Cilium ${releases.join(', ')}`);
