// An esbuild plugin that builds electron/engine/schema/proto-tokenizer.ts into the bundle in place of
// protobufjs's own tokenizer: the same tokens, comments and errors, several times faster (see that file).
// protobufjs requires it as `./tokenize` from its parser and its index, and expects the function itself as
// the module's exports.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const TOKENIZER = fileURLToPath(new URL('../electron/engine/schema/proto-tokenizer.ts', import.meta.url));
const fromProtobufjs = (importer) => /[\\/]node_modules[\\/]protobufjs[\\/]src[\\/][^\\/]+\.js$/.test(importer);

export const protoTokenizer = {
  name: 'proto-tokenizer',
  setup(build) {
    build.onResolve({ filter: /^\.\/tokenize(\.js)?$/ }, (args) => (fromProtobufjs(args.importer) ? { path: 'tokenize', namespace: 'proto-tokenizer' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'proto-tokenizer' }, () => ({
      contents: `module.exports = require(${JSON.stringify(TOKENIZER)}).tokenize;`,
      loader: 'js',
      resolveDir: dirname(TOKENIZER),
    }));
  },
};
