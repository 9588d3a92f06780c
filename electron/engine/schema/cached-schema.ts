import protobuf from 'protobufjs';
import type { ServiceSummary } from '../../../shared/model';
import { childName, isPlainNamespace, walkUnit } from './cache-entry-format';
import { batchIndex, entryHead, FileNames, type EntryPiece, type UnitBatch } from './cache-entry-merge';
import { reflectionJson } from './reflection-json';
import { asciiJson } from './schema-cache';
import type { SchemaRegistry } from './schema-registry';

/** A registry as schema cache text, in pieces (the layout is in cache-entry-format.ts). */
export function registryToCacheChunks(registry: SchemaRegistry): Iterable<EntryPiece> {
  return cacheChunks(registry.root, registry.listServices());
}

/**
 * The same from a root (its built-ins added) and the services it lists, made a unit at a time as the cache
 * writes it: googleapis's entry as one ~80 MB string, and the ~300 MB of objects behind it, cost its first
 * load ~1.7 s more, most of it the garbage collector; held whole in buffers, ~0.9 s more (among it a full,
 * non-incremental collection of the whole heap, 0.4 s, that the buffers' size set off).
 */
export function* cacheChunks(root: protobuf.Root, services: readonly ServiceSummary[]): Generator<EntryPiece> {
  const batch = emptyBatch();
  yield entryHead(services);
  let end = 0;
  for (const text of unitTexts(root, batch)) {
    end += text.length;
    batch.ends.push(end);
    yield text;
  }
  yield `\n${JSON.stringify(batchIndex(batch))}`;
}

/** A whole entry's bytes from its pieces, as the cache stores them. */
export function entryBytes(pieces: Iterable<EntryPiece>): Buffer {
  return Buffer.concat([...pieces].map((piece) => (typeof piece === 'string' ? Buffer.from(asciiJson(piece), 'latin1') : piece)));
}

/**
 * The units of a resolved root whose file `owns` accepts (all when none is given), as a batch with their
 * text in buffers: a part's of a split load.
 */
export function unitBatch(root: protobuf.Root, owns?: (file: string | null) => boolean): UnitBatch {
  const batch = emptyBatch();
  const text = new TextChunks();
  for (const json of unitTexts(root, batch, owns)) batch.ends.push(text.append(json));
  batch.text = text.chunks();
  return batch;
}

function emptyBatch(): UnitBatch {
  return { names: [], owned: [], text: [], ends: [], deps: [], extended: [], files: [], unitFiles: [], fileExceptions: {}, namespaces: [] };
}

/**
 * Each unit of the root whose file `owns` accepts (all by default) as its ASCII JSON, in the order of the tree,
 * with what the index says of it put in `batch` on the way; the caller notes where each text ends.
 */
function* unitTexts(root: protobuf.Root, batch: UnitBatch, owns?: (file: string | null) => boolean): Generator<string> {
  // The links come from resolved references; a loader's root is resolved already, which makes this a no-op.
  root.resolveAll();
  const tree = unitsOf(root);
  const files = new FileNames();
  batch.names = tree.names;
  batch.files = files.names;
  for (let unit = 0; unit < tree.objects.length; unit++) {
    const object = tree.objects[unit]!;
    if (owns && !owns(ownerFile(object))) continue;
    const json = reflectionJson(object);
    const facts = unitFacts(object, tree.unitOf, files);
    if (facts.exceptions.length > 0) batch.fileExceptions[batch.owned.length] = facts.exceptions;
    batch.owned.push(unit);
    batch.deps.push(facts.deps);
    batch.extended.push(facts.extends);
    batch.unitFiles.push(files.of(object.filename));
    yield Buffer.byteLength(json) === json.length ? json : asciiJson(json);
  }
  batch.namespaces = tree.namespaces.map(([name, namespace]) => [name, namespace.options ?? null, files.of(namespace.filename)]);
}

/**
 * ASCII text appended into 1 MiB buffers, a piece never split across two: no copy as it grows, and a
 * worker hands the buffers over whole.
 */
class TextChunks {
  private readonly done: Uint8Array[] = [];
  private buffer = Buffer.allocUnsafe(TEXT_CHUNK_BYTES);
  private used = 0;
  private before = 0;

  /** Appends ASCII text; answers the length so far. */
  append(text: string): number {
    if (this.used + text.length > this.buffer.length) {
      this.seal();
      this.buffer = Buffer.allocUnsafe(Math.max(TEXT_CHUNK_BYTES, text.length));
    }
    this.used += this.buffer.write(text, this.used, 'latin1');
    return this.before + this.used;
  }

  chunks(): Uint8Array[] {
    this.seal();
    return this.done;
  }

  private seal(): void {
    if (this.used === 0) return;
    this.done.push(this.buffer.subarray(0, this.used));
    this.before += this.used;
    this.used = 0;
  }
}

const TEXT_CHUNK_BYTES = 1 << 20;

/**
 * The file a unit comes from, which decides the part that writes it; null for a built-in (the first part
 * writes those). The oneof protobufjs makes for a proto3 `optional` extension declared at file level sits in
 * the package beside it with no file of its own: it comes with its field's. Any other unit of no file is
 * written by the first part only, and the merge gives the split up if another part had it alone
 * (`entryPieces`).
 */
function ownerFile(unit: protobuf.ReflectionObject): string | null {
  return unit.filename || (unit instanceof protobuf.OneOf ? unit.fieldsArray[0]?.filename : undefined) || null;
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
function unitFacts(unit: protobuf.ReflectionObject, unitOf: Map<protobuf.ReflectionObject, number>, files: FileNames) {
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
