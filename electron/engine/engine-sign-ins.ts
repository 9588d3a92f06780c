import type { SignInStarted, TokenTrialResult } from '../../shared/api';
import { fail } from '../../shared/errors';
import type { OAuth2Grant } from '../../shared/model';
import type { SignIn, TokenSource } from './workspace';

/**
 * The sign-ins front ends began (`beginSignIn`), by id until their end is asked for (`finishSignIn`). The
 * token source does the sign-in and keeps its token; this only names each so it can be awaited or cancelled.
 */
export function createSignIns(tokens: TokenSource) {
  const signIns = new Map<string, SignIn>();
  let count = 0;

  const get = (signInId: string): SignIn => signIns.get(signInId) ?? fail('NOT_FOUND', `no sign-in with id ${signInId}`);

  return {
    async begin(variable: string, grant: OAuth2Grant): Promise<SignInStarted> {
      const signIn = await tokens.signIn(variable, grant);
      const signInId = `sign-in-${++count}`;
      signIns.set(signInId, signIn);
      return { signInId, url: signIn.url, ...(signIn.redirectUri !== undefined && { redirectUri: signIn.redirectUri }), ...(signIn.userCode !== undefined && { userCode: signIn.userCode }) };
    },

    /** Once answered, the sign-in is forgotten: its token is the token source's now. */
    async finish(signInId: string): Promise<TokenTrialResult> {
      const signIn = get(signInId);
      try {
        const { expiresInS } = await signIn.done;
        return expiresInS === undefined ? {} : { expiresInS };
      } finally {
        signIns.delete(signInId);
      }
    },

    cancel(signInId: string): void {
      get(signInId).cancel();
    },

    dispose(): void {
      for (const signIn of signIns.values()) signIn.cancel();
      signIns.clear();
    },
  };
}
