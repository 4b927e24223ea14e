/** The one cluster `--stdout` and `plan` work on: the only one, or the one `--cluster` names; each refusal worded whole. */
import { afterEach, describe, expect, it } from 'vitest';
import { pickCluster } from '../../src/cli/pick.js';
import { HOMELAB, loadValidText, readProjectFile } from '../helpers.js';

const homelab = readProjectFile(HOMELAB);
const named = (name: string) => loadValidText(`${name}.yaml`, homelab.replace('name: homelab', `name: ${name}`));

const saved = process.env.ARGOCD_APP_NAME;
afterEach(() => {
  if (saved === undefined) delete process.env.ARGOCD_APP_NAME;
  else process.env.ARGOCD_APP_NAME = saved;
});

describe('pickCluster', () => {
  const [homelabFile, office] = [named('homelab'), named('office')];

  it('takes the only cluster when none is named, and the named one among several', () => {
    delete process.env.ARGOCD_APP_NAME;
    expect(pickCluster([homelabFile], undefined, 'x prints')).toBe(homelabFile);
    expect(pickCluster([homelabFile], 'homelab', 'x prints')).toBe(homelabFile);
    expect(pickCluster([homelabFile, office], 'office', 'x prints')).toBe(office);
  });

  it('refuses a name no file has, even with one cluster, listing the names', () => {
    delete process.env.ARGOCD_APP_NAME;
    expect(pickCluster([homelabFile], 'lab', 'x prints')).toEqual({ problem: '--cluster lab: no cluster file has this name (clusters: homelab)' });
    expect(pickCluster([homelabFile, office], 'lab', 'x prints')).toEqual({ problem: '--cluster lab: no cluster file has this name (clusters: homelab, office)' });
  });

  it('asks for --cluster among several, or none', () => {
    delete process.env.ARGOCD_APP_NAME;
    expect(pickCluster([homelabFile, office], undefined, 'plan prints')).toEqual({
      problem: 'plan prints one cluster and there are 2: pick one with --cluster (homelab, office)',
    });
    expect(pickCluster([], undefined, '--stdout prints')).toEqual({ problem: '--stdout prints one cluster and there are 0: pick one with --cluster ()' });
  });

  it('names the Application\'s plugin parameter instead when the Argo CD plugin runs it', () => {
    process.env.ARGOCD_APP_NAME = 'lab';
    expect(pickCluster([homelabFile, office], undefined, '--stdout prints')).toEqual({
      problem: '--stdout prints one cluster and there are 2: set the Application\'s plugin parameter `cluster` (homelab, office)',
    });
    process.env.ARGOCD_APP_NAME = '';
    expect(pickCluster([homelabFile, office], undefined, '--stdout prints')).toEqual({
      problem: '--stdout prints one cluster and there are 2: pick one with --cluster (homelab, office)',
    });
  });
});
