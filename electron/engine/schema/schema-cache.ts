import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { trace } from '../diagnostics/trace';
import { fingerprintOf, hashBytes, type CacheReads } from './cache-reads';
import { byCodeUnits } from '../../../shared/util';

/**
 * A content-addressed cache of loaded schemas in the app data folder, in two parts:
 * - `inputs/<hash of the request>.json`: for one request (input files, import paths, working directory),
 *   every file the load read with the hash of its bytes, every path it probed and did not find (an import
 *   that appears earlier on the import path would change the result), and the address of the schema;
 * - `schemas/<address>`: the loaded schema, addressed by the Ferry version and the paths and hashes of every
 *   file read; its first line is the hash of the rest, checked on every read.
 * A hit needs every file to hash as recorded and every probe to miss still. Anything else (a changed, new
 * or missing file, a damaged or half-written entry) is a miss: the caller parses afresh and stores again.
 * Writes go to a temporary file renamed into place, so a reader sees a whole entry or none, and two
 * processes storing the same schema at once both succeed. When the folder grows past its cap the least
 * recently used entries go.
 */
export interface SchemaCache {
  /**
   * The cached schema text for a request, as its UTF-8 bytes, or undefined when there is none that is still
   * true. Bytes: a `ferry list` reads only the first line, and decoding googleapis's whole ~80 MB entry into
   * a string took ~0.3 s.
   */
  lookup(request: unknown): Buffer | undefined;
  /**
   * Stores a schema loaded afresh (its JSON text, in pieces), with what the load read and probed. Characters
   * outside ASCII are stored as their `\\u` escapes; pieces given as bytes are ASCII already.
   */
  store(request: unknown, reads: CacheReads, schema: Iterable<string | Uint8Array>): void;
  /** The files the stored load of a request read (absolute paths), or undefined when none is stored. */
  filesRead(request: unknown): string[] | undefined;
}

export interface SchemaCacheOptions {
  dir: string;
  /** Part of every address: a new Ferry build never reads an older one's entries. */
  version: string;
  /** The cap on the folder's size; default 512 MiB. */
  maxBytes: number;
}

interface InputsEntry {
  files: Array<[path: string, hash: string]>;
  /** Files trusted unread while their fingerprint matches (see `readRecorded`). */
  fingerprints?: Record<string, string>;
  probes: string[];
  schema: string;
}

export const DEFAULT_SCHEMA_CACHE_BYTES = 512 * 1024 * 1024;
const STALE_TEMP_MS = 60 * 60 * 1000;
/** A schema entry's first line: the SHA-256 of the rest in hex, and a newline. */
const HEADER_BYTES = 65;
const CHUNK_BYTES = 1 << 20;

export function createSchemaCache(options: Partial<SchemaCacheOptions> & Pick<SchemaCacheOptions, 'dir' | 'version'>): SchemaCache {
  const inputsDir = join(options.dir, 'inputs');
  const schemasDir = join(options.dir, 'schemas');
  const maxBytes = options.maxBytes ?? DEFAULT_SCHEMA_CACHE_BYTES;
  const inputsPath = (request: unknown) => join(inputsDir, `${hashBytes(JSON.stringify([options.version, request]))}.json`);
  const address = (files: ReadonlyArray<readonly [string, string]>) => hashBytes(JSON.stringify([options.version, files]));

  function lookup(request: unknown): Buffer | undefined {
    const path = inputsPath(request);
    const entry = readInputs(path);
    if (!entry) return undefined;
    if (entry.probes.some((probe) => existsSync(probe))) return miss('a file now exists where the load found none');
    const fingerprints = entry.fingerprints ?? {};
    for (const [file, hash] of entry.files) {
      const known = fingerprints[file];
      if (known !== undefined && fingerprintOf(file) === known) continue;
      if (fileHash(file) !== hash) return miss(`${file} changed`);
    }
    if (address(entry.files) !== entry.schema) return miss('its address does not match its files');
    const schema = readChecked(join(schemasDir, entry.schema));
    if (schema === undefined) return miss('the schema entry is missing or damaged');
    touch(path);
    touch(join(schemasDir, entry.schema));
    trace('schema', () => `schema cache hit ${entry.schema}`);
    return schema;
  }

  function store(request: unknown, reads: CacheReads, schema: Iterable<string | Uint8Array>): void {
    // Without the files' hashes an entry would match whatever the files hold later.
    if (!reads.hashing) return trace('schema', () => 'schema not stored: the load did not hash the files it read');
    const files = [...reads.files].sort(([a], [b]) => byCodeUnits(a, b));
    const entry: InputsEntry = { files, fingerprints: Object.fromEntries(reads.fingerprints), probes: [...reads.probes].sort(), schema: address(files) };
    try {
      if (!writeAtomic(schemasDir, entry.schema, (fd) => writeChecked(fd, schema, maxBytes))) {
        return trace('schema', () => 'schema too large for the cache cap: not stored');
      }
      writeAtomic(inputsDir, inputsPath(request).slice(inputsDir.length + 1), (fd) => writeAll(fd, Buffer.from(JSON.stringify(entry))));
      evict(options.dir, maxBytes, [entry.schema]);
    } catch (reason) {
      // A cache that cannot be written (read-only or full disk) only costs speed.
      trace('schema', () => `schema cache not written: ${String(reason)}`);
    }
  }

  return { lookup, store, filesRead: (request) => readInputs(inputsPath(request))?.files.map(([file]) => file) };
}

function miss(why: string): undefined {
  trace('schema', () => `schema cache miss: ${why}`);
  return undefined;
}

function fileHash(path: string): string | undefined {
  try {
    return hashBytes(readFileSync(path));
  } catch {
    return undefined;
  }
}

function readInputs(path: string): InputsEntry | undefined {
  let entry: unknown;
  try {
    entry = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
  const e = entry as Partial<InputsEntry> | null;
  const fingerprints = e?.fingerprints === undefined || (typeof e.fingerprints === 'object' && e.fingerprints !== null && Object.values(e.fingerprints).every((f) => typeof f === 'string'));
  const valid = !!e && Array.isArray(e.files) && Array.isArray(e.probes) && fingerprints && typeof e.schema === 'string' && /^[0-9a-f]{64}$/.test(e.schema);
  return valid ? (e as InputsEntry) : undefined;
}

/** The bytes after the first line when the first line is their hash; damaged or half-written entries fail it. */
function readChecked(path: string): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return undefined;
  }
  const body = bytes.subarray(HEADER_BYTES);
  return bytes.byteLength >= HEADER_BYTES && bytes[HEADER_BYTES - 1] === 0x0a && bytes.toString('latin1', 0, HEADER_BYTES - 1) === hashBytes(body) ? body : undefined;
}

function touch(path: string): void {
  const now = new Date();
  try {
    utimesSync(path, now, now);
  } catch {
    // Evicted by another process meanwhile: the next store rewrites it.
  }
}

function writeAll(fd: number, bytes: Uint8Array, position?: number): true {
  for (let done = 0; done < bytes.byteLength; ) done += writeSync(fd, bytes, done, bytes.byteLength - done, position === undefined ? null : position + done);
  return true;
}

const HAS_NON_ASCII = /[\u0080-\uffff]/;
const NON_ASCII = /[\u0080-\uffff]/g;

/** JSON text with every character outside ASCII written as its `\\u` escape: the same JSON value. */
export function asciiJson(text: string): string {
  return HAS_NON_ASCII.test(text) ? text.replace(NON_ASCII, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : text;
}

/**
 * The schema's pieces, encoded into one reused buffer, hashed and written as it fills; then its hash as the
 * first line, in the room left for it. False (the file to be dropped) once the whole passes `maxBytes`.
 * Encoding once for both the hash and the file: googleapis's ~80 MB made as one string and one buffer took
 * its first load ~1 s more in garbage collection alone.
 * Every character outside ASCII is written as its `\\u` escape (schema text is JSON, so the value is the same):
 * one curly quote in a comment made a whole entry a two-byte string when read back, and decoding that was
 * most of a warm load. A piece is escaped only when its UTF-8 came out longer than it: scanning every piece
 * for such characters first took ~0.2 s of googleapis's first load.
 */
function writeChecked(fd: number, pieces: Iterable<string | Uint8Array>, maxBytes: number): boolean {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  let used = 0;
  let total = HEADER_BYTES;
  const emit = (bytes: Uint8Array): boolean => {
    const at = total;
    total += bytes.byteLength;
    if (total > maxBytes) return false;
    hash.update(bytes);
    return writeAll(fd, bytes, at);
  };
  const flush = (): boolean => {
    const ok = emit(buffer.subarray(0, used));
    used = 0;
    return ok;
  };
  /** Writes ASCII text (its UTF-8 is one byte per unit); false once past the cap. */
  const put = (text: string): boolean => {
    if (text.length > CHUNK_BYTES - used && !flush()) return false;
    if (text.length > CHUNK_BYTES) return emit(Buffer.from(text, 'latin1'));
    used += buffer.write(text, used, 'latin1');
    return true;
  };
  for (const piece of pieces) {
    if (typeof piece !== 'string') {
      if (!flush() || !emit(piece)) return false;
      continue;
    }
    // UTF-8 takes at most three bytes per UTF-16 unit.
    if (piece.length * 3 > CHUNK_BYTES - used && !flush()) return false;
    if (piece.length * 3 > CHUNK_BYTES) {
      const bytes = Buffer.from(piece);
      if (!(bytes.byteLength === piece.length ? emit(bytes) : put(asciiJson(piece)))) return false;
      continue;
    }
    const written = buffer.write(piece, used);
    // Written over by the escaped text when it was not all ASCII.
    if (written === piece.length) used += written;
    else if (!put(asciiJson(piece))) return false;
  }
  return flush() && writeAll(fd, Buffer.from(`${hash.digest('hex')}\n`), 0);
}

/** Writes a file through `write` into a temporary file renamed into place; nothing is left when `write` returns false. */
function writeAtomic(dir: string, name: string, write: (fd: number) => boolean): boolean {
  mkdirSync(dir, { recursive: true });
  const temp = join(dir, `${name}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    const fd = openSync(temp, 'w');
    let written: boolean;
    try {
      written = write(fd);
    } finally {
      closeSync(fd);
    }
    if (written) renameSync(temp, join(dir, name));
    return written;
  } finally {
    rmSync(temp, { force: true });
  }
}

/** Deletes least recently used entries until the folder fits `maxBytes`; `keep` (just written) stays. */
function evict(root: string, maxBytes: number, keep: readonly string[]): void {
  const now = Date.now();
  const files = ['inputs', 'schemas'].flatMap((sub) => {
    const dir = join(root, sub);
    return readdirSync(dir).flatMap((name) => {
      try {
        const stat = statSync(join(dir, name));
        return [{ path: join(dir, name), name, size: stat.size, used: stat.mtimeMs }];
      } catch {
        return [];
      }
    });
  });
  let total = 0;
  for (const file of files) {
    // A crashed writer's temporary file is old; a live writer's is renamed within moments.
    if (file.name.includes('.tmp-') && now - file.used > STALE_TEMP_MS) rmSync(file.path, { force: true });
    else total += file.size;
  }
  const candidates = files.filter((f) => !f.name.includes('.tmp-') && !keep.includes(f.name)).sort((a, b) => a.used - b.used);
  for (const file of candidates) {
    if (total <= maxBytes) break;
    rmSync(file.path, { force: true });
    total -= file.size;
    trace('schema', () => `schema cache evicted ${file.name}`);
  }
}
