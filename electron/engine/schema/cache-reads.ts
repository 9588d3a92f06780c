import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';

/** What a load depended on: files read (path → hash of their bytes) and paths found missing. */
export interface CacheReads {
  files: Map<string, string>;
  /** Files whose state on disk was settled when read: path → `fingerprintOf` it then. */
  fingerprints: Map<string, string>;
  probes: Set<string>;
  /** False when nothing will be stored (no cache, or --no-cache): files are then not hashed. */
  hashing: boolean;
}

export const hashBytes = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

export function emptyReads(hashing: boolean): CacheReads {
  return { files: new Map(), fingerprints: new Map(), probes: new Set(), hashing };
}

/**
 * Reads a file a load depends on (throwing as `readFileSync` does) and, when the result will be stored, notes
 * the hash of its bytes and, if it was last changed over a second ago, its fingerprint from before the read.
 * A later lookup trusts a file whose fingerprint still matches without reading it (googleapis's 7,000 files
 * read and hashed were ~40% of a warm load). Any change to a file moves its change time; one made within
 * the same clock tick as the read would not, hence the second: such a file is read and hashed every time.
 */
export function readRecorded(reads: CacheReads, path: string, recordAs = path): Buffer {
  if (!reads.hashing) return readFileSync(path);
  const fd = openSync(path, 'r');
  try {
    // The stat `readFileSync` makes anyway, taken here: a stat more per file was ~30 ms of googleapis's first load.
    const stat = fstatSync(fd, { bigint: true });
    // A pipe (`--protoset <(buf build -o -)`) has no size to read up to, nor a state to trust.
    const regular = stat.isFile();
    const bytes = regular ? readToEnd(fd, Number(stat.size)) : readFileSync(fd);
    reads.files.set(recordAs, hashBytes(bytes));
    if (regular && Number(stat.ctimeNs / 1_000_000n) < Date.now() - SETTLED_MS) reads.fingerprints.set(recordAs, fingerprintText(stat));
    return bytes;
  } finally {
    closeSync(fd);
  }
}

/** The first `size` bytes of the file (its size when stat'ed), fewer if it shrank: what `readFileSync` reads. */
function readToEnd(fd: number, size: number): Buffer {
  const buffer = Buffer.allocUnsafe(size);
  let length = 0;
  while (length < size) {
    const read = readSync(fd, buffer, length, size - length, length);
    if (read === 0) break;
    length += read;
  }
  return buffer.subarray(0, length);
}

const SETTLED_MS = 1000;

/** Size, inode, modification and change times (ns): what any write to a file changes; undefined if gone. */
export function fingerprintOf(path: string): string | undefined {
  try {
    return fingerprintText(statSync(path, { bigint: true }));
  } catch {
    return undefined;
  }
}

const fingerprintText = (stat: { size: bigint; ino: bigint; mtimeNs: bigint; ctimeNs: bigint }): string => `${stat.size}:${stat.ino}:${stat.mtimeNs}:${stat.ctimeNs}`;
