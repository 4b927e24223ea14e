/** RpFilterDaemonSet used alone (no cluster checks in front of it) refuses props that would put arbitrary text into its script. */
import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { RpFilterDaemonSet, type RpFilterDaemonSetProps } from '../../constructs/rp-filter-daemon-set.js';

const good: RpFilterDaemonSetProps = { rpFilter: 2, interfaces: ['^eth[0-9]+$'], intervalSeconds: 30, image: 'busybox:1.37.0', namespace: 'kube-system' };
const make = (props: Partial<Record<keyof RpFilterDaemonSetProps, unknown>>) => () => {
  new RpFilterDaemonSet(Testing.chart(), 'rp', { ...good, ...props } as RpFilterDaemonSetProps);
};

describe('RpFilterDaemonSet props', () => {
  it('renders good props, and exposes the object as `resource`', () => {
    const chart = Testing.chart();
    const ds = new RpFilterDaemonSet(chart, 'rp', good);
    expect(ds.resource.kind).toBe('DaemonSet');
    expect(Testing.synth(chart)[0].spec.template.spec.containers[0].command[2]).toContain('want=2');
  });

  it.each([
    [{ rpFilter: 1 }, 'rpFilter 1 is not 0 (off) or 2 (loose)'],
    [{ rpFilter: '0; reboot' }, 'rpFilter "0; reboot" is not 0 (off) or 2 (loose)'],
    [{ intervalSeconds: 1.5 }, 'intervalSeconds 1.5 is not a whole number of seconds from 1 to 86400'],
    [{ intervalSeconds: '30; reboot' }, 'intervalSeconds "30; reboot" is not a whole number'],
    [{ interfaces: [] }, 'interfaces must list at least one pattern'],
    [{ interfaces: ['eth0\n'] }, 'interfaces[0] holds a control character'],
    [{ interfaces: ['eth\u001b[31m'] }, 'interfaces[0] holds a control character'],
    [{ interfaces: ['(?<=x)eth'] }, 'interfaces[0] "(?<=x)eth" is not a valid RE2 regular expression'],
    [{ interfaces: ['^eth\\d+'] }, 'interfaces[0] "^eth\\\\d+" uses \\d, which POSIX ERE (busybox grep -E) reads otherwise: use [0-9]'],
    [{ image: 'busybox; reboot' }, 'image must be an image reference without spaces'],
    [{ namespace: 'Kube System' }, 'namespace "Kube System" is not a DNS-1123 label'],
  ])('refuses %j', (props, message) => {
    expect(make(props)).toThrow(`RpFilterDaemonSet test/rp: ${message}`);
  });
});
