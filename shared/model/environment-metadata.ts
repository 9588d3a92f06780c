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

/**
 * The metadata a request sends, each text filled in by `fill` (`where` names the field for its errors): the
 * environment's entries the request does not send itself, then the request's own enabled ones. Keys are
 * lower-cased, as gRPC sends them.
 */
export function sentMetadata(
  own: ReadonlyArray<MetadataEntry & { enabled?: boolean }>,
  environment: { name?: string; metadata?: readonly SavedMetadataEntry[] },
  fill: (text: string, where: string) => string,
): MetadataEntry[] {
  const entry = ({ key, value }: MetadataEntry, where: (field: string) => string) => ({ key: fill(key, where('key')).toLowerCase(), value: fill(value, where('value')) });
  const ofEnvironment = environment.name === undefined ? 'the environment' : `environment "${environment.name}"`;
  return [
    ...inheritedMetadata(environment.metadata, own).map(({ entry: inherited, index }) => entry(inherited, (field) => `metadata[${index}].${field} of ${ofEnvironment}`)),
    ...own.flatMap((mine, i) => (mine.enabled === false ? [] : [entry(mine, (field) => `metadata[${i}].${field}`)])),
  ];
}
