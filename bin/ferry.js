#!/usr/bin/env node
'use strict';
// Runs the bundled command line (dist/cli/ferry.cjs) through a V8 code cache kept beside it: compiling the
// bundle was the largest part of a short command's start-up, and Node 20 has no module compile cache of its
// own (module.enableCompileCache needs 22.1). V8 checks the cache against the source and its own version and
// rejects one from another Node; the cache also starts with the identity of the bundle file it was made from
// (see bundleIdentity), since V8 itself compares only the source's length. A rejected cache is written anew
// at exit. The bundle is already the function CommonJS would wrap it in (scripts/build-cli.mjs), so its text
// is compiled as read.
const { Buffer } = require('node:buffer');
const { closeSync, fstatSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const Module = require('node:module');
const { Script } = require('node:vm');

const bundle = join(__dirname, '..', 'dist', 'cli', 'ferry.cjs');
const cacheFile = `${bundle}.v8cache`;
// Runs that load no command compile little; a cache written by one would leave out most of the code.
const COMMANDS = new Set(['list', 'describe', 'call', 'run', 'serve']);

function readOrUndefined(path) {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/**
 * The bundle file's size, modification and change times and inode. Python trusts size and modification time
 * alone for its .pyc files; the change time is the kernel's, set anew by every write, rename or copy, so a
 * bundle rebuilt, edited or copied in at the same length and with its old modification time does not meet the
 * old cache. A CRC-32 of the 1.25 MB bundle did the same job in ~2 ms of every start.
 */
function bundleIdentity(fd) {
  const stat = fstatSync(fd, { bigint: true });
  const identity = Buffer.alloc(32);
  [stat.size, stat.mtimeNs, stat.ctimeNs, stat.ino].forEach((value, i) => identity.writeBigUInt64BE(value, i * 8));
  return identity;
}

/** The bundle's bytes and identity, read from one open file so the two agree; undefined when it is not built. */
function readBundle() {
  let fd;
  try {
    fd = openSync(bundle, 'r');
  } catch {
    return undefined;
  }
  try {
    return { identity: bundleIdentity(fd), bytes: readFileSync(fd) };
  } finally {
    closeSync(fd);
  }
}

function writeCache(script, identity) {
  const temp = `${cacheFile}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, Buffer.concat([identity, script.createCachedData()]));
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
const { identity } = read;
const source = read.bytes.toString('utf8');
const cache = readOrUndefined(cacheFile);
const cachedData = cache && cache.subarray(0, identity.length).equals(identity) ? cache.subarray(identity.length) : undefined;
const script = new Script(source, { filename: bundle, ...(cachedData && { cachedData }) });
if ((cachedData === undefined || script.cachedDataRejected) && COMMANDS.has(process.argv[2])) process.once('exit', () => writeCache(script, identity));
const bundleModule = new Module(bundle, module);
bundleModule.filename = bundle;
bundleModule.paths = Module._nodeModulePaths(dirname(bundle));
script.runInThisContext()(bundleModule.exports, Module.createRequire(bundle), bundleModule, bundle, dirname(bundle));
