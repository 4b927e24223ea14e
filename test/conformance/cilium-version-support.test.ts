/** `cilium.version`: any patch of a supported minor renders; anything else is one clear error. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { parseDocument } from 'yaml';
import { formatDiagnostic } from '../../src/model/diagnostics.js';
import { loadClusterText } from '../../src/load/cluster-file.js';
import { HOMELAB, ROOT } from '../helpers.js';

function withVersion(version: string) {
  const doc = parseDocument(readFileSync(join(ROOT, HOMELAB), 'utf8'));
  doc.setIn(['cilium', 'version'], version);
  return loadClusterText('homelab.yaml', doc.toString());
}

test.each(['1.18.0', '1.18.12', '1.19.6', '1.20.0', '1.20.3'])('Cilium %s is accepted', (version) => {
  expect(withVersion(version).cluster?.cilium.version).toBe(version);
});

test.each(['1.17.3', '1.21.0', '2.0.0'])('Cilium %s is refused with the supported range', (version) => {
  const loaded = withVersion(version);
  expect(loaded.cluster).toBeUndefined();
  expect(loaded.diagnostics.map((d) => formatDiagnostic('homelab.yaml', d))).toEqual([
    `homelab.yaml: cilium.version: Cilium ${version} is not supported; supported releases are 1.18.x–1.20.x.`
    + ` Use a 1.18.x, 1.19.x or 1.20.x release, e.g. 1.20.0.`,
  ]);
});
