#!/usr/bin/env node
'use strict';
// Runs the bundled command line (dist/cli/ferry.cjs) through a V8 code cache kept beside it: compiling the
// bundle was the largest part of a short command's start-up, and Node 20 has no module compile cache of its
// own (module.enableCompileCache needs 22.1). V8 checks the cache against the source and its own version and
// rejects one from another Node; the cache also starts with a checksum of the bundle it was made from, since
// V8 itself compares only the source's length. A rejected cache is written anew at exit.
const { Buffer } = require('node:buffer');
const { readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const Module = require('node:module');
const { Script } = require('node:vm');
// CRC-32 (zlib, which grpc-js loads anyway) guards against a rebuilt bundle of the same length as well as
// SHA-1 did here, in two thirds of the time (3.0 against 4.5 ms for this bundle): there is no adversary,
// only a stale cache.
const { crc32 } = require('node:zlib');

const bundle = join(__dirname, '..', 'dist', 'cli', 'ferry.cjs');
const cacheFile = `${bundle}.v8cache`;
// Runs that load no command compile little; a cache written by one would leave out most of the code.
const COMMANDS = new Set(['list', 'describe', 'call', 'run', 'serve']);

function readOrUndefined(path, encoding) {
  try {
    return readFileSync(path, encoding);
  } catch {
    return undefined;
  }
}

function writeCache(script, sourceHash) {
  const temp = `${cacheFile}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, Buffer.concat([sourceHash, script.createCachedData()]));
    renameSync(temp, cacheFile);
  } catch {
    // A read-only install still runs, only without the cache.
    rmSync(temp, { force: true });
  }
}

const bytes = readOrUndefined(bundle);
if (bytes === undefined) {
  process.stderr.write('ferry: the command line is not built yet; run `npm run build` in the Ferry checkout\n');
  process.exit(1);
}
// The bytes, not the string: a checksum of a string encodes it again first.
const sourceHash = Buffer.alloc(4);
sourceHash.writeUInt32BE(crc32(bytes));
const source = bytes.toString('utf8');
const cache = readOrUndefined(cacheFile);
const cachedData = cache && cache.subarray(0, sourceHash.length).equals(sourceHash) ? cache.subarray(sourceHash.length) : undefined;
const script = new Script(Module.wrap(source), { filename: bundle, ...(cachedData && { cachedData }) });
if ((cachedData === undefined || script.cachedDataRejected) && COMMANDS.has(process.argv[2])) process.once('exit', () => writeCache(script, sourceHash));
const bundleModule = new Module(bundle, module);
bundleModule.filename = bundle;
bundleModule.paths = Module._nodeModulePaths(dirname(bundle));
script.runInThisContext()(bundleModule.exports, Module.createRequire(bundle), bundleModule, bundle, dirname(bundle));
