import { FerryFailure, toFerryError, type FerryError } from './ferry-error';

export type Result<T> = { ok: true; value: T } | { ok: false; error: FerryError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function err<T = never>(error: FerryError): Result<T> {
  return { ok: false, error };
}

/** Runs `fn` and turns anything it throws into an error result. */
export async function attempt<T>(fn: () => Promise<T> | T): Promise<Result<T>> {
  try {
    return ok(await fn());
  } catch (reason) {
    return err(toFerryError(reason));
  }
}

export function attemptSync<T>(fn: () => T): Result<T> {
  try {
    return ok(fn());
  } catch (reason) {
    return err(toFerryError(reason));
  }
}

/** A Result's value, or its error thrown as a FerryFailure for the layer's edge (`attempt`) to turn back into a value. */
export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new FerryFailure(result.error);
  return result.value;
}
