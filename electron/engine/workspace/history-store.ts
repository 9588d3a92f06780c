import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { attempt, attemptSync, ok, type Result } from '../../../shared/errors';
import type { HistoryEntry } from '../../../shared/model';
import { writeFileAtomic } from './atomic-write';
import { storedHistoryEntry } from './history-entry';

export interface HistoryOptions {
  /** Most entries kept. Default 500. */
  maxEntries: number;
  /** Largest size of the history file in bytes. Default 5 MiB. */
  maxBytes: number;
  /** Each stored body is cut to this many characters. Default 4096. */
  maxBodyChars: number;
  /** Response bodies kept per entry (a stream keeps its first few). Default 5. */
  maxResponseBodies: number;
}

function historyDefaults(options: Partial<HistoryOptions>): HistoryOptions {
  return { maxEntries: 500, maxBytes: 5 * 1024 * 1024, maxBodyChars: 4096, maxResponseBodies: 5, ...options };
}

export type NewHistoryEntry = Omit<HistoryEntry, 'id'>;

class Batch {
  /** Entries appended, oldest first; those before `dropped` were let go (see `append`) and are undefined. */
  readonly pending: Array<{ entry: NewHistoryEntry | (() => NewHistoryEntry); secretValues: readonly string[] } | undefined> = [];
  dropped = 0;
  /** Each entry kept as written, or why it could not be made, at its place in `pending`; filled when written. */
  readonly stored: Array<Result<HistoryEntry>> = [];
  /** Set by the store as it opens the batch. */
  written!: Promise<Result<void>>;
}

export interface HistoryStore {
  /**
   * Records a call. `secretValues` (from ResolvedRequest) are replaced by `***` everywhere in the entry. Given
   * a function, the store calls it when the entry's batch is written (20 ms to a second later), so what
   * making it costs stays out of the call that recorded it. Resolves with the entry as written, or with
   * undefined when newer entries of the same batch left it outside the cap on entries (it was never made).
   */
  append(entry: NewHistoryEntry | (() => NewHistoryEntry), secretValues?: readonly string[]): Promise<Result<HistoryEntry | undefined>>;
  /** Newest first. `query`: every word must appear in the method, target, status or a body (case-insensitive). */
  list(options?: { query?: string; limit?: number }): Promise<Result<HistoryEntry[]>>;
  clear(): Promise<Result<void>>;
  /**
   * Writes the open batch now instead of when its interval ends, and resolves once everything appended so
   * far is on disk (or failed): for shutting down without losing the last calls.
   */
  flush(): Promise<void>;
  /** Response bodies an entry keeps: a recorder decodes no more than these. */
  readonly maxResponseBodies: number;
}

export const HISTORY_FILE = 'history.jsonl';
/** How long the first append of a batch waits for others to join it. */
const BATCH_MS = 20;
/**
 * While appends keep coming at least this many per BATCH_MS (a script, a collection run, many calls in
 * flight), the batch stays open, up to BUSY_BATCH_MS. Only its newest `maxEntries` can outlive the trim that
 * follows, so the older ones are let go without being made or written: making and writing every entry of
 * such a burst was ~70–90 µs of client CPU per call in `bench:unary`'s sequential calls.
 */
const BUSY_ENTRIES = 16;
const BUSY_BATCH_MS = 1000;
/**
 * A trim keeps the newest entries that fit in this fraction of the caps. Each trim rewrites the whole file,
 * its cost growing with what it keeps: at 80% (a trim every 100 calls, 400 entries rewritten) the trims were
 * about 15 µs of CPU per call with many calls in flight; at half, a trim comes every 250 calls and rewrites
 * 250 entries.
 */
const TRIM_TO = 0.5;

/**
 * Call history in the app data folder (never the workspace): one JSON line per call, appended in batches
 * (20 ms apart, up to a second while calls keep coming fast), so a crash loses at most the calls of the last
 * batch (a torn last line is skipped on read). When a cap is exceeded the file is rewritten atomically with
 * the newest entries that fit in half the caps, so trimming happens once in a while instead of on every call.
 */
export function createHistoryStore(dir: string, options: Partial<HistoryOptions> = {}): HistoryStore {
  const settings = historyDefaults(options);
  const file = join(dir, HISTORY_FILE);
  let queue: Promise<unknown> = Promise.resolve();
  // Operations run one at a time: an append racing a trim would be lost.
  const serial = <T>(operation: () => Promise<T>): Promise<Result<T>> => {
    const run = queue.then(() => attempt(operation));
    queue = run;
    return run;
  };

  async function readLines(): Promise<{ lines: string[]; bytes: number }> {
    try {
      const data = await fs.readFile(file);
      return { lines: data.toString('utf8').split('\n').filter((line) => line.trim() !== ''), bytes: data.length };
    } catch (reason) {
      if ((reason as NodeJS.ErrnoException).code === 'ENOENT') return { lines: [], bytes: 0 };
      throw reason;
    }
  }

  // What this store knows the file holds: its lines, oldest first, their size in bytes and the file's inode.
  // Appends add to it, so the caps are checked without reading the file. A trim cuts these lines when the
  // file on disk is still exactly them (same inode and size) and reads the file back only when it is not:
  // another Ferry process sharing the data folder appended or trimmed, or the file was removed (its entries
  // count then; until that read they are not counted, so trimming may come a little later). Reading the
  // file back at each trim showed in profiles of unary calls. The caps bound these lines as they bound the file.
  let known: { lines: string[]; bytes: number; ino?: number } | undefined;

  const withinCaps = (lines: number, bytes: number) => lines <= settings.maxEntries && bytes <= settings.maxBytes;

  async function trimIfNeeded(appended: readonly string[], appendedBytes: number): Promise<void> {
    if (known) {
      known.lines.push(...appended);
      known.bytes += appendedBytes;
      if (withinCaps(known.lines.length, known.bytes)) return;
    }
    const onDisk = await fs.stat(file).catch((reason: NodeJS.ErrnoException) => {
      if (reason.code === 'ENOENT') return undefined; // removed since the append: nothing to trim
      throw reason;
    });
    if (!onDisk) {
      known = undefined;
      return;
    }
    if (known?.ino !== onDisk.ino || known.bytes !== onDisk.size) known = { ...(await readLines()), ino: onDisk.ino };
    if (withinCaps(known.lines.length, known.bytes)) return;
    const kept: string[] = [];
    let keptBytes = 0;
    for (let i = known.lines.length - 1; i >= 0; i--) {
      const size = Buffer.byteLength(known.lines[i]!) + 1;
      if (kept.length + 1 > settings.maxEntries * TRIM_TO || keptBytes + size > settings.maxBytes * TRIM_TO) break;
      kept.push(known.lines[i]!);
      keptBytes += size;
    }
    kept.reverse();
    await writeFileAtomic(file, kept.map((line) => `${line}\n`).join(''));
    known = { lines: kept, bytes: keptBytes, ino: (await fs.stat(file)).ino };
  }

  // Appends within BATCH_MS of each other (and those made while earlier operations run) are written together:
  // many calls cost one appendFile per batch instead of an open, write and close each, which showed in
  // profiles of back-to-back unary calls. The batch is one queued operation with one timer; an append only
  // joins it, and its entry is made (redacted, cut, turned to text) when the batch is written.
  let openBatch: Batch | undefined;
  // Set while the open batch waits out its interval: `flush` ends the wait early.
  let wake: (() => void) | undefined;
  let flushing = false;

  function newBatch(): Batch {
    const batch = new Batch();
    batch.written = serial(async () => {
      const opened = Date.now();
      let seen: number;
      do {
        seen = batch.pending.length;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, BATCH_MS);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
          if (flushing) wake();
        });
        wake = undefined;
      } while (!flushing && batch.pending.length - seen >= BUSY_ENTRIES && Date.now() - opened < BUSY_BATCH_MS);
      openBatch = undefined;
      const lines: string[] = [];
      for (let i = batch.dropped; i < batch.pending.length; i++) {
        const { entry, secretValues } = batch.pending[i]!;
        const made = attemptSync(() => storedHistoryEntry(randomUUID(), typeof entry === 'function' ? entry() : entry, settings, secretValues));
        batch.stored[i] = made;
        if (made.ok) lines.push(JSON.stringify(made.value));
      }
      if (lines.length > 0) await writeLines(lines);
    });
    return (openBatch = batch);
  }

  async function writeLines(lines: readonly string[]): Promise<void> {
    const data = Buffer.from(`${lines.join('\n')}\n`);
    try {
      await fs.appendFile(file, data);
    } catch (reason) {
      if ((reason as NodeJS.ErrnoException).code !== 'ENOENT') throw reason;
      await fs.mkdir(dir, { recursive: true });
      await fs.appendFile(file, data);
    }
    try {
      await trimIfNeeded(lines, data.length);
    } catch (reason) {
      known = undefined; // what the file holds is no longer sure: read it at the next append
      throw reason;
    }
  }

  return {
    maxResponseBodies: settings.maxResponseBodies,
    append: (entry, secretValues = []) => {
      const batch = openBatch ?? newBatch();
      const index = batch.pending.push({ entry, secretValues }) - 1;
      // Only the newest maxEntries of a batch can be kept; the oldest beyond them is let go now, unmade.
      if (index - batch.dropped >= settings.maxEntries) batch.pending[batch.dropped++] = undefined;
      return batch.written.then((written) => (written.ok ? (batch.stored[index] ?? ok(undefined)) : written));
    },
    list: ({ query, limit } = {}) =>
      serial(async () => {
        const words = (query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
        const entries = (await readLines()).lines.map(parseLine).filter((e): e is HistoryEntry => e !== undefined).reverse();
        const matching = words.length === 0 ? entries : entries.filter((entry) => matches(entry, words));
        return limit === undefined ? matching : matching.slice(0, limit);
      }),
    clear: () =>
      serial(async () => {
        await fs.rm(file, { force: true });
        known = { lines: [], bytes: 0 };
      }),
    async flush() {
      flushing = true;
      wake?.();
      try {
        await queue;
      } finally {
        flushing = false;
      }
    },
  };
}

function parseLine(line: string): HistoryEntry | undefined {
  try {
    const value = JSON.parse(line) as HistoryEntry;
    return typeof value === 'object' && value !== null && typeof value.id === 'string' ? value : undefined;
  } catch {
    return undefined; // a line torn by a crash mid-append
  }
}

function matches(entry: HistoryEntry, words: string[]): boolean {
  const text = [entry.method, entry.target, entry.status.name, entry.status.message, ...entry.request.messages, ...entry.response.messages]
    .join('\n')
    .toLowerCase();
  return words.every((word) => text.includes(word));
}
