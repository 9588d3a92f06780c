import type { CallStatus } from '../../shared/model';
import { GRPC_STATUS } from '../../shared/util';
import type { TokenSource } from './workspace';

/**
 * A call answered UNAUTHENTICATED makes the engine forget the OAuth 2.0 tokens that went into it: a token
 * revoked, or expired before its `expires_in` said, is asked for anew on the next use instead of being
 * sent again until it would have run out.
 */
export function createTokenRetirement(tokens: TokenSource) {
  // The secret values of calls still running; a token is one of them when the call used one.
  const running = new Map<string, readonly string[]>();
  return {
    used(callId: string, secretValues: readonly string[]): void {
      if (secretValues.length > 0) running.set(callId, [...(running.get(callId) ?? []), ...secretValues]);
    },
    ended(callId: string, status: CallStatus): void {
      const values = running.get(callId);
      running.delete(callId);
      if (values && status.code === GRPC_STATUS.UNAUTHENTICATED) tokens.forget(values);
    },
  };
}
