import { describe, expect, it } from 'vitest';
import type { FerryApi } from '../../shared/api';
import { MAX_RECORDED_MESSAGES, recordedAnswer } from './mock-recording';

// These answers are decided before anything is asked of the engine: an api that is never called.
const unused = {} as FerryApi;

describe('recordedAnswer', () => {
  it('takes the shown unary response as it is, and says what it cannot record', async () => {
    expect(await recordedAnswer(unused, { callId: 'c', kind: 'unary', received: 1 }, '{"id": "o-1"}')).toEqual({ ok: true, answer: { response: { id: 'o-1' } } });
    expect(await recordedAnswer(unused, { callId: 'c', kind: 'bidi', received: 2 }, undefined)).toEqual({
      ok: false,
      text: 'Only a unary or server-stream call can be added to the mock: the mock answers a client or bidi stream by its cases alone.',
    });
    expect(await recordedAnswer(unused, { callId: 'c', kind: 'server-stream', received: MAX_RECORDED_MESSAGES + 1 }, undefined)).toEqual({
      ok: false,
      text: `The stream received ${MAX_RECORDED_MESSAGES + 1} messages; the mock's responses take a recorded stream of at most ${MAX_RECORDED_MESSAGES} (ferry mock --record takes any).`,
    });
    expect(await recordedAnswer(unused, { callId: 'c', kind: 'unary', received: 0 }, undefined)).toEqual({ ok: false, text: 'The call has neither a response nor an error to record.' });
  });
});
