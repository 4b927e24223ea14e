/** Runs the DaemonSet's script with sh against a fake /proc/sys/net/ipv4/conf tree. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rpFilterScript } from '../../src/text/rp-filter-script.js';
import { tempDir } from '../helpers.js';

function fakeConf(values: Record<string, number>): string {
  const dir = tempDir('rp-filter-');
  for (const [iface, value] of Object.entries(values)) {
    mkdirSync(join(dir, iface));
    writeFileSync(join(dir, iface, 'rp_filter'), `${value}\n`);
  }
  return dir;
}

function read(dir: string, iface: string): number {
  return Number(readFileSync(join(dir, iface, 'rp_filter'), 'utf8').trim());
}

describe('rp-filter script', () => {
  it('holds all at 0, sets matching interfaces, leaves the rest and logs each correction', () => {
    const dir = fakeConf({ all: 2, default: 1, eth0: 1, eth1: 0, 'eth0.100': 1, lxc12ab: 2, wlan0: 1, cilium_host: 0 });
    const script = rpFilterScript({ rpFilter: 2, interfaces: ['^eth[0-9]+$', '^wlan0$'], intervalSeconds: 30 });
    const out = execFileSync('sh', ['-c', script, 'rp-filter', 'once'], { env: { RP_FILTER_CONF_DIR: dir, PATH: process.env.PATH }, encoding: 'utf8' });
    expect(Object.fromEntries(['all', 'default', 'eth0', 'eth1', 'eth0.100', 'lxc12ab', 'wlan0', 'cilium_host'].map((i) => [i, read(dir, i)]))).toEqual({
      all: 0, default: 1, eth0: 2, eth1: 2, 'eth0.100': 1, lxc12ab: 2, wlan0: 2, cilium_host: 0,
    });
    expect(out.trim().split('\n').sort()).toEqual([
      'rp_filter: all was 2, set to 0',
      'rp_filter: eth0 was 1, set to 2',
      'rp_filter: eth1 was 0, set to 2',
      'rp_filter: wlan0 was 1, set to 2',
    ]);
  });

  it('is quiet when everything is already right', () => {
    const dir = fakeConf({ all: 0, eth0: 0 });
    const out = execFileSync('sh', ['-c', rpFilterScript({ rpFilter: 0, interfaces: ['^eth[0-9]+'], intervalSeconds: 30 }), 'rp-filter', 'once'],
      { env: { RP_FILTER_CONF_DIR: dir, PATH: process.env.PATH }, encoding: 'utf8' });
    expect(out).toBe('');
    expect(read(dir, 'eth0')).toBe(0);
  });

  it('quotes patterns so shell metacharacters stay literal', () => {
    expect(rpFilterScript({ rpFilter: 0, interfaces: ["^e'th$"], intervalSeconds: 5 })).toContain(`pattern='(^e'\\''th$)'`);
  });
});
