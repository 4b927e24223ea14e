/** The packaged components check 25 accepts in `k3s.disable` are the ones k3s lists for --disable. */
import { expect, test } from 'vitest';
import { K3S_DISABLE_ITEMS } from '../../src/model/k3s.js';
import { describeWithReference } from './reference.js';

describeWithReference('k3s disable items', (ref) => {
  test('are the valid values of k3s --disable in flags.json', () => {
    expect(ref.k3sFlags().find((f) => f.name === 'disable')?.validValues).toEqual([...K3S_DISABLE_ITEMS]);
  });
});
