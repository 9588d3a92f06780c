/** Calls whose secret values are remembered; the oldest are forgotten past this. */
const REMEMBERED_CALLS = 10_000;

/**
 * The secret values that went into each call (by variable substitution), for what needs them once the call
 * has started: its captures (a value holding one is taken as a secret capture) and, when the server answers
 * UNAUTHENTICATED, the OAuth 2.0 tokens among them, which are then forgotten.
 */
export function createCallSecrets() {
  const calls = new Map<string, string[]>();
  return {
    add(callId: string, values: readonly string[]): void {
      if (values.length === 0) return;
      const known = calls.get(callId);
      if (known) return void known.push(...values);
      calls.set(callId, [...values]);
      if (calls.size > REMEMBERED_CALLS) calls.delete(calls.keys().next().value!);
    },
    of(callId: string): readonly string[] {
      return calls.get(callId) ?? [];
    },
    forget(callId: string): void {
      calls.delete(callId);
    },
  };
}
