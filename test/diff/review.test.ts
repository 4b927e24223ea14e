/**
 * The review of one cluster as a whole (compare.ts) and as Markdown and JSON (markdown.ts): clusters
 * added and removed (singular and plural counts), a head the checks refuse (breaking, no checklist),
 * rendered files that change with no comparer's change (and are rendered only then), rp_filter, the
 * order of levels, the checklist steps the changes make relevant; the Markdown sections by level
 * with their details, the pool table, the checklist, each side's problems, and the summary counts.
 */
import { describe, expect, it, vi } from 'vitest';
import { compareClusters } from '../../src/diff/compare.js';
import { reviewJson, reviewMarkdown } from '../../src/diff/markdown.js';
import { countLevels, type ClusterReview, type Review } from '../../src/diff/review.js';
import { HOMELAB } from '../helpers.js';
import { lineOf, resolved, reviewLines, type Edit } from './edit.js';

const HA = 'test/fixtures/examples/ha-l2.yaml';
const sysctls = (fields: object): Edit => (s) => Object.assign(s.sysctls, fields);

describe('one cluster compared', () => {
  it('a new cluster: its nodes and pools counted, its whole checklist; none when refused', () => {
    const added = compareClusters('lab', undefined, resolved(HOMELAB));
    expect([added.status, added.changes.map(lineOf)]).toEqual(['added', ['safe: New cluster `lab`: 1 node, 2 pools.']]);
    expect(added.checklist.length).toBeGreaterThan(2);
    expect(compareClusters('ha', undefined, resolved(HA, (s) => s.loadBalancer.pools.splice(1))).changes.map(lineOf)).toEqual([
      'safe: New cluster `ha`: 5 nodes, 1 pool.',
    ]);
    const refused = compareClusters('lab', undefined, resolved(HOMELAB), [], ['c.yaml: nodes[0].name: bad']);
    expect([refused.checklist, refused.changes.map(lineOf)]).toEqual([[], [
      'breaking: The new cluster file fails its checks: `synth` refuses it, so nothing of this change can be rendered or deployed until it is fixed.'
        + '\n  `c.yaml: nodes[0].name: bad`',
      'safe: New cluster `lab`: 1 node, 2 pools.',
    ]]);
  });

  it('a removed cluster is breaking, with no checklist', () => {
    const removed = compareClusters('lab', resolved(HOMELAB), undefined);
    expect([removed.status, removed.checklist, removed.changes.map(lineOf)]).toEqual(['removed', [], [
      'breaking: Cluster `lab` is removed: with prune, Argo CD deletes its pools, L2 policies and BGP objects, and every LoadBalancer Service there loses its address.',
    ]]);
  });

  it('a changed cluster the checks refuse: breaking first, and no checklist', () => {
    const r = compareClusters('lab', resolved(HOMELAB), resolved(HOMELAB, sysctls({ rpFilter: 2 })), [], ['c.yaml: x: y', 'c.yaml: z: w']);
    expect([r.status, r.checklist, r.changes.map((c) => c.level)]).toEqual(['changed', [], ['breaking', 'safe']]);
    expect(r.changes[0].details).toEqual(['`c.yaml: x: y`', '`c.yaml: z: w`']);
  });

  it('rendered files that change with no network effect are named; they are computed only when no comparer found a change', () => {
    const cluster = resolved(HOMELAB);
    const files = vi.fn(() => ['manifests/a.yaml', 'PLAN.md']);
    const r = compareClusters('lab', cluster, cluster, files);
    expect([r.status, r.changes.map(lineOf)]).toEqual(['changed', ['safe: The rendered files change without a network effect: `manifests/a.yaml`, `PLAN.md`.']]);
    expect(compareClusters('lab', cluster, cluster, ['PLAN.md']).changes.map(lineOf)).toEqual(['safe: The rendered files change without a network effect: `PLAN.md`.']);
    files.mockClear();
    expect(compareClusters('lab', cluster, resolved(HOMELAB, sysctls({ rpFilter: 2 })), files).changes).toHaveLength(1);
    expect(files).not.toHaveBeenCalled();
    const same = compareClusters('lab', cluster, cluster, () => []);
    expect([same.status, same.changes, same.checklist]).toEqual(['unchanged', [], []]);
  });

  it('rp_filter: its value or the interfaces it is set on', () => {
    expect(reviewLines(HOMELAB, [], [sysctls({ rpFilter: 2 })])).toEqual([
      'safe: rp_filter becomes 2 on `^eth[0-9]+` (was 0 on `^eth[0-9]+`): the rp-filter DaemonSet rolls out.',
    ]);
    expect(reviewLines(HOMELAB, [], [sysctls({ interfaces: ['^eth[0-9]+', '^ens[0-9]+'] })])).toEqual([
      'safe: rp_filter becomes 0 on `^eth[0-9]+`, `^ens[0-9]+` (was 0 on `^eth[0-9]+`): the rp-filter DaemonSet rolls out.',
    ]);
    // Two patterns are not their concatenation.
    expect(reviewLines(HOMELAB, [sysctls({ interfaces: ['^eth0', '^eth1'] })], [sysctls({ interfaces: ['^eth0^eth1'] })])).toHaveLength(1);
    expect(reviewLines(HOMELAB, [sysctls({ interfaces: ['^eth0', '^eth1'] })], [sysctls({ interfaces: ['^eth0', '^eth1'] })])).toEqual([]);
  });

  it('changes ordered breaking, restart, safe; the checklist has the steps of their topics and pinned Services only', () => {
    const r = compareClusters('lab', resolved(HOMELAB), resolved(HOMELAB, sysctls({ rpFilter: 2 }), (s) => {
      s.cilium.bandwidthManager = false;
      s.loadBalancer.pools.splice(1, 1);
    }));
    expect(r.changes.map((c) => c.level)).toEqual(['breaking', 'restart', 'safe']);
    expect([...new Set(r.checklist.map((s) => s.topic))].sort()).toEqual(['cilium', 'pools', 'rp-filter']);
    // A pin moved: its own step, not the other pins'.
    const pins = (ip: string): Edit => (s) => {
      s.loadBalancer.reservations = [{ service: 'default/a', ip }, { service: 'default/b', ip: '192.168.1.102' }];
    };
    const moved = compareClusters('lab', resolved(HOMELAB, pins('192.168.1.101')), resolved(HOMELAB, pins('192.168.1.103')));
    expect(moved.checklist.map((s) => [s.topic, s.subject])).toEqual([['reservation', 'default/a']]);
  });
});

describe('the review as Markdown and JSON', () => {
  const [pool] = compareClusters('x', resolved(HOMELAB), resolved(HOMELAB, (s) => s.loadBalancer.pools.splice(1, 1))).pools;
  const step = { topic: 'pools' as const, title: 'The pools:', body: ['```sh\nkubectl get ippools\n```'] };
  const lab: ClusterReview = {
    name: 'lab', status: 'changed', pools: [pool], checklist: [step],
    changes: [
      { level: 'breaking', topics: [], text: 'B1.', details: ['d1', 'd2'] },
      { level: 'breaking', topics: [], text: 'B2.' },
      { level: 'safe', topics: [], text: 'S1.' },
    ],
  };
  const edge: ClusterReview = { name: 'edge', status: 'added', pools: [], checklist: [], changes: [{ level: 'restart', topics: [], text: 'R1.' }] };
  const quiet: ClusterReview = { name: 'quiet', status: 'unchanged', pools: [], checklist: [], changes: [] };

  it('a section per changed cluster: a heading per level that has changes, details indented, the pool rows, the checklist', () => {
    const review: Review = { base: 'main', head: 'HEAD', clusters: [lab, quiet, edge] };
    expect(countLevels(review)).toEqual({ breaking: 2, restart: 1, safe: 1 });
    expect(reviewMarkdown(review)).toBe([
      '## Network change review: `main` → `HEAD`',
      '2 clusters changed (lab, edge): 2 breaking, 1 restart, 1 safe.',
      '### lab (changed)',
      '**Breaking: running Services, announcements or sessions are affected**',
      '- B1.\n  - d1\n  - d2\n- B2.',
      '**Safe**',
      '- S1.',
      '| pool | before | after | usable | announced |\n| --- | --- | --- | --- | --- |\n| critical | 192.168.1.200/30 | – | 4 → – | L2 → – |',
      'After the change is deployed, check (from its PLAN.md):',
      '1. The pools:\n\n   ```sh\n   kubectl get ippools\n   ```',
      '### edge (added)',
      '**Restart: components restart or must be restarted**',
      '- R1.',
    ].join('\n\n') + '\n');
    expect(reviewMarkdown({ ...review, clusters: [edge] }).split('\n\n')[1]).toBe('1 cluster changed (edge): 0 breaking, 1 restart, 0 safe.');
  });

  it('each side\'s problems before the summary, only the sides that have some; no change said as such', () => {
    const problems = [{ side: 'base' as const, lines: ['a.yaml: x'] }, { side: 'head' as const, lines: [] }];
    expect(reviewMarkdown({ base: 'a', head: 'b', clusters: [quiet], problems })).toBe([
      '## Network change review: `a` → `b`',
      '**Base has problems: today\'s checks refuse it, so it is reviewed as far as it can be read (a file that cannot be read at all counts as absent):**',
      '- `a.yaml: x`',
      'No change: every cluster renders the same network in both.',
    ].join('\n\n') + '\n');
    const head = reviewMarkdown({ base: 'a', head: 'b', clusters: [edge], problems: [{ side: 'head', lines: ['b.yaml: y', 'b.yaml: z'] }] }).split('\n\n');
    expect(head.slice(1, 4)).toEqual([
      '**Head has problems: it cannot be deployed as it is; it is reviewed as far as it can be read (a file that cannot be read at all counts as absent):**',
      '- `b.yaml: y`\n- `b.yaml: z`',
      '1 cluster changed (edge): 0 breaking, 1 restart, 0 safe.',
    ]);
  });

  it('JSON: the summary, problems only when there are some, details only on changes that have them', () => {
    const json = JSON.parse(reviewJson({ base: 'a', head: 'b', clusters: [lab, quiet] }));
    expect(json.summary).toEqual({ breaking: 2, restart: 0, safe: 1 });
    expect('problems' in json).toBe(false);
    expect(json.clusters.map((c: any) => [c.name, c.status, c.changes.length, c.pools.length])).toEqual([['lab', 'changed', 3, 1], ['quiet', 'unchanged', 0, 0]]);
    expect(json.clusters[0].changes.slice(0, 2)).toEqual([{ level: 'breaking', text: 'B1.', details: ['d1', 'd2'] }, { level: 'breaking', text: 'B2.' }]);
    expect(reviewJson({ base: 'a', head: 'b', clusters: [], problems: [] })).toBe(
      '{\n  "base": "a",\n  "head": "b",\n  "summary": {\n    "breaking": 0,\n    "restart": 0,\n    "safe": 0\n  },\n  "clusters": []\n}\n',
    );
    const problems = [{ side: 'head' as const, lines: ['b.yaml: y'] }];
    expect(JSON.parse(reviewJson({ base: 'a', head: 'b', clusters: [], problems })).problems).toEqual(problems);
  });
});
