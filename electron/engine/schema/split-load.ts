import { statSync } from 'node:fs';
import { trace } from '../diagnostics/trace';
import type { ServiceSummary } from '../../../shared/model';
import { byCodeUnits } from '../../../shared/util/code-unit-order';
import { entryPieces, type EntryPiece } from './cache-entry-merge';
import type { CacheReads } from './cache-reads';
import { isDescriptorProto } from './load-proto-files';
import { parsePart, partOutcome, type ParsedPart, type PartJob, type PartOutcome } from './parse-part';

/**
 * Threads a load can give parts of its files to. Each front end supplies them (`workerParseThreads` in
 * part-threads.ts, with its own worker script: the command line's and `ferry serve`'s bin/ferry.js, the
 * desktop app's schema-part-thread.cjs); a host that supplies none parses in one thread.
 */
export interface ParseThreads {
  /** How many parts a load may be split into, the calling thread's own counted. */
  count: number;
  /**
   * Input files smaller than this in all are parsed in one thread: a thread costs its start (the command
   * line's, ~0.1 s of loading the bundle) and parses again what its files import.
   */
  minBytes: number;
  start(job: PartJob): PartThread;
}

export interface PartThread {
  /** The files this part parsed, once it has; undefined when it failed. */
  parsed: Promise<string[] | undefined>;
  /**
   * Its outcome for the files it parsed that earlier parts did not (`excluded`, which may be sent before it
   * is done parsing); undefined when it failed.
   */
  outcome(excluded: string[]): Promise<PartOutcome | undefined>;
  stop(): void;
}

/** A split load's schema cache entry, in pieces, with the services it lists and what the parts read. */
export interface SplitLoad {
  pieces: EntryPiece[];
  services: ServiceSummary[];
  reads: CacheReads;
}

let threads: ParseThreads | undefined;

export function useParseThreads(given: ParseThreads | undefined): void {
  threads = given;
}

/**
 * A load, to be stored in the cache, split over threads: each parses a slice of the input files (by bytes)
 * with what they import and writes the units of the files it was first to parse, and the units are merged
 * into one schema cache entry, as one parse would have made it (see cache-entry-merge.ts). The caller's
 * registry is then built from that entry, as on a cache hit. Undefined when not split or when the parts
 * could not make one schema (a part failed, or parts clash): the caller parses in one thread, which gives
 * the same result or the same error as before. A parse error in the first part is the error one parse
 * would have met first, and is thrown as it is.
 */
export async function splitLoad(inputs: readonly string[], importPaths: string[], reads: CacheReads): Promise<SplitLoad | undefined> {
  if (!threads || threads.count < 2) return undefined;
  // A user's own descriptor.proto is parsed before everything else (see parseInputs), which a slice
  // without it would not do.
  if (inputs.some(isDescriptorProto)) return failed('a descriptor.proto of its own among the inputs');
  const slices = slicesOf(inputs, threads.count, threads.minBytes);
  if (typeof slices === 'string') return failed(slices);
  const started = threads;
  const others = slices.slice(1).map((files) => started.start({ files, importPaths }));
  try {
    let first = parseFirst(slices[0]!, importPaths);
    if (first === undefined) return failed('the first part did not resolve alone');
    const outcomes = askOthers(others, first.parsed);
    const own = partOutcome(first, undefined);
    // Done with the first part's root: dropped before the others' text arrives, so the full collection that
    // text's size sets off does not mark it (~0.35 s of googleapis's first load).
    first = undefined;
    const theirs = await Promise.all(outcomes);
    if (theirs.some((outcome) => outcome === undefined)) return failed('a part failed');
    const all = [own, ...(theirs as PartOutcome[])];
    const services = all.flatMap((outcome) => outcome.services).sort((a, b) => byCodeUnits(a.fullName, b.fullName));
    const pieces = entryPieces(services, all.map((outcome) => outcome.batch));
    const merged = mergedReads(reads, all.map((outcome) => outcome.reads));
    if (!pieces || !merged) return failed(pieces ? 'a file changed while the parts read it' : 'the parts clash, or none writes a unit one of them parsed');
    trace('schema', () => `parsed in ${all.length} threads`);
    return { pieces, services, reads: merged };
  } finally {
    for (const thread of others) thread.stop();
  }
}

/**
 * The first part, parsed in this thread; undefined when it does not resolve alone. A parse error in it is
 * the first one parse of all the files would meet, and is thrown as it is.
 */
function parseFirst(files: string[], importPaths: string[]): ParsedPart | undefined {
  let parsedAll = false;
  try {
    return parsePart({ files, importPaths }, () => (parsedAll = true));
  } catch (reason) {
    if (!parsedAll) throw reason;
    return undefined;
  }
}

/**
 * Asks each other part for its outcome as soon as the files of every part before it are known. Part k
 * writes the files no part before it parsed, so each file is written once, by the part one parse would
 * have read it in. The second part is asked at once, before this thread makes its own batch. A part that
 * fails, however it fails, answers undefined.
 */
function askOthers(others: readonly PartThread[], firstParsed: Set<string>): Array<Promise<PartOutcome | undefined>> {
  let excluded: Set<string> | Promise<Set<string> | undefined> = firstParsed;
  return others.map((thread) => {
    const known: Set<string> | Promise<Set<string> | undefined> = excluded;
    excluded = Promise.all([known, thread.parsed]).then(([before, files]: [Set<string> | undefined, string[] | undefined]) => (before && files ? new Set([...before, ...files]) : undefined));
    const asked = known instanceof Set ? thread.outcome([...known]) : known.then((files) => (files ? thread.outcome([...files]) : undefined));
    return asked.catch(() => undefined);
  });
}

function failed(why: string): undefined {
  trace('schema', () => `parse not split: ${why}`);
  return undefined;
}

/** Contiguous slices of about equal bytes, or why the inputs are not split. */
function slicesOf(inputs: readonly string[], count: number, minBytes: number): string[][] | string {
  let sizes: number[];
  try {
    sizes = inputs.map((file) => statSync(file).size);
  } catch {
    // Gone since it was found: one parse reports it.
    return 'an input file is gone';
  }
  const total = sizes.reduce((sum, size) => sum + size, 0);
  if (total < minBytes) return `${total} bytes of input files, under ${minBytes}`;
  const slices: string[][] = [[]];
  let sum = 0;
  inputs.forEach((file, i) => {
    if (sum >= (total * slices.length) / count && slices.length < count) slices.push([]);
    slices[slices.length - 1]!.push(file);
    sum += sizes[i]!;
  });
  return slices.length === count ? slices : `${inputs.length} input files do not make ${count} slices of about equal bytes`;
}

/**
 * What every part read, on top of what locating the inputs read (`located`, left as it is for a parse in
 * one thread); undefined when two parts read one file with different bytes.
 */
function mergedReads(located: CacheReads, parts: readonly CacheReads[]): CacheReads | undefined {
  const merged: CacheReads = { files: new Map(located.files), fingerprints: new Map(located.fingerprints), probes: new Set(located.probes), hashing: located.hashing };
  for (const part of parts) {
    for (const [path, hash] of part.files) {
      if ((merged.files.get(path) ?? hash) !== hash) return undefined;
      merged.files.set(path, hash);
    }
    for (const [path, fingerprint] of part.fingerprints) merged.fingerprints.set(path, fingerprint);
    for (const probe of part.probes) merged.probes.add(probe);
  }
  return merged;
}
