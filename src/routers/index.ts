/**
 * The router side of a BGP cluster: for every peer, the configuration its router needs to accept
 * the cluster's sessions and exactly the prefixes they carry, in FRR and BIRD 2 syntax. Written to
 * `<out>/<cluster>/routers/<peer>/`; PLAN.md links them. Passwords stay placeholders naming their Secret.
 */
import type { ResolvedCluster } from '../model/resolved.js';
import { birdConfig } from './bird.js';
import { frrConfig } from './frr.js';
import { routerSessions } from './sessions.js';

/** Directory of the router configurations, relative to `<out>/<cluster>/`. */
export const ROUTERS_DIR = 'routers';

/** Paths, relative to `<out>/<cluster>/`, of one peer's router configurations. */
export function routerFilePaths(peer: string): { frr: string; bird: string } {
  return { frr: `${ROUTERS_DIR}/${peer}/frr.conf`, bird: `${ROUTERS_DIR}/${peer}/bird.conf` };
}

/** Every router configuration of the cluster: path relative to `<out>/<cluster>/` → text; empty without BGP. */
export function routerFiles(cluster: ResolvedCluster): Map<string, string> {
  const files = new Map<string, string>();
  for (const sessions of routerSessions(cluster)) {
    const paths = routerFilePaths(sessions.peer.name);
    files.set(paths.frr, frrConfig(sessions));
    files.set(paths.bird, birdConfig(sessions));
  }
  return files;
}
