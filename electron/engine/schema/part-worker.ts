import { describeFerryError, toFerryError } from '../../../shared/errors';
import { parsePart, partOutcome, type ParsedPart, type PartJob, type PartOutcome } from './parse-part';

/** What a part's worker tells the thread that started it (see part-threads.ts). */
export type PartMessage = { kind: 'parsed'; files: string[] } | { kind: 'outcome'; outcome: PartOutcome } | { kind: 'failed'; why: string };

/** The worker's end of its channel to the thread that started it (`parentPort`). */
export interface PartPort {
  postMessage(message: PartMessage, transfer?: ArrayBuffer[]): void;
  once(event: 'message', listener: (message: { excluded?: unknown }) => void): unknown;
}

function isPartJob(value: unknown): value is PartJob {
  const job = value as Partial<PartJob> | undefined;
  const strings = (list: unknown) => Array.isArray(list) && list.every((item) => typeof item === 'string');
  return strings(job?.files) && strings(job?.importPaths);
}

/**
 * Runs one part of a split load in a worker thread: parses, says which files it parsed, then waits to hear
 * which of them earlier parts wrote and answers with the units of the rest (their text moved, not copied).
 * Each front end's worker entry calls this with its `workerData` job and `parentPort`: the command line's
 * bundle (cli/schema-part-worker.ts) and the desktop app's own file (main/schema-part-thread.ts).
 */
export function runSchemaPart(job: unknown, port: PartPort): void {
  const failed = (reason: unknown) => port.postMessage({ kind: 'failed', why: describeFerryError(toFerryError(reason)) });
  if (!isPartJob(job)) return failed('not a part of a load');
  let part: ParsedPart;
  try {
    part = parsePart(job);
  } catch (reason) {
    return failed(reason);
  }
  port.postMessage({ kind: 'parsed', files: [...part.parsed] });
  port.once('message', (message) => {
    try {
      const excluded = Array.isArray(message.excluded) ? message.excluded : [];
      const outcome = partOutcome(part, new Set(excluded));
      port.postMessage({ kind: 'outcome', outcome }, outcome.batch.text.map((piece) => piece.buffer as ArrayBuffer));
    } catch (reason) {
      failed(reason);
    }
  });
}
