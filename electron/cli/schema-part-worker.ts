import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { describeFerryError, toFerryError } from '../../shared/errors';
import { parsePart, partOutcome, type ParsedPart, type PartJob, type PartOutcome } from '../engine';

/** What a part's worker tells the thread that started it (see parse-threads.ts). */
export type PartMessage = { kind: 'parsed'; files: string[] } | { kind: 'outcome'; outcome: PartOutcome } | { kind: 'failed'; why: string };

function isPartJob(value: unknown): value is PartJob {
  const job = value as Partial<PartJob> | undefined;
  const strings = (list: unknown) => Array.isArray(list) && list.every((item) => typeof item === 'string');
  return strings(job?.files) && strings(job?.importPaths);
}

/** Runs the part this worker thread was started for; `otherwise` when this is no such thread after all. */
export function runSchemaPartIfWorker(otherwise: () => void): void {
  if (isMainThread) return otherwise();
  runSchemaPart((workerData as { ferrySchemaPart?: unknown } | undefined)?.ferrySchemaPart);
}

/**
 * Runs one part of a split load in this worker: parses, says which files it parsed, then waits to hear
 * which of them earlier parts wrote and answers with the units of the rest (their text moved, not copied).
 */
function runSchemaPart(job: unknown): void {
  const port = parentPort!;
  const failed = (reason: unknown) => port.postMessage({ kind: 'failed', why: describeFerryError(toFerryError(reason)) } satisfies PartMessage);
  if (!isPartJob(job)) return failed('not a part of a load');
  let part: ParsedPart;
  try {
    part = parsePart(job);
  } catch (reason) {
    return failed(reason);
  }
  port.postMessage({ kind: 'parsed', files: [...part.parsed] } satisfies PartMessage);
  port.once('message', (message: { excluded?: unknown }) => {
    try {
      const excluded = Array.isArray(message.excluded) ? message.excluded : [];
      const outcome = partOutcome(part, new Set(excluded));
      port.postMessage({ kind: 'outcome', outcome } satisfies PartMessage, outcome.batch.text.map((piece) => piece.buffer as ArrayBuffer));
    } catch (reason) {
      failed(reason);
    }
  });
}
