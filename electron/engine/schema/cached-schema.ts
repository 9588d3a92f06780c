import protobuf from 'protobufjs';
import type { ServiceSummary } from '../../../shared/model';
import { SchemaRegistry } from './schema-registry';

/**
 * A registry as schema cache text: the service list on the first line (all `ferry list` needs), then the
 * root as protobufjs JSON with comments, and the file each declaration came from (JSON has no file names).
 * Read back, the root is built only when something needs more than the service list.
 */
export function registryToCacheText(registry: SchemaRegistry): string {
  return cacheText(registry.root, registry.listServices());
}

/** The same from a root (its built-ins added) and the services it lists. */
export function cacheText(root: protobuf.Root, services: readonly ServiceSummary[]): string {
  const filenames: Record<string, string | null> = {};
  recordFilenames(root, null, filenames);
  return `${JSON.stringify(services)}\n${JSON.stringify({ root: root.toJSON({ keepComments: true }), filenames })}`;
}

/** The registry back from cache text; undefined if the text is not what `registryToCacheText` wrote. */
export function registryFromCacheText(text: string): SchemaRegistry | undefined {
  const newline = text.indexOf('\n');
  let services: ServiceSummary[];
  try {
    services = JSON.parse(text.slice(0, newline)) as ServiceSummary[];
  } catch {
    return undefined;
  }
  if (newline < 0 || !Array.isArray(services)) return undefined;
  return new SchemaRegistry({
    services,
    build() {
      const { root, filenames } = JSON.parse(text.slice(newline + 1)) as { root: protobuf.INamespace; filenames: Record<string, string | null> };
      const built = protobuf.Root.fromJSON(root);
      restoreFilenames(built, null, filenames);
      return built;
    },
  });
}

function children(object: protobuf.ReflectionObject): protobuf.ReflectionObject[] {
  if (object instanceof protobuf.Service) return [...object.nestedArray, ...object.methodsArray];
  if (object instanceof protobuf.Type) return [...object.nestedArray, ...object.fieldsArray, ...object.oneofsArray];
  if (object instanceof protobuf.Namespace) return object.nestedArray;
  return [];
}

/** Only where a file name differs from the parent's, which keeps the list to about one entry per declaration. */
function recordFilenames(object: protobuf.ReflectionObject, parent: string | null, out: Record<string, string | null>): void {
  const own = object.filename ?? null;
  if (own !== parent) out[object.fullName] = own;
  for (const child of children(object)) recordFilenames(child, own, out);
}

function restoreFilenames(object: protobuf.ReflectionObject, parent: string | null, filenames: Record<string, string | null>): void {
  object.filename = object.fullName in filenames ? filenames[object.fullName]! : parent;
  for (const child of children(object)) restoreFilenames(child, object.filename, filenames);
}
