/**
 * What every kind of sign-in shares (the authorization code grant's, `oauth2-sign-in.ts`, and the device
 * grant's, `oauth2-device-sign-in.ts`): its shape for the token source, and its one ending.
 */
import { FerryFailure, type FerryError } from '../../../shared/errors';
import type { TokenAnswer } from './oauth2-token-request';

/** How long a sign-in waits for a person, whatever the grant. */
export const SIGN_IN_TIMEOUT_MS = 5 * 60_000;

export interface SignIn {
  /** The page a person opens: the authorization endpoint with the request's parameters, or the device grant's verification page. */
  url: string;
  /** Authorization code: `http://127.0.0.1:<port>/callback`. */
  redirectUri?: string;
  /** Device code: the code the person enters on the page. */
  userCode?: string;
  /** The token the sign-in brought, or why there is none; whatever it held (listener, polling) is let go either way. */
  done: Promise<TokenAnswer>;
  /** Stops waiting (CANCELLED); a sign-in already ended stays as it ended. */
  cancel(): void;
}

/**
 * The sign-in's one ending: the first of success, failure, cancel and `deadline` (failing with its error once
 * its time is up); `onEnd` lets go of what the sign-in held.
 */
export function settleOnce(onEnd: () => void, deadline: { ms: number; error: FerryError }) {
  let resolve!: (answer: TokenAnswer) => void;
  let reject!: (reason: FerryFailure) => void;
  const done = new Promise<TokenAnswer>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Nobody may ask how a cancelled sign-in ended: that is not an unhandled rejection.
  done.catch(() => undefined);
  const ending = {
    done,
    settled: false,
    succeed: (answer: TokenAnswer) => end(() => resolve(answer)),
    fail: (error: FerryError) => end(() => reject(new FerryFailure(error))),
  };
  const timer = setTimeout(() => ending.fail(deadline.error), deadline.ms);
  function end(settle: () => void): void {
    if (ending.settled) return;
    ending.settled = true;
    clearTimeout(timer);
    settle();
    onEnd();
  }
  return ending;
}

export const duration = (ms: number): string => (ms % 60_000 === 0 ? `${ms / 60_000} minutes` : `${ms / 1000} s`);
