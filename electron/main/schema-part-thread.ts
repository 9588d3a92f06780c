// The desktop app's worker thread for a part of a split schema load (engine/schema/split-load.ts), bundled
// beside main.cjs as schema-part-thread.cjs (scripts/build-desktop.mjs). Ferry's tokenizer goes in first, as
// in main.ts: protobufjs keeps the tokenizer it finds when it first loads.
import '../engine/proto-tokenizer-first';
import { parentPort, workerData } from 'node:worker_threads';
import { runSchemaPart } from '../engine';

runSchemaPart((workerData as { ferrySchemaPart?: unknown } | undefined)?.ferrySchemaPart, parentPort!);
