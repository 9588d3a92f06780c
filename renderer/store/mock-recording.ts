/** A finished call as the answer a mock case gives (Add to mock): what it answered, read back from the engine. */
import type { FerryApi } from '../../shared/api';
import { describeFerryError } from '../../shared/errors';
import { parseJson } from '../../shared/json';
import { recordedStatus, type CallKind, type CallStatus } from '../../shared/model';
import type { RecordedAnswer } from './mock-responses';

/** A longer stream is no case to write by hand into a responses text; `ferry mock --record` takes any. */
export const MAX_RECORDED_MESSAGES = 100;

type Recorded = { ok: true; answer: RecordedAnswer } | { ok: false; text: string };

/** Every message a stream received, decoded, in order; undefined with why when one is no longer kept. */
async function receivedMessages(api: FerryApi, callId: string, count: number): Promise<{ ok: true; messages: unknown[] } | { ok: false; text: string }> {
  const messages: unknown[] = [];
  for (let index = 0; index < count; index++) {
    const message = await api.getMessage(callId, 'received', index);
    if (!message.ok) return { ok: false, text: `Message ${index + 1} of the stream is no longer kept: ${describeFerryError(message.error)}` };
    messages.push(parseJson(message.value.json));
  }
  return { ok: true, messages };
}

/**
 * What a finished call answered: a unary call's response (`shownJson`, as the page shows it) or its error; a
 * server stream's every message, and its error when it ended with one.
 */
export async function recordedAnswer(api: FerryApi, call: { callId: string; kind: CallKind; status?: CallStatus; received: number }, shownJson: string | undefined): Promise<Recorded> {
  const failed = call.status && call.status.code !== 0 ? { status: recordedStatus(call.status) } : undefined;
  if (call.kind === 'unary') {
    if (shownJson !== undefined) return { ok: true, answer: { response: parseJson(shownJson) } };
    return failed ? { ok: true, answer: failed } : { ok: false, text: 'The call has neither a response nor an error to record.' };
  }
  if (call.kind !== 'server-stream') return { ok: false, text: 'Only a unary or server-stream call can be added to the mock: the mock answers a client or bidi stream by its cases alone.' };
  if (call.received > MAX_RECORDED_MESSAGES) return { ok: false, text: `The stream received ${call.received} messages; the mock's responses take a recorded stream of at most ${MAX_RECORDED_MESSAGES} (ferry mock --record takes any).` };
  const read = await receivedMessages(api, call.callId, call.received);
  if (!read.ok) return read;
  return { ok: true, answer: { responses: read.messages, ...failed } };
}
