import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';

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
  const stat = statSync(path, { bigint: true });
  const bytes = readFileSync(path);
  reads.files.set(recordAs, hashBytes(bytes));
  if (Number(stat.ctimeNs / 1_000_000n) < Date.now() - SETTLED_MS) reads.fingerprints.set(recordAs, fingerprintText(stat));
  return bytes;
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
