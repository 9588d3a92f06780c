import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { attempt, type Result } from '../../../shared/errors';
import type { HistoryEntry } from '../../../shared/model';
import { redact } from '../diagnostics/trace';
import { writeFileAtomic } from './atomic-write';

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

export interface HistoryStore {
  /** Records a call. `secretValues` (from ResolvedRequest) are replaced by `***` everywhere in the entry. */
  append(entry: NewHistoryEntry, secretValues?: readonly string[]): Promise<Result<HistoryEntry>>;
  /** Newest first. `query`: every word must appear in the method, target, status or a body (case-insensitive). */
  list(options?: { query?: string; limit?: number }): Promise<Result<HistoryEntry[]>>;
  clear(): Promise<Result<void>>;
  /** Response bodies an entry keeps: a recorder decodes no more than these. */
  readonly maxResponseBodies: number;
}

export const HISTORY_FILE = 'history.jsonl';
/** How long the first append of a batch waits for others to join it. */
const BATCH_MS = 20;

/**
 * Call history in the app data folder (never the workspace): one JSON line per call, appended (in batches a
 * few milliseconds apart), so a crash loses at most the calls of the last batch (a torn last line is skipped
 * on read). When a cap is exceeded the
 * file is rewritten atomically with the newest entries that fit in 90% of the caps, so trimming happens
 * once in a while instead of on every call.
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

  async function readLines(): Promise<string[]> {
    try {
      return (await fs.readFile(file, 'utf8')).split('\n').filter((line) => line.trim() !== '');
    } catch (reason) {
      if ((reason as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw reason;
    }
  }

  // The file's size as this store last counted it plus what it appended since. Reading the whole file back
  // after every append showed in profiles of calls in flight; it is read again only when the count says a cap
  // may be exceeded (another process's appends are counted then, so trimming may come a little later).
  let counted: { lines: number; bytes: number } | undefined;

  async function trimIfNeeded(appendedLines: number, appendedBytes: number): Promise<void> {
    if (counted) {
      counted.lines += appendedLines;
      counted.bytes += appendedBytes;
      if (counted.lines <= settings.maxEntries && counted.bytes <= settings.maxBytes) return;
    }
    const lines = await readLines();
    const bytes = lines.reduce((total, line) => total + Buffer.byteLength(line) + 1, 0);
    counted = { lines: lines.length, bytes };
    if (lines.length <= settings.maxEntries && bytes <= settings.maxBytes) return;
    const kept: string[] = [];
    let keptBytes = 0;
    for (let i = lines.length - 1; i >= 0; i--) {
      const size = Buffer.byteLength(lines[i]!) + 1;
      if (kept.length + 1 > settings.maxEntries * 0.9 || keptBytes + size > settings.maxBytes * 0.9) break;
      kept.push(lines[i]!);
      keptBytes += size;
    }
    await writeFileAtomic(file, kept.reverse().map((line) => `${line}\n`).join(''));
    counted = { lines: kept.length, bytes: keptBytes };
  }

  // Appends within BATCH_MS of each other (and those made while earlier operations run) are written together:
  // many calls cost one appendFile per batch instead of an open, write and close each, which showed in
  // profiles of back-to-back unary calls.
  let openBatch: { lines: Array<() => string>; written?: Promise<void> } | undefined;

  async function writeLines(lines: ReadonlyArray<() => string>): Promise<void> {
    const text = lines.map((line) => line()).join('');
    try {
      await fs.appendFile(file, text);
    } catch (reason) {
      if ((reason as NodeJS.ErrnoException).code !== 'ENOENT') throw reason;
      await fs.mkdir(dir, { recursive: true });
      await fs.appendFile(file, text);
    }
    await trimIfNeeded(lines.length, Buffer.byteLength(text));
  }

  return {
    maxResponseBodies: settings.maxResponseBodies,
    append: (entry, secretValues = []) => {
      let stored: HistoryEntry | undefined;
      const batch = (openBatch ??= { lines: [] });
      batch.lines.push(() => {
        stored = redactHistoryEntry({ id: randomUUID(), ...shorten(entry, settings) }, secretValues);
        return `${JSON.stringify(stored)}\n`;
      });
      return serial(async () => {
        if (openBatch === batch) {
          await new Promise((resolve) => setTimeout(resolve, BATCH_MS));
          openBatch = undefined;
        }
        batch.written ??= writeLines(batch.lines);
        await batch.written;
        return stored!;
      });
    },
    list: ({ query, limit } = {}) =>
      serial(async () => {
        const words = (query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
        const entries = (await readLines()).map(parseLine).filter((e): e is HistoryEntry => e !== undefined).reverse();
        const matching = words.length === 0 ? entries : entries.filter((entry) => matches(entry, words));
        return limit === undefined ? matching : matching.slice(0, limit);
      }),
    clear: () =>
      serial(async () => {
        await fs.rm(file, { force: true });
        counted = { lines: 0, bytes: 0 };
      }),
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

function shorten(entry: NewHistoryEntry, settings: HistoryOptions): NewHistoryEntry {
  const cut = (text: string) => (text.length > settings.maxBodyChars ? `${text.slice(0, settings.maxBodyChars)}…` : text);
  return {
    ...entry,
    request: { ...entry.request, messages: entry.request.messages.map(cut) },
    response: { messageCount: entry.response.messageCount, messages: entry.response.messages.slice(0, settings.maxResponseBodies).map(cut) },
  };
}

/**
 * Values of sensitive metadata keys (authorization, *-token, …) become `***`, and so does every
 * occurrence of a secret variable's value, wherever it ended up (a target, a header, inside a body).
 */
export function redactHistoryEntry(entry: HistoryEntry, secretValues: readonly string[]): HistoryEntry {
  const scrub = (text: string) => redactSecretValues(text, secretValues);
  return {
    ...entry,
    target: scrub(entry.target),
    request: {
      ...entry.request,
      metadata: redact(entry.request.metadata).map((m) => ({ key: m.key, value: scrub(m.value) })),
      messages: entry.request.messages.map(scrub),
    },
    status: { ...entry.status, message: scrub(entry.status.message) },
    response: { ...entry.response, messages: entry.response.messages.map(scrub) },
  };
}

/** Every occurrence of each secret value replaced by `***`; longest first, so a secret containing another goes whole. */
export function redactSecretValues(text: string, secretValues: readonly string[]): string {
  const secrets = [...new Set(secretValues)].filter((s) => s !== '').sort((a, b) => b.length - a.length);
  return secrets.reduce((out, secret) => out.split(secret).join('***'), text);
}
