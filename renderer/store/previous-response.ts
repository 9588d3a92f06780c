import { messageKey, type FerryState } from './types';

/** A larger response is not kept to compare with: the tab would hold it twice. */
const COMPARED_RESPONSE_CHARS = 1_000_000;

/** The JSON text of the last response a call shows in its tab (once the Response view has loaded it). */
export function shownResponse(state: FerryState, callId: string | undefined): string | undefined {
  const session = callId === undefined ? undefined : state.sessions[callId];
  if (!session || session.receivedCount === 0) return undefined;
  const entry = state.messages[messageKey(session.callId, 'received', session.receivedCount - 1)];
  return entry?.status === 'ok' && entry.value.json.length <= COMPARED_RESPONSE_CHARS ? entry.value.json : undefined;
}
