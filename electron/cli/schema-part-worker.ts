import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { runSchemaPart } from '../engine';

/** Runs the part this worker thread was started for; `otherwise` when this is no such thread after all. */
export function runSchemaPartIfWorker(otherwise: () => void): void {
  if (isMainThread) return otherwise();
  runSchemaPart((workerData as { ferrySchemaPart?: unknown } | undefined)?.ferrySchemaPart, parentPort!);
}
