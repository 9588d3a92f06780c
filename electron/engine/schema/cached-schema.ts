import protobuf from 'protobufjs';
import type { ServiceSummary } from '../../../shared/model';
import { prepareForLargeSchema } from './descriptor-extension';
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
  recordFilenames(root, root.fullName, null, filenames);
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

/** An entry this large is a large schema (see `prepareForLargeSchema`): ~100 files of googleapis. */
const LARGE_ENTRY_BYTES = 1024 * 1024;

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
      if (bytes.byteLength > LARGE_ENTRY_BYTES) prepareForLargeSchema(`a schema cache entry of ${bytes.byteLength} bytes`);
      const { root, filenames } = JSON.parse(bytes.toString('utf8', newline + 1)) as { root: protobuf.INamespace; filenames: Record<string, string | null> };
      const built = protobuf.Root.fromJSON(root);
      restoreFilenames(built, filenameTree(filenames), null);
      return built;
    },
  });
}

/**
 * The children of `object` (nested objects; a type's fields and oneofs; a service's methods), as the arrays
 * that hold them rather than one array of them all: googleapis has ~260,000 such objects.
 */
function childLists(object: protobuf.ReflectionObject): ReadonlyArray<readonly protobuf.ReflectionObject[]> {
  if (object instanceof protobuf.Type) return [object.nestedArray, object.fieldsArray, object.oneofsArray];
  if (object instanceof protobuf.Service) return [object.nestedArray, object.methodsArray];
  if (object instanceof protobuf.Namespace) return [object.nestedArray];
  return NO_CHILDREN;
}

const NO_CHILDREN: ReadonlyArray<readonly protobuf.ReflectionObject[]> = [];

/**
 * Only where a file name differs from the parent's, which keeps the list to about one entry per declaration.
 * A child's full name is made from its parent's, and only for what is recorded or has children: protobufjs's
 * `fullName` getter walks up to the root and joins an array each time.
 */
function recordFilenames(object: protobuf.ReflectionObject, fullName: string, parent: string | null, out: Record<string, string | null>): void {
  const own = object.filename ?? null;
  if (own !== parent) out[fullName] = own;
  for (const list of childLists(object)) {
    for (const child of list) {
      if ((child.filename ?? null) === own && !(child instanceof protobuf.Namespace)) continue;
      recordFilenames(child, `${fullName}.${child.name}`, own, out);
    }
  }
}

/** The recorded file names as a tree of name parts; `filename` undefined where none was recorded. */
interface FilenameNode {
  filename?: string | null;
  children?: Map<string, FilenameNode>;
}

/**
 * Looking each of googleapis's ~260,000 full names up in the recorded list cost ~0.45 s of a build from the
 * cache (each name made and hashed); down this tree the walk looks up short names, and none at all below
 * where nothing was recorded.
 */
function filenameTree(filenames: Record<string, string | null>): FilenameNode {
  const top: FilenameNode = {};
  for (const [fullName, filename] of Object.entries(filenames)) {
    let node = top;
    for (const part of nameParts(fullName)) {
      node.children ??= new Map();
      let next = node.children.get(part);
      if (!next) node.children.set(part, (next = {}));
      node = next;
    }
    node.filename = filename;
  }
  return top;
}

/**
 * The names down to an object from the root, whose own name is empty (full names start with a dot). A field
 * an `extend` adds to the extended message is named by the extension's full name, dot first, and has no
 * children: a `..` starts that last name.
 */
function nameParts(fullName: string): string[] {
  const added = fullName.indexOf('..');
  const parts = (added < 0 ? fullName : fullName.slice(0, added)).split('.').slice(1);
  if (added >= 0) parts.push(fullName.slice(added + 1));
  return parts;
}

function restoreFilenames(object: protobuf.ReflectionObject, node: FilenameNode | undefined, parent: string | null): void {
  object.filename = node?.filename !== undefined ? node.filename : parent;
  for (const list of childLists(object)) for (const child of list) restoreFilenames(child, node?.children?.get(child.name), object.filename);
}
