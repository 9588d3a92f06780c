// An esbuild plugin that gives the bundle one copy of protobufjs's exports instead of one per module that
// imports it. esbuild turns each ES module's `import protobuf from 'protobufjs'` (a CommonJS package) into
// a `__toESM` copy of its own: a getter made for each of the package's 31 exports. 30 of Ferry's modules
// import it, and the copies were ~3.4 ms of every `ferry call`'s start-up on the 2-core machine. Here every
// such import resolves to one ES module that imports protobufjs and re-exports it, so the copy is made once
// and the importers bind to that module's exports. Imports from inside node_modules are left alone.
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const NAMESPACE = 'one-protobufjs-import';

export const oneProtobufjsImport = {
  name: NAMESPACE,
  setup(build) {
    build.onResolve({ filter: /^protobufjs$/ }, (args) => {
      if (args.namespace === NAMESPACE || /[\\/]node_modules[\\/]/.test(args.importer)) return undefined;
      return { path: args.path, namespace: NAMESPACE };
    });
    build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => ({
      contents: `export * from ${JSON.stringify(args.path)};\nexport { default } from ${JSON.stringify(args.path)};\n`,
      loader: 'js',
      resolveDir: ROOT,
    }));
  },
};
