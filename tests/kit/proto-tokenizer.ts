/**
 * Vitest setup: the engine's tests load protobufjs from node_modules, so it gets Ferry's tokenizer as the
 * desktop app's main process does (electron/engine/proto-tokenizer-first.ts); the `ferry` bundle has it built
 * in. Runs before each test file, and so before protobufjs is first required in the worker.
 */
import { createRequire } from 'node:module';
import { installProtoTokenizer } from '../../electron/engine/schema/install-proto-tokenizer';

if (!installProtoTokenizer(createRequire(import.meta.url))) {
  throw new Error("protobufjs was loaded before the test setup could give it Ferry's tokenizer");
}
