/**
 * RpFilterDaemonSet used alone (no cluster checks in front of it) refuses props that would put
 * arbitrary text into its script: constructing it never throws, `app.synth()` names every problem.
 */
import { Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { RpFilterDaemonSet, type RpFilterDaemonSetProps } from '../../constructs/rp-filter-daemon-set.js';

const good: RpFilterDaemonSetProps = { rpFilter: 2, interfaces: ['^eth[0-9]+$'], intervalSeconds: 30, image: 'busybox:1.37.0', namespace: 'kube-system' };
/** The validation errors `app.synth()` reports for the props, one per line. */
function synthErrors(props: Partial<Record<keyof RpFilterDaemonSetProps, unknown>>): string[] {
  const app = Testing.app();
  const chart = new Chart(app, 'test');
  expect(() => new RpFilterDaemonSet(chart, 'rp', { ...good, ...props } as RpFilterDaemonSetProps)).not.toThrow();
  try {
    app.synthYaml();
    return [];
  } catch (e) {
    return (e as Error).message.split('\n').slice(1).map((l) => l.trim());
  }
}

describe('RpFilterDaemonSet props', () => {
  it('renders good props, and exposes the object as `resource`', () => {
    const chart = Testing.chart();
    const ds = new RpFilterDaemonSet(chart, 'rp', good);
    expect(ds.resource.kind).toBe('DaemonSet');
    expect(Testing.synth(chart)[0].spec.template.spec.containers[0].command[2]).toContain('want=2');
  });

  it.each([
    [{ rpFilter: 1 }, 'rpFilter: rpFilter 1 (strict) drops return packets'],
    [{ rpFilter: '0; reboot' }, 'rpFilter: rpFilter "0; reboot" is not a valid rp_filter mode. Use 0 (off) or 2 (loose).'],
    [{ intervalSeconds: 1.5 }, 'intervalSeconds: 1.5 is not a whole number of seconds from 1 to 86400'],
    [{ intervalSeconds: '30; reboot' }, 'intervalSeconds: "30; reboot" is not a whole number'],
    [{ interfaces: [] }, 'interfaces: lists no pattern. List at least one pattern of the interfaces to set, e.g. ^eth[0-9]+.'],
    // From JavaScript or an untyped parse: one string is not a list of patterns.
    [{ interfaces: '^eth[0-9]+$' }, 'interfaces: lists no pattern. List at least one pattern of the interfaces to set, e.g. ^eth[0-9]+.'],
    [{ interfaces: ['eth0\n'] }, 'interfaces[0]: "eth0\\n" holds a control character'],
    [{ interfaces: ['eth\u001b[31m'] }, 'interfaces[0]: "eth\\u001b[31m" holds a control character'],
    [{ interfaces: ['(?<=x)eth'] }, 'interfaces[0]: "(?<=x)eth" is not a valid regular expression'],
    [{ interfaces: ['^eth\\d+'] }, 'interfaces[0]: "^eth\\\\d+" uses \\d, which busybox grep -E (POSIX ERE) in the rp-filter DaemonSet does not understand. Use [0-9].'],
    [{ image: 'busybox; reboot' }, 'image: "busybox; reboot" is not an image reference'],
    [{ namespace: 'Kube System' }, 'namespace: namespace "Kube System" is not a DNS-1123 label'],
  ])('refuses %j at synth', (props, message) => {
    const errors = synthErrors(props);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`[test/rp] ${message}`);
  });

  it('names every problem at once', () => {
    expect(synthErrors({ rpFilter: 1, intervalSeconds: 0, image: '' }).map((l) => l.split(':')[0])).toEqual(['[test/rp] rpFilter', '[test/rp] intervalSeconds', '[test/rp] image']);
  });
});
