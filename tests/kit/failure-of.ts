/** Test-only: the FerryError an action fails with, so a test can assert on its code, message and details. */
import { FerryFailure, type FerryError } from '../../shared/errors';

/** The error `action` throws (a FerryFailure); fails the test when it returns or throws anything else. */
export function failureOf(action: () => unknown): FerryError {
  try {
    action();
  } catch (reason) {
    if (reason instanceof FerryFailure) return reason.error;
    throw reason;
  }
  throw new Error('expected a FerryFailure, but it returned');
}

/** The error `promise` rejects with (a FerryFailure); fails the test when it resolves or rejects otherwise. */
export async function rejectionOf(promise: Promise<unknown>): Promise<FerryError> {
  try {
    await promise;
  } catch (reason) {
    if (reason instanceof FerryFailure) return reason.error;
    throw reason;
  }
  throw new Error('expected a FerryFailure, but it resolved');
}
