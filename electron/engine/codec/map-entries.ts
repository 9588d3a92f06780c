import type { MapEntry, ScalarValue } from './message-tree';

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

function compareKeys(a: ScalarValue, b: ScalarValue): number {
  if (a instanceof Uint8Array && b instanceof Uint8Array) return compareBytes(a, b);
  if (typeof a === 'boolean' || typeof b === 'boolean') return Number(a) - Number(b);
  const x = BigInt(a as number | bigint);
  const y = BigInt(b as number | bigint);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Map entries in key order (numbers by value, strings by their bytes, false before true), the order protoc's
 * printer and the Go printers use; the last entry for a repeated key wins, as when the map is read.
 */
export function sortMapEntries(entries: readonly MapEntry[]): MapEntry[] {
  const byKey = new Map<string, MapEntry>();
  for (const entry of entries) byKey.set(keyId(entry.key), entry);
  return [...byKey.values()].sort((a, b) => compareKeys(a.key, b.key));
}

function keyId(key: ScalarValue): string {
  return key instanceof Uint8Array ? `s:${key.join(',')}` : `v:${String(key)}`;
}
