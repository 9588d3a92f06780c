import type { MetadataEntry } from './call';
import type { SavedMetadataEntry } from './workspace';

/**
 * The environment's metadata a request sends besides its own: each enabled entry whose key the request
 * does not send itself, with its index. (The app sends only a tab's enabled rows, so a disabled entry of a
 * saved request does not count either: both send the same.)
 */
export function inheritedMetadata(environment: readonly SavedMetadataEntry[] | undefined, own: ReadonlyArray<MetadataEntry & { enabled?: boolean }>): Array<{ entry: SavedMetadataEntry; index: number }> {
  if (!environment?.length) return [];
  const taken = new Set(own.filter((entry) => entry.enabled !== false).map((entry) => entry.key.toLowerCase()));
  return environment.flatMap((entry, index) => (entry.enabled && !taken.has(entry.key.toLowerCase()) ? [{ entry, index }] : []));
}
