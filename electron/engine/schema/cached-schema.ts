import protobuf from 'protobufjs';
import type { ServiceSummary } from '../../../shared/model';
import { reflectionJson } from './reflection-json';
import { SchemaRegistry } from './schema-registry';

/**
 * A registry as schema cache text, in pieces: the service list on the first line (all `ferry list` needs),
 * then the root as protobufjs JSON with comments, and the file each declaration came from (JSON has no file
 * names). Read back, the root is built only when something needs more than the service list.
 */
export function registryToCacheChunks(registry: SchemaRegistry): Iterable<string> {
  return cacheChunks(registry.root, registry.listServices());
}

/**
 * The same from a root (its built-ins added) and the services it lists. The text is
 * `JSON.stringify({ root: root.toJSON(…), filenames })` after the first line, made a type at a time (for
 * googleapis, one ~80 MB string and the ~300 MB of objects behind it cost the first load ~1.7 s more, most
 * of it the garbage collector). The cache stores it all ASCII (see `SchemaCache.store`).
 */
export function* cacheChunks(root: protobuf.Root, services: readonly ServiceSummary[]): Generator<string> {
  yield `${JSON.stringify(services)}\n{"root":`;
  yield* namespaceChunks(root);
  const filenames: Record<string, string | null> = {};
  recordFilenames(root, null, filenames);
  yield `,"filenames":${JSON.stringify(filenames)}}`;
}

const isPlainNamespace = (object: protobuf.ReflectionObject): object is protobuf.Namespace =>
  object instanceof protobuf.Namespace && !(object instanceof protobuf.Type) && !(object instanceof protobuf.Service);

/** `JSON.stringify(namespace.toJSON({ keepComments: true }))` in pieces: protobufjs writes a namespace as its options and its nested objects. */
function* namespaceChunks(namespace: protobuf.Namespace): Generator<string> {
  let separator = '{';
  if (namespace.options !== undefined) {
    yield `${separator}"options":${JSON.stringify(namespace.options)}`;
    separator = ',';
  }
  if (namespace.nestedArray.length > 0) {
    yield `${separator}"nested":{`;
    let first = true;
    for (const child of namespace.nestedArray) {
      yield `${first ? '' : ','}${JSON.stringify(child.name)}:`;
      first = false;
      if (isPlainNamespace(child)) yield* namespaceChunks(child);
      else yield reflectionJson(child);
    }
    yield '}';
    separator = ',';
  }
  yield separator === '{' ? '{}' : '}';
}

/**
 * The registry back from cache text (its UTF-8 bytes); undefined if the text is not what `cacheChunks`
 * wrote. Only the first line is decoded now: the rest when the types are built.
 */
export function registryFromCacheEntry(bytes: Buffer): SchemaRegistry | undefined {
  const newline = bytes.indexOf(0x0a);
  if (newline < 0) return undefined;
  let services: ServiceSummary[];
  try {
    services = JSON.parse(bytes.toString('utf8', 0, newline)) as ServiceSummary[];
  } catch {
    return undefined;
  }
  if (!Array.isArray(services)) return undefined;
  return new SchemaRegistry({
    services,
    build() {
      const { root, filenames } = JSON.parse(bytes.toString('utf8', newline + 1)) as { root: protobuf.INamespace; filenames: Record<string, string | null> };
      const built = protobuf.Root.fromJSON(root);
      restoreFilenames(built, null, filenames);
      return built;
    },
  });
}

/**
 * Calls `visit` on each child of `object` (nested objects; a type's fields and oneofs; a service's methods).
 * No array of them is made: googleapis has ~500,000 such objects, and copying each one's children into a new
 * array was most of the ~250 ms recording file names took.
 */
function eachChild<T>(object: protobuf.ReflectionObject, visit: (child: protobuf.ReflectionObject, context: T) => void, context: T): void {
  if (!(object instanceof protobuf.Namespace)) return;
  for (const child of object.nestedArray) visit(child, context);
  if (object instanceof protobuf.Type) {
    for (const field of object.fieldsArray) visit(field, context);
    for (const oneof of object.oneofsArray) visit(oneof, context);
  } else if (object instanceof protobuf.Service) {
    for (const method of object.methodsArray) visit(method, context);
  }
}

interface FilenameContext {
  parent: string | null;
  out: Record<string, string | null>;
}

/** Only where a file name differs from the parent's, which keeps the list to about one entry per declaration. */
function recordFilenames(object: protobuf.ReflectionObject, parent: string | null, out: Record<string, string | null>): void {
  const own = object.filename ?? null;
  if (own !== parent) out[object.fullName] = own;
  eachChild(object, recordChild, { parent: own, out });
}

const recordChild = (child: protobuf.ReflectionObject, { parent, out }: FilenameContext): void => recordFilenames(child, parent, out);

function restoreFilenames(object: protobuf.ReflectionObject, parent: string | null, filenames: Record<string, string | null>): void {
  object.filename = object.fullName in filenames ? filenames[object.fullName]! : parent;
  eachChild(object, restoreChild, { parent: object.filename, out: filenames });
}

const restoreChild = (child: protobuf.ReflectionObject, { parent, out }: FilenameContext): void => restoreFilenames(child, parent, out);
