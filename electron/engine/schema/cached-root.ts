import protobuf from 'protobufjs';
import type { ServiceSummary } from '../../../shared/model';
import { addBuiltins, builtinUnitFiles, mergeJson } from './base-root';
import { DESCRIPTOR_FILE } from './builtin-schema';
import { childName, UNITS_FORMAT, walkUnit, type CacheIndex } from './cache-entry-format';
import type { EntryPiece } from './cache-entry-merge';
import { entryBytes } from './cached-schema';
import { asciiJson } from './schema-cache';
import { prepareForLargeSchema } from './descriptor-extension';
import { SchemaRegistry, type DeferredRoot } from './schema-registry';
import { withoutLeadingDot } from '../codec/well-known';

/**
 * The registry back from cache text (its UTF-8 bytes); undefined if the text is not what `cacheChunks`
 * wrote. Only the first line is decoded now; the index and the units when something needs types.
 */
export function registryFromCacheEntry(bytes: Buffer): SchemaRegistry | undefined {
  const newline = bytes.indexOf(0x0a);
  const unitsStart = newline + UNITS_FORMAT.length + 2;
  const indexStart = bytes.lastIndexOf(0x0a) + 1;
  const shaped = newline >= 0 && indexStart > unitsStart && bytes.toString('latin1', newline + 1, unitsStart) === `${UNITS_FORMAT}\n`;
  if (!shaped) return undefined;
  let services: ServiceSummary[];
  try {
    services = JSON.parse(bytes.toString('utf8', 0, newline)) as ServiceSummary[];
  } catch {
    return undefined;
  }
  return Array.isArray(services) ? new SchemaRegistry(new CachedRoot(services, () => bytes, unitsStart, indexStart)) : undefined;
}

/**
 * The registry of an entry this process made (its pieces, as `entryPieces` gives them, with the services
 * they list), as a hit would give it. The pieces are joined only when types are first built: a list needs
 * none of them (joining googleapis's ~76 MB took ~0.1 s).
 */
export function registryFromEntryPieces(services: ServiceSummary[], pieces: readonly EntryPiece[]): SchemaRegistry {
  const lengths = pieces.map((piece) => (typeof piece === 'string' ? asciiJson(piece).length : piece.byteLength));
  const total = lengths.reduce((sum, length) => sum + length, 0);
  let joined: Buffer | undefined;
  // The first piece is the service line and the format's; the last, a newline and the index.
  return new SchemaRegistry(new CachedRoot(services, () => (joined ??= entryBytes(pieces)), lengths[0]!, total - lengths[lengths.length - 1]! + 1));
}

/** Units this large or larger make a large schema (see `prepareForLargeSchema`): ~100 files of googleapis. */
const LARGE_UNITS_BYTES = 1024 * 1024;

/**
 * A root built from a cache entry as far as lookups need it: a method's service and the types they refer
 * to, grown in place when more is asked for (another method, an `Any`'s type), whole when `build` is called.
 * Objects handed out stay valid: the root only grows.
 */
class CachedRoot implements DeferredRoot {
  private index: CacheIndex | undefined;
  private unitByName: Map<string, number> | undefined;
  private topLevel: Set<string> | undefined;
  private namespaces: { options: Map<string, Record<string, unknown> | null>; files: Array<[path: string[], file: string | null]> } | undefined;
  private loaded: Uint8Array | undefined;
  private root: protobuf.Root | undefined;
  private growing = false;
  private large = false;

  constructor(
    readonly services: ServiceSummary[],
    private readonly entry: () => Buffer,
    private readonly unitsStart: number,
    private readonly indexStart: number,
  ) {}

  build(): protobuf.Root {
    const root = this.grow(this.readIndex().names.map((_, unit) => unit));
    // Everything is there: lookups need not grow it, and the entry's bytes can go.
    delete (root as { lookup?: unknown }).lookup;
    return root;
  }

  partial(name: string): protobuf.Root | undefined {
    const fullName = withoutLeadingDot(name);
    const unit = this.unitOf(fullName);
    if (unit !== undefined) return this.grow([unit]);
    // A full name no declaration holds (a typo, a package) misses here; only a name without its package
    // needs everything, as protobufjs finds one by searching the whole tree.
    return this.topLevelNames().has(fullName.split('.')[0]!) ? this.grow([]) : undefined;
  }

  private topLevelNames(): Set<string> {
    this.topLevel ??= new Set(this.readIndex().names.map((name) => name.split('.', 1)[0]!));
    return this.topLevel;
  }

  names(): string[] {
    const methods = new Map(this.services.map((service) => [service.fullName, service.methods.map((method) => `${service.fullName}.${method.name}`)]));
    const packages = new Set<string>();
    const out: string[] = [];
    for (const name of this.readIndex().names) {
      for (let dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', dot + 1)) {
        const namespace = name.slice(0, dot);
        if (!packages.has(namespace)) out.push(namespace);
        packages.add(namespace);
      }
      out.push(name, ...(methods.get(name) ?? []));
    }
    return out;
  }

  /** The unit holding a full name: the name itself, or the nearest enclosing one (a method's service). */
  private unitOf(name: string): number | undefined {
    const byName = this.namesIndex();
    for (let end = name.length; end > 0; end = name.lastIndexOf('.', end - 1)) {
      const unit = byName.get(end === name.length ? name : name.slice(0, end));
      if (unit !== undefined) return unit;
    }
    return undefined;
  }

  private readIndex(): CacheIndex {
    this.index ??= JSON.parse(this.entry().toString('utf8', this.indexStart)) as CacheIndex;
    return this.index;
  }

  private namesIndex(): Map<string, number> {
    this.unitByName ??= new Map(this.readIndex().names.map((name, unit) => [name, unit]));
    return this.unitByName;
  }

  /** Adds the units `seeds` need that are not there yet; the first time, the built-ins' units too. */
  private grow(seeds: number[]): protobuf.Root {
    const index = this.readIndex();
    const first = this.root === undefined;
    const root = (this.root ??= this.newRoot(index));
    const units = this.closure(first ? [...seeds, ...this.builtinUnits()] : seeds);
    if (units.length === 0 && !first) return root;
    this.growing = true;
    try {
      if (units.length > 0) this.add(root, index, units);
      // The entry's own copies came with the units; an entry without them gets Ferry's.
      if (first) addBuiltins(root);
      root.resolveAll();
    } finally {
      this.growing = false;
    }
    return root;
  }

  private newRoot(index: CacheIndex): protobuf.Root {
    this.loaded = new Uint8Array(index.names.length);
    const own = index.namespaces.find(([name]) => name === '');
    const root = new protobuf.Root(own?.[1] ?? undefined);
    root.filename = own ? fileName(index, own[2]) : null;
    // An `Any` names its type by full name, looked up from the root: a type outside what was built comes now.
    const lookup = root.lookup as (this: protobuf.Root, ...args: unknown[]) => protobuf.ReflectionObject | null;
    root.lookup = ((path: string | string[], filterTypes?: unknown, parentAlreadyChecked?: boolean) => {
      const found = lookup.call(root, path, filterTypes, parentAlreadyChecked);
      if (found !== null || this.growing) return found;
      const unit = this.unitOf(withoutLeadingDot(typeof path === 'string' ? path : path.join('.')));
      if (unit === undefined || this.loaded![unit]) return null;
      this.grow([unit]);
      return lookup.call(root, path, filterTypes, parentAlreadyChecked);
    }) as typeof root.lookup;
    return root;
  }

  /** The units well-known and google.rpc types live in, when the entry has its own (every entry does). */
  private builtinUnits(): number[] {
    const byName = this.namesIndex();
    const out: number[] = [];
    for (const [name, file] of builtinUnitFiles()) {
      const unit = file === DESCRIPTOR_FILE ? undefined : byName.get(name);
      if (unit !== undefined) out.push(unit);
    }
    return out;
  }

  /** The units not yet loaded that `seeds` need, with what they refer to and what extends them, in tree order. */
  private closure(seeds: number[]): number[] {
    const { deps, extenders } = this.readIndex();
    const loaded = this.loaded!;
    const out: number[] = [];
    const stack = [...seeds];
    while (stack.length > 0) {
      const unit = stack.pop()!;
      if (loaded[unit]) continue;
      loaded[unit] = 1;
      out.push(unit);
      stack.push(...deps[unit]!);
      const extending = extenders[unit];
      if (extending) stack.push(...extending);
    }
    return out.sort((a, b) => a - b);
  }

  private add(root: protobuf.Root, index: CacheIndex, units: number[]): void {
    const bytes = units.reduce((sum, unit) => sum + this.unitLength(index, unit), 0);
    if (!this.large && bytes > LARGE_UNITS_BYTES) {
      this.large = true;
      prepareForLargeSchema(`${bytes} bytes of a schema cache entry`);
    }
    this.namespaces ??= {
      options: new Map(index.namespaces.map(([name, options]) => [name, options])),
      files: index.namespaces.filter(([name]) => name !== '').map(([name, , file]) => [name.split('.'), fileName(index, file)]),
    };
    const { tree, placed } = this.unitTree(root, index, units, this.namespaces.options);
    if (tree.nested) mergeJson(root, tree.nested);
    for (const [path, file] of this.namespaces.files) {
      const namespace = find(root, path);
      if (namespace) namespace.filename = file;
    }
    for (const { unit, path } of placed) restoreFiles(find(root, path)!, index, unit);
  }

  /** The units' JSON in one tree of their packages (with the packages' options), less what the root has. */
  private unitTree(root: protobuf.Root, index: CacheIndex, units: number[], options: Map<string, Record<string, unknown> | null>) {
    const tree: protobuf.INamespace = {};
    const placed: Array<{ unit: number; path: string[] }> = [];
    for (const unit of units) {
      const path = index.names[unit]!.split('.');
      // Already there: a built-in added from its own copy, or descriptor.proto's types a lookup asked for.
      if (find(root, path)) continue;
      const name = path.pop()!;
      let node = tree;
      let namespace = '';
      for (const part of path) {
        namespace = childName(namespace, part);
        node.nested ??= {};
        node = (node.nested[part] ??= namespaceJson(options.get(namespace))) as protobuf.INamespace;
      }
      node.nested ??= {};
      node.nested[name] = JSON.parse(this.unitText(index, unit)) as protobuf.AnyNestedObject;
      placed.push({ unit, path: [...path, name] });
    }
    return { tree, placed };
  }

  private unitLength(index: CacheIndex, unit: number): number {
    return index.ends[unit]! - (unit === 0 ? 0 : index.ends[unit - 1]!);
  }

  private unitText(index: CacheIndex, unit: number): string {
    const start = this.unitsStart + (unit === 0 ? 0 : index.ends[unit - 1]!);
    return this.entry().toString('latin1', start, this.unitsStart + index.ends[unit]!);
  }
}

const namespaceJson = (options: Record<string, unknown> | null | undefined): protobuf.INamespace => (options ? { options } : {});

const fileName = (index: CacheIndex, file: number): string | null => (file < 0 ? null : index.files[file]!);

/** The object at a path of names from the root, without `lookup` (which would grow the root). */
function find(root: protobuf.Root, path: readonly string[]): protobuf.ReflectionObject | undefined {
  let object: protobuf.ReflectionObject | null = root;
  for (const name of path) {
    object = object instanceof protobuf.Namespace ? object.get(name) : null;
    if (!object) return undefined;
  }
  return object;
}

/** Every object of a unit gets its parent's file (the unit, the unit's), but for those the index lists. */
function restoreFiles(unit: protobuf.ReflectionObject, index: CacheIndex, place: number): void {
  const exceptions = new Map(index.fileExceptions[place] ?? []);
  walkUnit(unit, (object, path, parent) => {
    const own = exceptions.get(path);
    object.filename = own !== undefined ? fileName(index, own) : parent ? parent.filename : fileName(index, index.unitFiles[place]!);
  });
}
