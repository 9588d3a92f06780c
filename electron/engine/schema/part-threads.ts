import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { PartJob, PartOutcome } from './parse-part';
import type { PartMessage } from './part-worker';
import type { ParseThreads, PartThread } from './split-load';

/** More parts parse more imports more than once. */
const MAX_PARTS = 4;

/**
 * Below this the split costs more than it gains on the 2-core machine: a worker's start, the imports both
 * parts parse, the merge, and two heaps collected at once. googleapis's 64 MB and google/cloud's 41 MB
 * loaded ~12% sooner in two threads, 18 MB of google/cloud ~10% later (docs/PERFORMANCE.md).
 */
const SPLIT_MIN_BYTES = 32 * 1024 * 1024;

export interface WorkerScript {
  /** The file a part's worker thread runs; it hands its job to `runSchemaPart` (part-worker.ts). */
  path: string;
  /** Set in each worker's environment on top of this process's. */
  env?: Record<string, string>;
}

/**
 * Worker threads for large loads (split-load.ts), one part each, running `script`. One per core, up to
 * four, for loads of 32 MiB or more. FERRY_PARSE_THREADS=N (a whole number from 1, at most 16) splits every
 * load to be stored into N parts, whatever its size; 1 never splits.
 */
export function workerParseThreads(script: WorkerScript, env: NodeJS.ProcessEnv = process.env): ParseThreads {
  const start = (job: PartJob) => startPart(script, job);
  const given = Number(env.FERRY_PARSE_THREADS);
  if (env.FERRY_PARSE_THREADS !== undefined && Number.isSafeInteger(given) && given >= 1) return { count: Math.min(given, 16), minBytes: 0, start };
  return { count: Math.min(availableParallelism(), MAX_PARTS), minBytes: SPLIT_MIN_BYTES, start };
}

function startPart(script: WorkerScript, job: PartJob): PartThread {
  let worker: Worker;
  try {
    // Required here: a process whose loads are not split never loads worker_threads.
    const { Worker: WorkerThread } = require('node:worker_threads') as typeof import('node:worker_threads');
    worker = new WorkerThread(script.path, { workerData: { ferrySchemaPart: job }, argv: [], env: { ...process.env, ...script.env } });
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
