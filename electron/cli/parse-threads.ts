import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { ParseThreads, PartJob, PartOutcome, PartThread } from '../engine';
import { SCHEMA_PART_ENV } from './schema-part-env';
import type { PartMessage } from './schema-part-worker';

/** More parts parse more imports more than once. */
const MAX_PARTS = 4;

/**
 * Below this the split costs more than it gains on the 2-core machine: a worker's start, the imports both
 * parts parse, the merge, and two heaps collected at once. googleapis's 64 MB and google/cloud's 41 MB
 * loaded ~12% sooner in two threads, 18 MB of google/cloud ~10% later (docs/PERFORMANCE.md).
 */
const SPLIT_MIN_BYTES = 32 * 1024 * 1024;

/**
 * Worker threads for large loads (engine/schema/split-load.ts), one part each. A worker runs bin/ferry.js,
 * which loads the bundle through its code cache, and the bundle runs the part (see main.ts).
 * FERRY_PARSE_THREADS=N (a whole number from 1, at most 16) splits every load to be stored into N parts,
 * whatever its size; 1 never splits.
 */
export function cliParseThreads(env: NodeJS.ProcessEnv = process.env): ParseThreads {
  const given = Number(env.FERRY_PARSE_THREADS);
  if (env.FERRY_PARSE_THREADS !== undefined && Number.isSafeInteger(given) && given >= 1) return { count: Math.min(given, 16), minBytes: 0, start: startPart };
  return { count: Math.min(availableParallelism(), MAX_PARTS), minBytes: SPLIT_MIN_BYTES, start: startPart };
}

// bin/ferry.js from the bundle (dist/cli) and from the sources (electron/cli) alike.
const SCRIPT = join(__dirname, '..', '..', 'bin', 'ferry.js');

function startPart(job: PartJob): PartThread {
  let worker: Worker;
  try {
    // Required here: a command whose load is not split never loads worker_threads.
    const { Worker: WorkerThread } = require('node:worker_threads') as typeof import('node:worker_threads');
    worker = new WorkerThread(SCRIPT, { workerData: { ferrySchemaPart: job }, argv: [], env: { ...process.env, [SCHEMA_PART_ENV]: '1' } });
  } catch {
    // No thread to be had: the load is parsed in one.
    const none = Promise.resolve(undefined);
    return { parsed: none, outcome: () => none, stop: () => undefined };
  }
  let parsed!: (files: string[] | undefined) => void;
  let outcome!: (outcome: PartOutcome | undefined) => void;
  const answers = { parsed: new Promise<string[] | undefined>((resolve) => (parsed = resolve)), outcome: new Promise<PartOutcome | undefined>((resolve) => (outcome = resolve)) };
  // Settling a promise twice is a no-op, so a failure after an answer changes nothing.
  const failed = () => {
    parsed(undefined);
    outcome(undefined);
  };
  worker.on('message', (message: PartMessage) => {
    if (message.kind === 'parsed') parsed(message.files);
    else if (message.kind === 'outcome') outcome(message.outcome);
    else failed();
  });
  worker.on('error', failed);
  worker.on('exit', failed);
  return {
    parsed: answers.parsed,
    outcome: (excluded) => {
      worker.postMessage({ excluded });
      return answers.outcome;
    },
    stop: () => void worker.terminate(),
  };
}
