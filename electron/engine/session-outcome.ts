import { isServerStreaming } from '../../shared/model';
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
  };
}
