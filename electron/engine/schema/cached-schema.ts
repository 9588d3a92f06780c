import protobuf from 'protobufjs';
import type { ServiceSummary } from '../../../shared/model';
import { childName, isPlainNamespace, UNITS_FORMAT, walkUnit, type CacheIndex } from './cache-entry-format';
import { reflectionJson } from './reflection-json';
import { asciiJson } from './schema-cache';
import type { SchemaRegistry } from './schema-registry';

/**
 * A registry as schema cache text, in pieces (the layout is in cache-entry-format.ts): the service list on
 * the first line (all `ferry list` needs), then each unit's JSON, then the index that finds and links them.
 */
export function registryToCacheChunks(registry: SchemaRegistry): Iterable<string> {
  return cacheChunks(registry.root, registry.listServices());
}

/**
 * The same from a root (its built-ins added) and the services it lists. Made a unit at a time: for
 * googleapis, one ~80 MB string and the ~300 MB of objects behind it cost the first load ~1.7 s more, most
 * of it the garbage collector. Units are written all ASCII (`\\u` escapes), so the index's offsets are bytes.
 */
export function* cacheChunks(root: protobuf.Root, services: readonly ServiceSummary[]): Generator<string> {
  // The links come from resolved references; a loader's root is resolved already, which makes this a no-op.
  root.resolveAll();
  const tree = unitsOf(root);
  yield `${JSON.stringify(services)}\n${UNITS_FORMAT}\n`;
  const files = new FileTable();
  const index: CacheIndex = { names: tree.names, ends: [], deps: [], extenders: {}, files: files.names, unitFiles: [], fileExceptions: {}, namespaces: [] };
  let end = 0;
  for (let unit = 0; unit < tree.objects.length; unit++) {
    const object = tree.objects[unit]!;
    const json = reflectionJson(object);
    const text = Buffer.byteLength(json) === json.length ? json : asciiJson(json);
    end += text.length;
    index.ends.push(end);
    const facts = unitFacts(object, tree.unitOf, files);
    index.deps.push(facts.deps);
    for (const extended of facts.extends) (index.extenders[extended] ??= []).push(unit);
    index.unitFiles.push(files.of(object.filename));
    if (facts.exceptions.length > 0) index.fileExceptions[unit] = facts.exceptions;
    yield text;
  }
  index.namespaces = tree.namespaces.map(([name, namespace]) => [name, namespace.options ?? null, files.of(namespace.filename)]);
  yield `\n${JSON.stringify(index)}`;
}

interface UnitTree {
  objects: protobuf.ReflectionObject[];
  names: string[];
  unitOf: Map<protobuf.ReflectionObject, number>;
  /** Package namespaces with options or a file name. */
  namespaces: Array<[string, protobuf.Namespace]>;
}

function unitsOf(root: protobuf.Root): UnitTree {
  const tree: UnitTree = { objects: [], names: [], unitOf: new Map(), namespaces: [] };
  const walk = (namespace: protobuf.Namespace, name: string) => {
    if (namespace.options !== undefined || (namespace.filename ?? null) !== null) tree.namespaces.push([name, namespace]);
    for (const child of namespace.nestedArray) {
      if (isPlainNamespace(child)) {
        walk(child, childName(name, child.name));
        continue;
      }
      tree.unitOf.set(child, tree.objects.length);
      tree.objects.push(child);
      tree.names.push(childName(name, child.name));
    }
  };
  walk(root, '');
  return tree;
}

/** The unit an object belongs to: its ancestor (or itself) that sits directly in a package. */
function unitOfObject(object: protobuf.ReflectionObject, unitOf: Map<protobuf.ReflectionObject, number>): number | undefined {
  let current = object;
  while (current.parent && !isPlainNamespace(current.parent)) current = current.parent;
  return unitOf.get(current);
}

/**
 * What the index says of a unit, from one walk of it: the units it refers to, the units its `extend` blocks
 * extend (which need it whenever they come), and the objects in it whose file differs from their parent's.
 */
function unitFacts(unit: protobuf.ReflectionObject, unitOf: Map<protobuf.ReflectionObject, number>, files: FileTable) {
  const deps = new Set<number>();
  const extended = new Set<number>();
  const exceptions: Array<[string, number]> = [];
  const self = unitOf.get(unit);
  const refer = (object: protobuf.ReflectionObject | null | undefined, into: Set<number>) => {
    const found = object ? unitOfObject(object, unitOf) : undefined;
    if (found !== undefined && found !== self) into.add(found);
  };
  walkUnit(unit, (object, path, parent) => {
    if (parent && (object.filename ?? null) !== (parent.filename ?? null)) exceptions.push([path, files.of(object.filename)]);
    if (object instanceof protobuf.Field) {
      refer(object.resolvedType, deps);
      if (object.extend !== undefined) {
        refer(object.extensionField?.parent, deps);
        refer(object.extensionField?.parent, extended);
      }
    } else if (object instanceof protobuf.Method) {
      refer(object.resolvedRequestType, deps);
      refer(object.resolvedResponseType, deps);
    }
  });
  return { deps: [...deps], extends: [...extended], exceptions };
}

class FileTable {
  readonly names: string[] = [];
  private readonly places = new Map<string, number>();

  of(filename: string | null | undefined): number {
    if (filename === null || filename === undefined) return -1;
    let place = this.places.get(filename);
    if (place === undefined) {
      place = this.names.length;
      this.names.push(filename);
      this.places.set(filename, place);
    }
    return place;
  }
}
