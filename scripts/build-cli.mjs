// Bundles the `ferry` command line into dist/cli/ferry.cjs. Runs on `npm ci` (prepare, with the renderer's
// `vite build` for `ferry serve`) so `npx ferry` works in a fresh clone. The npm packages are bundled in too: one file loads faster than a hundred
// (module resolution and reads), and bin/ferry.js keeps a V8 code cache of it (see there). protobufjs
// reaches `fs` and `long` through a dynamic require, which resolves from dist/cli/ to the installed
// node_modules as before. @grpc/proto-loader stays out: grpc-js needs it only for channelz, which Ferry
// never turns on, and it carries its own protobufjs. yaml stays out too: only `ferry import insomnia` of a
// YAML file loads it (from node_modules); in the bundle it made the file 1.52 MB instead of 1.36, read and
// checksummed by every start.
import { build } from 'esbuild';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { buildDefines } from './build-defines.mjs';
import { oneProtobufjsImport } from './one-protobufjs-import-plugin.mjs';
import { protoTokenizer } from './proto-tokenizer-plugin.mjs';

/** What bin/ferry.js passes the bundle's function, in this order. */
const BUNDLE_PARAMETERS = 'exports, require, module, __filename, __dirname';

await build({
  entryPoints: ['electron/cli/main.ts'],
  outfile: 'dist/cli/ferry.cjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['@grpc/proto-loader', 'yaml'],
  sourcemap: true,
  // A bundle with one character outside ASCII is read into a two-byte string: decoding it was ~5 ms of
  // every `ferry` start, and hashing it for the code cache ~3 ms more (bin/ferry.js). esbuild escapes strings,
  // regular expressions and identifiers; the comments it keeps are made ASCII below.
  charset: 'ascii',
  // Every start reads, checksums and decodes the bundle before running it: without whitespace and comments
  // it is 1.25 MB instead of 1.86, and a `ferry call` started ~11 ms sooner. Names are kept, so stacks and
  // the source map stay readable.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  define: await buildDefines(),
  plugins: [protoTokenizer, oneProtobufjsImport],
  // The bundle is the function Node's CommonJS loader would wrap it in, so bin/ferry.js compiles the file's
  // text as it is read. Wrapping it at run time made a 1.25 MB string that V8 copied flat once more before
  // compiling: ~300 page faults, which cost 11-15 us each on the 2-core machine, and ~9 ms of every start.
  banner: { js: `(function (${BUNDLE_PARAMETERS}) {` },
  footer: { js: '})' },
});

const bundle = 'dist/cli/ferry.cjs';
// Left only in comments (charset: 'ascii' escaped the rest); one character for one keeps the source map true.
writeFileSync(bundle, readFileSync(bundle, 'utf8').replace(/[\u0080-\u{10ffff}]/gu, (c) => (c.length === 1 ? '?' : '??')));

// bin/ferry.js would reject the old bundle's code cache anyway; this saves it the check.
rmSync('dist/cli/ferry.cjs.v8cache', { force: true });
