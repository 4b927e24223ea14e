/**
 * One member of a gzipped tar archive (a Helm chart package), read in memory. Helm writes chart
 * packages with Go's archive/tar: ustar headers, with PAX ('x') records for long names; GNU 'L'
 * long names are read too. Only regular files are returned. A chart package is a few hundred kB,
 * so reading it whole is simpler than streaming and needs no dependency in the CLI bundle.
 * Format: https://pubs.opengroup.org/onlinepubs/9699919799/utilities/pax.html#tag_20_92_13_06
 */
import { gunzipSync } from 'node:zlib';

const BLOCK = 512;

function text(buf: Buffer, start: number, length: number): string {
  const field = buf.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.subarray(0, end < 0 ? field.length : end).toString('utf8');
}

/** The `path` record of a PAX extended header (`<length> <key>=<value>\n` records). */
function paxPath(data: Buffer): string | undefined {
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    const length = Number.parseInt(data.subarray(at, space).toString('ascii'), 10);
    if (space < 0 || !(length > 0)) return undefined;
    const record = data.subarray(space + 1, at + length - 1).toString('utf8');
    if (record.startsWith('path=')) return record.slice('path='.length);
    at += length;
  }
  return undefined;
}

/** The bytes of the regular file `member` in the gzipped tar `archive`, or undefined when it holds none. */
export function tarGzMember(archive: Buffer, member: string): Buffer | undefined {
  const tar = gunzipSync(archive);
  let longName: string | undefined;
  for (let at = 0; at + BLOCK <= tar.length;) {
    const header = tar.subarray(at, at + BLOCK);
    if (header.every((b) => b === 0)) return undefined;
    const size = Number.parseInt(text(header, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156] || 0x30);
    const data = tar.subarray(at + BLOCK, at + BLOCK + size);
    at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'x') longName = paxPath(data) ?? longName;
    else if (type === 'L') longName = text(data, 0, data.length);
    else if (type !== 'g') {
      const prefix = text(header, 345, 155);
      const name = longName ?? (prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100));
      longName = undefined;
      if (name === member && (type === '0' || type === '\0')) return Buffer.from(data);
    }
  }
  return undefined;
}
