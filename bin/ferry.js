#!/usr/bin/env node
'use strict';
// Runs the bundled command line (dist/cli/ferry.cjs) through a V8 code cache kept beside it: compiling the
// bundle was the largest part of a short command's start-up, and Node 20 has no module compile cache of its
// own (module.enableCompileCache needs 22.1). V8 checks the cache against the source and its own version and
// rejects one from another Node; the cache also starts with the identity of the bundle file it was made from
// (see identityOf), since V8 itself compares only the source's length. A rejected cache is written anew
// at exit, and so is one that a run of another command finds (see modeOf). The bundle is already the function
// CommonJS would wrap it in (scripts/build-cli.mjs), so its text is compiled as read.
const { Buffer } = require('node:buffer');
const { closeSync, fstatSync, openSync, readSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const Module = require('node:module');
const { Script } = require('node:vm');

const bundle = join(__dirname, '..', 'dist', 'cli', 'ferry.cjs');
const cacheFile = `${bundle}.v8cache`;
// A cache holds the code the runs that wrote it compiled, and each command (and grpcurl's command lines)
// loads its own part of the bundle: a cache a `ferry list` wrote left most of `ferry call` to be compiled on
// every call, ~12 ms of each. So the cache records which of these it covers, one bit each, and a run of one it
// does not cover writes it anew, with the code this run added. Help and version compile little and write none.
const MODE_BITS = new Map([['list', 1], ['describe', 2], ['call', 4], ['run', 8], ['serve', 16]]);
const GRPCURL_BIT = 32;
const NO_MODE = new Set([undefined, '--help', '-h', 'help', '--version', '-V']);
// The bundle's identity, then the byte of modes, then V8's data.
const HEADER_BYTES = 33;

/** The bit of what a run with this first argument loads (electron/cli/main.ts decides the same way); 0 for none. */
function modeOf(argument) {
  if (NO_MODE.has(argument)) return 0;
  return MODE_BITS.get(argument) ?? GRPCURL_BIT;
}

/**
 * The bundle file's size, modification and change times and inode. Python trusts size and modification time
 * alone for its .pyc files; the change time is the kernel's, set anew by every write, rename or copy, so a
 * bundle rebuilt, edited or copied in at the same length and with its old modification time does not meet the
 * old cache. The key used to be a CRC-32 of the 1.25 MB bundle's bytes: ~2 ms of every start.
 */
function identityOf(stat) {
  const identity = Buffer.alloc(32);
  [stat.size, stat.mtimeNs, stat.ctimeNs, stat.ino].forEach((value, i) => identity.writeBigUInt64BE(value, i * 8));
  return identity;
}

function openOrUndefined(path) {
  try {
    return openSync(path, 'r');
  } catch {
    return undefined;
  }
}

/** Reads up to `length` bytes from the start of a file into the start of `buffer`; answers how many came. */
function readInto(fd, buffer, length) {
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buffer, done, length - done, done);
    if (n === 0) break;
    done += n;
  }
  return done;
}

/** The cache an open cache file holds for this identity, read into `buffer`: V8's data and the modes it covers. */
function readCache(fd, buffer, identity) {
  try {
    const length = readInto(fd, buffer, buffer.length);
    if (length <= HEADER_BYTES || !buffer.subarray(0, identity.length).equals(identity)) return undefined;
    return { modes: buffer[identity.length], data: buffer.subarray(HEADER_BYTES, length) };
  } catch {
    return undefined;
  }
}

/**
 * The bundle's text, its identity and the cached data kept for it; undefined when it cannot be read. Both files
 * go through one buffer: the bundle's bytes are done with once they are a string, and each page of a fresh
 * 1 MB buffer is a page fault (11-15 us each on the 2-core machine; ~7 ms of a start for the cache's own).
 */
function readBundle() {
  const fd = openOrUndefined(bundle);
  if (fd === undefined) return undefined;
  const cacheFd = openOrUndefined(cacheFile);
  try {
    const stat = fstatSync(fd, { bigint: true });
    const identity = identityOf(stat);
    const size = Number(stat.size);
    // V8's cache for this bundle is a little smaller than it; a cache file far larger is damaged, and is not
    // read (it is written anew) rather than given a buffer of its size.
    const cacheSize = cacheFd === undefined ? 0 : fstatSync(cacheFd).size;
    const usable = cacheSize > 0 && cacheSize <= 2 * size;
    const buffer = Buffer.allocUnsafeSlow(Math.max(size, usable ? cacheSize : 0));
    const source = buffer.toString('utf8', 0, readInto(fd, buffer, size));
    return { source, identity, cache: usable ? readCache(cacheFd, buffer, identity) : undefined };
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
    if (cacheFd !== undefined) closeSync(cacheFd);
  }
}

function writeCache(script, identity, modes) {
  const temp = `${cacheFile}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, Buffer.concat([identity, Buffer.of(modes), script.createCachedData()]));
    renameSync(temp, cacheFile);
  } catch {
    // A read-only install still runs, only without the cache.
    rmSync(temp, { force: true });
  }
}

const read = readBundle();
if (read === undefined) {
  process.stderr.write('ferry: the command line is not built yet; run `npm run build` in the Ferry checkout\n');
  process.exit(1);
}
const { source, identity, cache } = read;
const script = new Script(source, { filename: bundle, ...(cache && { cachedData: cache.data }) });
const mode = modeOf(process.argv[2]);
const covered = cache === undefined || script.cachedDataRejected ? 0 : cache.modes;
if (mode !== 0 && (covered & mode) === 0) process.once('exit', () => writeCache(script, identity, covered | mode));
const bundleModule = new Module(bundle, module);
bundleModule.filename = bundle;
bundleModule.paths = Module._nodeModulePaths(dirname(bundle));
script.runInThisContext()(bundleModule.exports, Module.createRequire(bundle), bundleModule, bundle, dirname(bundle));
