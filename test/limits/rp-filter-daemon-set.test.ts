/**
 * The library's RpFilterDaemonSet limits (its props doc comments), each at the limit and one past it:
 * the construct may be used without the cluster checks in front of it, so it enforces them itself, at `app.synth()`.
 */
import { Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { RpFilterDaemonSet, type RpFilterDaemonSetProps } from '../../constructs/rp-filter-daemon-set.js';

const good: RpFilterDaemonSetProps = { rpFilter: 2, interfaces: ['^eth[0-9]+$'], intervalSeconds: 30, image: 'busybox:1.37.0', namespace: 'kube-system' };
/** Builds the construct (which never throws) in an app; the returned function synthesizes it, throwing what `app.synth()` reports. */
const make = (props: Partial<RpFilterDaemonSetProps>) => {
  const app = Testing.app();
  new RpFilterDaemonSet(new Chart(app, 'test'), 'rp', { ...good, ...props });
  return () => app.synthYaml();
};

describe('RpFilterDaemonSet limits', () => {
  it.each([1, 86400])('takes intervalSeconds %d (the documented range 1–86400) and puts it in the script', (intervalSeconds) => {
    const chart = Testing.chart();
    new RpFilterDaemonSet(chart, 'rp', { ...good, intervalSeconds });
    expect(Testing.synth(chart)[0].spec.template.spec.containers[0].command[2]).toContain(`interval=${intervalSeconds}`);
  });

  it.each([0, 86401, -1])('refuses intervalSeconds %d', (intervalSeconds) => {
    expect(make({ intervalSeconds })).toThrow(`intervalSeconds: ${intervalSeconds} is not a whole number of seconds from 1 to 86400`);
  });

  it('takes an interface pattern of 1 and of 256 characters, refuses 0 and 257', () => {
    expect(make({ interfaces: ['e'] })).not.toThrow();
    expect(make({ interfaces: [`^${'e'.repeat(255)}`] })).not.toThrow();
    expect(make({ interfaces: [''] })).toThrow('interfaces[0]: "" is not a pattern of 1 to 256 characters');
    expect(make({ interfaces: [`^${'e'.repeat(256)}`] })).toThrow(/interfaces\[0\]: "\^e{256}" is not a pattern of 1 to 256 characters/);
  });

  it('names the index of the bad pattern among good ones', () => {
    expect(make({ interfaces: ['eth0', 'eth\u009f'] })).toThrow('interfaces[1]: "eth\\x9f" holds a control character');
  });

  it('takes an image reference of 512 characters, refuses 513 and the empty string', () => {
    const image = (n: number) => `r/${'i'.repeat(n - 2)}`;
    expect(make({ image: image(512) })).not.toThrow();
    expect(make({ image: image(513) })).toThrow(/image: "r\/i{511}" is not an image reference/);
    expect(make({ image: '' })).toThrow('image: "" is not an image reference');
    expect(make({ image: 'busybox\u0085' })).toThrow(/image: "busybox.*" is not an image reference/);
  });

  it('takes rpFilter 0 and 2 only', () => {
    expect(make({ rpFilter: 0 })).not.toThrow();
    expect(make({ rpFilter: 2 })).not.toThrow();
    expect(make({ rpFilter: 3 })).toThrow('rpFilter: rpFilter 3 is not a valid rp_filter mode. Use 0 (off) or 2 (loose).');
  });

  it('reports every problem at once', () => {
    expect(make({ rpFilter: 1, intervalSeconds: 0 })).toThrow(/rpFilter: rpFilter 1 .*\n.*intervalSeconds: 0 /);
  });
});
