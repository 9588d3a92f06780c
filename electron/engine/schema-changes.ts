import { statSync } from 'node:fs';
import type { SchemaSource } from '../../shared/model';
import { expandProtoFolders, type SchemaRegistry } from './schema';

/**
 * Written to after `since` (ms), or gone: any change moves a file's change time, while its modification time
 * may be set back. File times come from a clock that moves a tick (up to 10 ms) at a time, so a write within a
 * tick of a load's start can pass unseen; an edit made while a user is away from Ferry is far later.
 */
function changedSince(path: string, since: number): boolean {
  try {
    const stat = statSync(path);
    return Math.max(stat.mtimeMs, stat.ctimeMs) > since;
  } catch {
    return true;
  }
}

/** A schema source's folders listed again; a folder that is now empty or gone counts as changed itself. */
function inputsNow(source: SchemaSource & { kind: 'proto-files' }): string[] {
  try {
    return expandProtoFolders(source.files, { importPaths: source.importPaths });
  } catch {
    return [...source.files];
  }
}

/**
 * The files a schema from files was read from that changed on disk since its load began at `loadedAt`: written
 * to, removed, or new in a folder it was given. Sorted; empty for a schema from reflection. One stat a file
 * read (googleapis: ~7,200, 30–55 ms), so it is asked when a user comes back to Ferry, not on a timer.
 */
export function schemaChangesSince(source: SchemaSource, registry: SchemaRegistry, loadedAt: number): string[] {
  const from = registry.readFrom;
  if (!from) return [];
  const changed = new Set(from.files().filter((path) => changedSince(path, loadedAt)));
  if (source.kind === 'proto-files') {
    const known = new Set(from.inputs);
    for (const input of inputsNow(source)) if (!known.has(input)) changed.add(input);
  }
  return [...changed].sort();
}
