/** Helpers of the fetch tests: what a directory holds, and a loopback HTTP server standing in for upstream or a mirror. */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';

/** Every file under `dir` → sha256 (directories as `dir`), to see that a refused fetch changed nothing. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    try {
      out[f] = createHash('sha256').update(readFileSync(join(dir, f))).digest('hex');
    } catch {
      out[f] = 'dir';
    }
  }
  return out;
}

/** A server on 127.0.0.1 answering each path with what `respond` gives, 404 when it gives nothing; `base` is its URL. */
export async function loopback(respond: (path: string) => Buffer | undefined): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    const body = respond(decodeURIComponent(req.url ?? ''));
    if (body === undefined) res.statusCode = 404;
    res.end(body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  return { server, base: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}
