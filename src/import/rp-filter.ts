/**
 * The rp-filter DaemonSet this product renders (src/constructs rp-filter-daemon-set.ts) → `sysctls`:
 * its script holds the wanted value (`want=`) and the interface patterns (`pattern='(a)|(b)'`). Any
 * other DaemonSet is not read.
 */
import { isObj, setField, type Draft } from './draft.js';
import { objectName } from './helm-sources.js';
import type { ImportReport } from './report.js';

export function readRpFilter(o: Record<string, unknown>, file: string, draft: Draft, report: ImportReport): void {
  const meta = isObj(o.metadata) ? o.metadata : {};
  const labels = isObj(meta.labels) ? meta.labels : {};
  const object = objectName(o);
  if (labels['app.kubernetes.io/part-of'] !== 'k3s-cilium-cdk8s' || labels['app.kubernetes.io/name'] !== 'rp-filter') {
    report.note(`${file}: ${object} is not this product's rp-filter DaemonSet: skipped.`);
    return;
  }
  const script = JSON.stringify(o);
  const want = /want=([0-9])/.exec(script)?.[1];
  const pattern = /pattern='([^']*)'/.exec(script)?.[1];
  if (want !== undefined) {
    setField(draft, 'sysctls.rpFilter', Number(want));
    report.field(file, object, 'script want=', Number(want), 'sysctls.rpFilter');
  }
  if (pattern !== undefined) {
    const interfaces = pattern.split(')|(').map((p) => p.replace(/^\(|\)$/g, ''));
    setField(draft, 'sysctls.interfaces', interfaces);
    report.field(file, object, 'script pattern=', pattern, 'sysctls.interfaces');
  }
}
