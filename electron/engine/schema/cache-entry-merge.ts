import type { ServiceSummary } from '../../../shared/model';
import { byCodeUnits } from '../../../shared/util/code-unit-order';
import { lastAtOrBefore } from '../../../shared/util/sorted-search';
import { builtinUnitFiles } from './base-root';
import { builtinSchema, DESCRIPTOR_FILE } from './builtin-schema';
import { childName, UNITS_FORMAT, type CacheIndex } from './cache-entry-format';
import { replayPackageOptions, type PackageOption } from './package-options';

/**
 * What one parse gives a schema cache entry: the units (see cache-entry-format.ts) it holds, their text and
 * their links. A load in one thread makes one batch of its whole root; a load split over threads makes one
 * per part, each of the files that part owns, and `entryPieces` merges them.
 */
export interface UnitBatch {
  /** Every unit of the parse's root, in the order of its tree: what `deps` and `extended` point into. */
  names: string[];
  /** The units the batch holds, as places in `names`, in the order of the tree. */
  owned: number[];
  /**
   * Their JSON one after another, all ASCII, in pieces that each hold whole units; `ends[i]` is where owned
   * unit i's text ends, counted across the pieces.
   */
  text: Uint8Array[];
  ends: number[];
  /** Per owned unit: the units it refers to (field, map and method types, what its `extend`s extend). */
  deps: number[][];
  /** Per owned unit: the units its `extend` blocks extend, which need it whenever they come. */
  extended: number[][];
  files: string[];
  /** Per owned unit: its file, as a place in `files` (-1: none). */
  unitFiles: number[];
  /** Per owned unit: the objects inside it whose file differs from their parent's, [name below it, file]. */
  fileExceptions: Record<number, Array<[string, number]>>;
  /** Package namespaces with options or a file, in the order of the tree: [name, options, file]. */
  namespaces: Array<[string, Record<string, unknown> | null, number]>;
  /** For a part after the first: the options its own files set on their packages, in the order parsed. */
  packageOptions?: PackageOption[];
}

/** A piece of an entry's text: ASCII text, or bytes of it. */
export type EntryPiece = string | Uint8Array;

/** An owned unit of one batch: the batch, and its place among the batch's owned units. */
interface Placed {
  batch: number;
  at: number;
}

/** An entry's first two lines: the service list, sorted by name as a registry lists them, and the format. */
export function entryHead(services: readonly ServiceSummary[]): string {
  return `${JSON.stringify([...services].sort((a, b) => byCodeUnits(a.fullName, b.fullName)))}\n${UNITS_FORMAT}\n`;
}

/** The index of one batch that holds every unit of its root, in its own order. */
export function batchIndex(batch: UnitBatch): CacheIndex {
  return mergedIndex([batch], batch.owned.map((_, at) => ({ batch: 0, at })), undefined)!;
}

/**
 * A schema cache entry from the batches of a split load, in pieces: the service list, the units of every
 * batch in the order of the tree one parse of all the files would have made, and the index linking them
 * (references are kept by name across batches). Undefined when the batches contradict each other (one name
 * in two of them, or a package that is a type elsewhere, or a reference to a unit none holds) or leave out a
 * unit one of them parsed: the caller parses whole.
 */
export function entryPieces(services: readonly ServiceSummary[], batches: readonly UnitBatch[]): EntryPiece[] | undefined {
  const merged = mergedOrder(batches);
  if (merged === undefined) return undefined;
  const order = merged.units;
  const place = new Map(order.map(({ batch, at }, unit) => [batches[batch]!.names[batches[batch]!.owned[at]!]!, unit]));
  // Every unit a part parsed must be written by some part (but a built-in one parse would not have added):
  // one none wrote would be missing from the schema, so the caller parses whole instead.
  const builtins = builtinUnitFiles();
  if (batches.some((batch) => batch.names.some((name) => !place.has(name) && !builtins.has(name)))) return undefined;
  const index = mergedIndex(batches, order, place, merged.packages);
  return index && [entryHead(services), ...unitViews(batches, order), `\n${JSON.stringify(index)}`];
}

/**
 * The index for units in this order, each reference found by name in `place` (none: one batch of a whole
 * root, whose places are the units' own); undefined when a reference names a unit no batch holds.
 */
function mergedIndex(batches: readonly UnitBatch[], order: readonly Placed[], place: ReadonlyMap<string, number> | undefined, packages?: readonly string[]): CacheIndex | undefined {
  const files = new FileNames();
  const index: CacheIndex = { names: [], ends: [], deps: [], extenders: {}, files: files.names, unitFiles: [], fileExceptions: {}, namespaces: [] };
  let end = 0;
  for (const [unit, { batch, at }] of order.entries()) {
    const from = batches[batch]!;
    const deps = place ? linked(from.deps[at]!, from.names, place, unit) : from.deps[at]!;
    const extended = place ? linked(from.extended[at]!, from.names, place, unit) : from.extended[at]!;
    if (deps === undefined || extended === undefined) return undefined;
    index.names.push(from.names[from.owned[at]!]!);
    end += from.ends[at]! - (at === 0 ? 0 : from.ends[at - 1]!);
    index.ends.push(end);
    index.deps.push(deps);
    for (const target of extended) (index.extenders[target] ??= []).push(unit);
    const exceptions = from.fileExceptions[at];
    if (exceptions) index.fileExceptions[unit] = exceptions.map(([path, file]) => [path, files.of(from.files[file])]);
    index.unitFiles.push(files.of(from.files[from.unitFiles[at]!]));
  }
  index.namespaces = mergedNamespaces(batches, files, packages);
  return index;
}

/** A batch's references (places in its `names`) as places in the merged entry, leaving out `self`. */
function linked(locals: readonly number[], names: readonly string[], place: ReadonlyMap<string, number>, self: number): number[] | undefined {
  const out: number[] = [];
  for (const local of locals) {
    const found = place.get(names[local]!);
    if (found === undefined) return undefined;
    if (found !== self) out.push(found);
  }
  return out;
}

/**
 * Package namespaces of every batch, each once, in the order of the tree. The first batch's options are one
 * parse's as far as its files go; each later batch's own files then set theirs as they did in its parse
 * (see package-options.ts), so the options end as one parse of every file leaves them.
 */
function mergedNamespaces(batches: readonly UnitBatch[], files: FileNames, packages?: readonly string[]): CacheIndex['namespaces'] {
  const merged = new Map<string, [Record<string, unknown> | null, string | undefined]>();
  batches.forEach((batch, b) => {
    for (const [name, options, file] of batch.namespaces) {
      const known = merged.get(name);
      if (known === undefined) merged.set(name, [b === 0 ? options : null, batch.files[file]]);
      else known[1] ??= batch.files[file];
    }
  });
  for (const batch of batches.slice(1)) {
    const byPackage = new Map<string, PackageOption[]>();
    for (const setting of batch.packageOptions ?? []) {
      const settings = byPackage.get(setting[1]);
      if (settings) settings.push(setting);
      else byPackage.set(setting[1], [setting]);
    }
    for (const [pkg, settings] of byPackage) {
      const known = merged.get(pkg) ?? [null, undefined];
      merged.set(pkg, [replayPackageOptions(known[0], settings), known[1]]);
    }
  }
  // In the order of the tree; a package that holds no unit (a file of options alone) goes last.
  const rank = new Map(packages?.map((name, at) => [name, at]));
  const tree = [...merged].sort(([a], [b]) => (rank.get(a) ?? rank.size) - (rank.get(b) ?? rank.size));
  return tree.map(([name, [options, path]]) => [name, options, files.of(path)]);
}

/** The units' text in this order, as views of the batches' bytes (a run of units in one piece is one view). */
function unitViews(batches: readonly UnitBatch[], order: readonly Placed[]): Uint8Array[] {
  const starts = batches.map((batch) => pieceStarts(batch.text));
  const views: Uint8Array[] = [];
  let run: { batch: number; piece: number; start: number; end: number } | undefined;
  const close = () => run && views.push(batches[run.batch]!.text[run.piece]!.subarray(run.start - starts[run.batch]![run.piece]!, run.end - starts[run.batch]![run.piece]!));
  for (const { batch, at } of order) {
    const ends = batches[batch]!.ends;
    const start = at === 0 ? 0 : ends[at - 1]!;
    if (run && run.batch === batch && run.end === start && ends[at]! - starts[batch]![run.piece]! <= batches[batch]!.text[run.piece]!.byteLength) run.end = ends[at]!;
    else {
      close();
      run = { batch, piece: lastAtOrBefore(starts[batch]!, start), start, end: ends[at]! };
    }
  }
  close();
  return views;
}

/** Where each piece starts, counted across the pieces. */
function pieceStarts(pieces: readonly Uint8Array[]): number[] {
  let start = 0;
  return pieces.map((piece) => {
    const at = start;
    start += piece.byteLength;
    return at;
  });
}

/**
 * The order one parse of every file would have given the units: its root adds descriptor.proto's types
 * first, then each file's in the order parsed (the first batch holds the first files), then the other
 * built-ins, and a package comes where its first unit came. The built-in files a batch's own files define
 * (their marker type) are left out, as one parse would not have added them.
 */
function mergedOrder(batches: readonly UnitBatch[]): { units: Placed[]; packages: string[] } | undefined {
  const builtinFiles = builtinUnitFiles();
  // Per batch, per owned unit: the built-in file it comes from, or undefined for a user's unit.
  const builtinOf = batches.map((batch) => batch.owned.map((unit, at) => (batch.unitFiles[at] === -1 ? builtinFiles.get(batch.names[unit]!) : undefined)));
  const markers = new Map(builtinSchema().files.map((file) => [file.marker, file.name]));
  const shadowed = new Set<string>();
  batches.forEach((batch, b) =>
    batch.owned.forEach((unit, at) => {
      const file = builtinOf[b]![at] === undefined ? markers.get(batch.names[unit]!) : undefined;
      if (file !== undefined) shadowed.add(file);
    }),
  );
  const tree = new UnitTrie();
  const first = batches[0]!;
  const builtinsOf = (descriptor: boolean) =>
    first.owned.every((unit, at) => {
      const file = builtinOf[0]![at];
      return file === undefined || (file === DESCRIPTOR_FILE) !== descriptor || shadowed.has(file) || tree.add(first.names[unit]!, { batch: 0, at });
    });
  const placed =
    builtinsOf(true) && batches.every((batch, b) => batch.owned.every((unit, at) => builtinOf[b]![at] !== undefined || tree.add(batch.names[unit]!, { batch: b, at }))) && builtinsOf(false);
  return placed ? tree.order() : undefined;
}

/** Units placed by their full names in packages that keep the order they were first named in. */
class UnitTrie {
  private readonly root = new Map<string, UnitTrieNode>();

  /** False when the name is taken, by a unit or a package, or a unit holds the package it names. */
  add(name: string, unit: Placed): boolean {
    const parts = name.split('.');
    let level = this.root;
    for (let i = 0; i < parts.length - 1; i++) {
      let node = level.get(parts[i]!);
      if (node === undefined) level.set(parts[i]!, (node = { children: new Map() }));
      if (node.children === undefined) return false;
      level = node.children;
    }
    const leaf = parts[parts.length - 1]!;
    if (level.has(leaf)) return false;
    level.set(leaf, { unit });
    return true;
  }

  /** The units, and the packages (root: ''), each in the order of the tree. */
  order(): { units: Placed[]; packages: string[] } {
    const units: Placed[] = [];
    const packages = [''];
    const walk = (level: ReadonlyMap<string, UnitTrieNode>, prefix: string) => {
      for (const [name, node] of level) {
        if (node.unit) units.push(node.unit);
        else if (node.children) {
          const full = childName(prefix, name);
          packages.push(full);
          walk(node.children, full);
        }
      }
    };
    walk(this.root, '');
    return { units, packages };
  }
}

interface UnitTrieNode {
  unit?: Placed;
  children?: Map<string, UnitTrieNode>;
}

/** File names, each given its place in the list when first seen. */
export class FileNames {
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
