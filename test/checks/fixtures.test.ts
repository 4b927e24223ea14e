/**
 * Every fixture in test/fixtures/{invalid,valid} is loaded the way the CLI loads a cluster file;
 * its diagnostics must equal, line for line, the fixture's own `# expect: ` comment lines (none
 * when it has none).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CLUSTER_CHECKS } from '../../src/checks/index.js';
import { loadClusterText } from '../../src/load/cluster-file.js';
import type { ClusterSpec } from '../../src/model/cluster-spec.js';
import { formatDiagnostic } from '../../src/model/diagnostics.js';
import { resolveCluster } from '../../src/model/resolve/cluster.js';
import { renderLoaded, ROOT } from '../helpers.js';

function fixtures(kind: 'invalid' | 'valid'): string[] {
  return readdirSync(join(ROOT, 'test/fixtures', kind)).filter((f) => f.endsWith('.yaml')).sort().map((f) => `test/fixtures/${kind}/${f}`);
}

function load(file: string) {
  const loaded = loadClusterText(file, readFileSync(join(ROOT, file), 'utf8'));
  return { loaded, lines: loaded.diagnostics.map((d) => formatDiagnostic(file, d)) };
}

function expected(file: string): string[] {
  const prefix = '# expect: ';
  return readFileSync(join(ROOT, file), 'utf8').split('\n').filter((l) => l.startsWith(prefix)).map((l) => l.slice(prefix.length));
}

describe('invalid cluster files', () => {
  it.each(fixtures('invalid'))('%s is rejected with exactly the expected messages', (file) => {
    const { loaded, lines } = load(file);
    expect(lines).toEqual(expected(file));
    expect(lines.length).toBeGreaterThan(0);
    // Refused when anything is an error; a fixture of warnings only still renders.
    expect(loaded.cluster === undefined).toBe(loaded.diagnostics.some((d) => d.severity === 'error'));
    for (const line of lines) expect(line).toMatch(/^test\/fixtures\/invalid\/[^:]+\.yaml: [^ ]+: .+\.( .+)?$/);
  });

  it('every semantic check is triggered by at least one fixture', () => {
    const specs = [...fixtures('invalid'), ...fixtures('valid')].map((f) => parse(readFileSync(join(ROOT, f), 'utf8')) as ClusterSpec);
    for (const check of CLUSTER_CHECKS) {
      const fired = specs.some((spec) => check(resolveCluster(spec)).length > 0);
      expect(fired, `${check.name} has no invalid fixture`).toBe(true);
    }
  });

  it('reports the post\'s /28 with its real block and the start/stop alternative', () => {
    const { lines } = load('test/fixtures/invalid/canonical-host-bits.yaml');
    expect(lines[0]).toBe(
      'test/fixtures/invalid/canonical-host-bits.yaml: loadBalancer.pools[0].blocks[0].cidr: 192.168.1.100/28 has host bits set; ' +
        'the block is 192.168.1.96/28 (.96–.111). Write cidr: 192.168.1.96/28 for that block,'
        + ' or start: 192.168.1.100 and stop: 192.168.1.115 if 16 addresses from 192.168.1.100 were meant.',
    );
  });
});

describe('valid edge cases', () => {
  it.each(fixtures('valid'))('%s is accepted and renders', (file) => {
    const { loaded, lines } = load(file);
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(lines).toEqual(expected(file));
    expect(renderLoaded({ file, cluster: loaded.cluster!, diagnostics: loaded.diagnostics }).get('cilium/values.yaml')).toContain('kubeProxyReplacement: true');
  });

  it('puts a DNS API host into tls-san', () => {
    const { loaded } = load('test/fixtures/valid/dns-api-host.yaml');
    expect(loaded.cluster!.k3s.tlsSan).toEqual(['k3s-api.home.lan']);
  });
});
