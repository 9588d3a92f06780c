/**
 * What every step of a connection check shares: how a step is written down, how long it may take, and how a
 * later step says that an earlier one it needs has failed.
 */
import { FerryFailure, ferryError } from '../../../shared/errors';
import type { CheckOutcome, CheckStep, CheckStepName, ConnectionCheck } from '../../../shared/model';
import { monotonicMs } from '../monotonic-clock';

/** What a check runs under: one time limit per step, and the engine's signal to give up (it is closing). */
export interface CheckContext {
  timeoutMs: number;
  signal: AbortSignal;
}

/** A step's wait ran past `CheckContext.timeoutMs`: a finding of that step, never a failure of the command. */
export class TimedOut extends Error {
  constructor(readonly ms: number) {
    super(`no answer within ${seconds(ms)}`);
    this.name = 'TimedOut';
  }
}

export function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

/** A stopwatch for a step: `elapsed()` is what `durationMs` holds. */
export function stopwatch(): { elapsed(): number } {
  const start = monotonicMs();
  return { elapsed: () => Math.round((monotonicMs() - start) * 10) / 10 };
}

/** The engine stopped the check (it is closing): not a finding, the end of the command. */
export class CheckCancelled extends FerryFailure {}

export function cancelled(): CheckCancelled {
  return new CheckCancelled(ferryError('CANCELLED', 'the connection check was stopped: the engine is closing'));
}

/**
 * What `start` brings, or a TimedOut after the step's time limit, or CANCELLED once the engine stops the check.
 * `stop` is aborted in both cases so `start` can let go of what it opened; what it brings after that (a socket
 * that connected late) goes to `late`, so nothing is left open.
 */
export function within<T>(context: CheckContext, start: (stop: AbortSignal) => Promise<T>, late?: (value: T) => void): Promise<T> {
  const stop = new AbortController();
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const finish = (settle: () => void): boolean => {
      if (settled) return false;
      settled = true;
      clearTimeout(timer);
      context.signal.removeEventListener('abort', abort);
      settle();
      return true;
    };
    const giveUp = (reason: Error) => {
      if (finish(() => reject(reason))) stop.abort();
    };
    const abort = () => giveUp(cancelled());
    const timer = setTimeout(() => giveUp(new TimedOut(context.timeoutMs)), context.timeoutMs);
    context.signal.addEventListener('abort', abort, { once: true });
    if (context.signal.aborted) return abort();
    // A synchronous throw of `start` rejects too.
    new Promise<T>((started) => started(start(stop.signal))).then(
      (value) => {
        if (!finish(() => resolve(value))) late?.(value);
      },
      (reason: unknown) => void finish(() => reject(reason)),
    );
  });
}

export function isCancel(reason: unknown): reason is CheckCancelled {
  return reason instanceof CheckCancelled;
}

type StepExtras = Partial<Pick<CheckStep, 'advice' | 'durationMs'>>;

export function step(name: CheckStepName, outcome: CheckOutcome, summary: string, extras: StepExtras = {}): CheckStep {
  return {
    step: name,
    outcome,
    summary,
    ...(extras.advice !== undefined && { advice: extras.advice }),
    ...(extras.durationMs !== undefined && { durationMs: extras.durationMs }),
  };
}

/** A step not tried because one it depends on failed. */
export function skippedAfter(name: CheckStepName, failed: CheckStepName): CheckStep {
  return step(name, 'skipped', `not checked: the ${failed} step failed`);
}

/** The worst outcome of the steps: `failed`, else `warning`, else `ok` (skipped steps count for nothing). */
export function overallOutcome(steps: readonly CheckStep[]): ConnectionCheck['outcome'] {
  if (steps.some((s) => s.outcome === 'failed')) return 'failed';
  return steps.some((s) => s.outcome === 'warning') ? 'warning' : 'ok';
}

/**
 * A network error's system code (`ECONNREFUSED`, `ERR_SSL_WRONG_VERSION_NUMBER`). Node's happy-eyeballs
 * connect rejects with an AggregateError of one error per address: the first one's code stands for them.
 */
export function errorCode(reason: unknown): string | undefined {
  const code = (reason as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  const inner = (reason as { errors?: unknown } | null)?.errors;
  return Array.isArray(inner) && inner.length > 0 ? errorCode(inner[0]) : undefined;
}

/** The error's text without OpenSSL's source locations (`…:error:0A00010B:SSL routines:…:wrong version number:…`). */
export function errorText(reason: unknown): string {
  const message = reason instanceof Error ? reason.message : String(reason);
  const ssl = /SSL routines:[^:]*:([^:\n]+)/.exec(message);
  return (ssl ? ssl[1]! : message).trim();
}
