import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { trace } from '../diagnostics/trace';

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
  /** The cached schema text for a request, or undefined when there is none that is still true. */
  lookup(request: unknown): string | undefined;
  /** Stores a schema loaded afresh, with what the load read and probed. */
  store(request: unknown, reads: CacheReads, schema: string): void;
}

/** What a load depended on: files read (path → hash of their bytes) and paths found missing. */
export interface CacheReads {
  files: Map<string, string>;
  probes: Set<string>;
  /** False when nothing will be stored (no cache, or --no-cache): files are then not hashed. */
  hashing: boolean;
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
  probes: string[];
  schema: string;
}

export const DEFAULT_SCHEMA_CACHE_BYTES = 512 * 1024 * 1024;
const STALE_TEMP_MS = 60 * 60 * 1000;

export const hashBytes = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

export function emptyReads(hashing: boolean): CacheReads {
  return { files: new Map(), probes: new Set(), hashing };
}

/** Notes a file the load read, with the hash of its bytes when the result will be stored. */
export function recordRead(reads: CacheReads, path: string, bytes: Uint8Array): void {
  if (reads.hashing) reads.files.set(path, hashBytes(bytes));
}

export function createSchemaCache(options: Partial<SchemaCacheOptions> & Pick<SchemaCacheOptions, 'dir' | 'version'>): SchemaCache {
  const inputsDir = join(options.dir, 'inputs');
  const schemasDir = join(options.dir, 'schemas');
  const maxBytes = options.maxBytes ?? DEFAULT_SCHEMA_CACHE_BYTES;
  const inputsPath = (request: unknown) => join(inputsDir, `${hashBytes(JSON.stringify([options.version, request]))}.json`);
  const address = (files: ReadonlyArray<readonly [string, string]>) => hashBytes(JSON.stringify([options.version, files]));

  function lookup(request: unknown): string | undefined {
    const path = inputsPath(request);
    const entry = readInputs(path);
    if (!entry) return undefined;
    if (entry.probes.some((probe) => existsSync(probe))) return miss('a file now exists where the load found none');
    for (const [file, hash] of entry.files) {
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

  function store(request: unknown, reads: CacheReads, schema: string): void {
    // Without the files' hashes an entry would match whatever the files hold later.
    if (!reads.hashing) return trace('schema', () => 'schema not stored: the load did not hash the files it read');
    const files = [...reads.files].sort(([a], [b]) => a.localeCompare(b));
    const entry: InputsEntry = { files, probes: [...reads.probes].sort(), schema: address(files) };
    // Encoded once, then hashed and written from the same bytes: a googleapis schema is ~80 MB of text, and
    // hashing, measuring and writing the string each encoded it again.
    const bytes = Buffer.from(schema);
    const header = Buffer.from(`${hashBytes(bytes)}\n`);
    if (header.byteLength + bytes.byteLength > maxBytes) return trace('schema', () => 'schema too large for the cache cap: not stored');
    try {
      writeAtomic(schemasDir, entry.schema, [header, bytes]);
      writeAtomic(inputsDir, inputsPath(request).slice(inputsDir.length + 1), [Buffer.from(JSON.stringify(entry))]);
      evict(options.dir, maxBytes, [entry.schema]);
    } catch (reason) {
      // A cache that cannot be written (read-only or full disk) only costs speed.
      trace('schema', () => `schema cache not written: ${String(reason)}`);
    }
  }

  return { lookup, store };
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
  const valid = !!e && Array.isArray(e.files) && Array.isArray(e.probes) && typeof e.schema === 'string' && /^[0-9a-f]{64}$/.test(e.schema);
  return valid ? (e as InputsEntry) : undefined;
}

/** The text after the first line when the first line is its hash; damaged or half-written entries fail it. */
function readChecked(path: string): string | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return undefined;
  }
  // Hashed as bytes and decoded once: hashing the decoded text would encode it all again.
  const body = bytes.subarray(65);
  return bytes.byteLength >= 65 && bytes[64] === 0x0a && bytes.toString('latin1', 0, 64) === hashBytes(body) ? body.toString('utf8') : undefined;
}

function touch(path: string): void {
  const now = new Date();
  try {
    utimesSync(path, now, now);
  } catch {
    // Evicted by another process meanwhile: the next store rewrites it.
  }
}

function writeAtomic(dir: string, name: string, parts: readonly Uint8Array[]): void {
  mkdirSync(dir, { recursive: true });
  const temp = join(dir, `${name}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    const fd = openSync(temp, 'w');
    try {
      for (const part of parts) {
        for (let done = 0; done < part.byteLength; ) done += writeSync(fd, part, done);
      }
    } finally {
      closeSync(fd);
    }
    renameSync(temp, join(dir, name));
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
