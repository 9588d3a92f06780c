import { isServerStreaming, type MetadataEntry } from '../../shared/model';
import { fail } from '../../shared/errors';
import { formatJson } from './codec';
import type { CallSession } from './calls';
import type { CallOutcome } from './workspace';

/**
 * A finished call's outcome as assertions see it, read from the session the engine recorded. Responses
 * are decoded now (the engine decodes nothing before someone asks).
 */
export function sessionOutcome(callId: string, session: CallSession): CallOutcome {
  const last = session.status === undefined ? undefined : session.event(session.eventCount);
  if (last?.type !== 'call.ended') return fail('FAILED_PRECONDITION', `call ${callId} is still running: assertions are checked once it ends`);
  const ended = last;
  const received = session.messageCount('received');
  const responses: unknown[] = [];
  for (let index = 0; index < received; index++) {
    const json = session.messageJson('received', index);
    if (!json.ok) return fail(json.error.code, `response ${index + 1}: ${json.error.message}`, json.error.details);
    // Through text, as `ferry run` sees it: lossless numbers become plain JSON values.
    responses.push(JSON.parse(formatJson(json.value)));
  }
  const { status, timings } = ended;
  return {
    status: { code: status.code, name: status.name, message: status.message },
    responses,
    streamingResponses: isServerStreaming(session.method.kind),
    totalMs: timings.totalMs ?? ended.timeMs,
    headers: metadataEvent(session, 'call.headers-received', 1, 1),
    trailers: metadataEvent(session, 'call.trailers-received', session.eventCount - 1, -1),
  };
}

/**
 * Headers come before the first message and trailers just before the end, so a few events from either end
 * find them without reading a long stream's events from disk.
 */
function metadataEvent(session: CallSession, type: 'call.headers-received' | 'call.trailers-received', from: number, step: 1 | -1): MetadataEntry[] {
  for (let seq = from, looked = 0; seq >= 1 && seq <= session.eventCount && looked < NEAR_THE_ENDS; seq += step, looked++) {
    const event = session.event(seq);
    if (event?.type === type) return event.metadata;
    if (event?.type === 'call.message-received' || event?.type === 'call.ended') break;
  }
  return [];
}

const NEAR_THE_ENDS = 8;
