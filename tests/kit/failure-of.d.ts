/** Test-only: the FerryError an action fails with, so a test can assert on its code, message and details. */
import { type FerryError } from '../../shared/errors';
/** The error `action` throws (a FerryFailure); fails the test when it returns or throws anything else. */
export declare function failureOf(action: () => unknown): FerryError;
/** The error `promise` rejects with (a FerryFailure); fails the test when it resolves or rejects otherwise. */
export declare function rejectionOf(promise: Promise<unknown>): Promise<FerryError>;
