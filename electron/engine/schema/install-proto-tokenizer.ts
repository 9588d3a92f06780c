import Module from 'node:module';
import { tokenize } from './proto-tokenizer';

/** The CommonJS module id of protobufjs's own tokenizer, which its parser requires as `./tokenize`. */
export const PROTOBUF_TOKENIZER_MODULE = 'protobufjs/src/tokenize.js';

/**
 * Puts proto-tokenizer.ts in Node's module cache in place of protobufjs's own tokenizer, for code that loads
 * protobufjs from node_modules (the desktop app's main process, the tests); the `ferry` bundle has it built
 * in instead (scripts/proto-tokenizer-plugin.mjs). It must run before protobufjs is first required, since
 * its parser keeps the tokenizer it required. Returns whether protobufjs's parser uses ours.
 */
export function installProtoTokenizer(require: NodeJS.Require): boolean {
  let path: string;
  try {
    path = require.resolve(PROTOBUF_TOKENIZER_MODULE);
  } catch {
    // A protobufjs laid out otherwise keeps its own tokenizer, which gives the same results, only slower.
    return false;
  }
  const loaded = require.cache[path];
  if (loaded) return loaded.exports === tokenize;
  const module = new Module(path);
  module.filename = path;
  module.loaded = true;
  module.exports = tokenize;
  require.cache[path] = module;
  return true;
}
