import type { HistoryQuery } from '../../shared/api';
import { unwrap } from '../../shared/errors';
import type { CallEvent, HistoryEntry, MetadataEntry, ProtocolChoice } from '../../shared/model';
import type { CallSession } from './calls';
import { formatJson } from './codec';
import { createHistoryStore, type HistoryStore } from './workspace';

interface CallStart extends ProtocolChoice {
  method: string;
  target: string;
  metadata: MetadataEntry[];
  deadlineMs?: number;
}

interface PendingCall {
  /** Kept as given, not copied: a spread copy of it per call showed in unary profiles. */
  call: CallStart;
  /** Date.now() at the start; turned into text only when the entry is written. */
  startedAt: number;
  messages: string[];
  /** Secret values substituted into the call: redacted in its entry. */
  secretValues: string[];
}

export interface CallRecorder {
  begin(callId: string, call: CallStart, firstBody?: string): void;
  /** Secret values that went into the call (by variable substitution), redacted when it is recorded. */
  redact(callId: string, secretValues: readonly string[]): void;
  sent(callId: string, body: string): void;
  /** Called with each batch; records the call when the batch holds its end. */
  observe(callId: string, events: readonly CallEvent[], session: CallSession | undefined): void;
  list(query: HistoryQuery): Promise<HistoryEntry[]>;
  clear(): Promise<void>;
  /** Resolves once every call recorded so far is written (see `HistoryStore.flush`). */
  flush(): Promise<void>;
}

/**
 * Records every call the engine runs into the history store of `dataDir` (redacted by the store). Without
 * a data folder nothing is written and the history is empty. A failed append is dropped: history must
 * never break a call. `appended` hears of each entry once it is on disk, so a page can show it.
 */
export function createCallRecorder(dataDir: string | undefined, appended: (entryId: string) => void = () => undefined): CallRecorder {
  const store: HistoryStore | undefined = dataDir === undefined ? undefined : createHistoryStore(dataDir);
  const pending = new Map<string, PendingCall>();

  /** The first responses decoded, as many as an entry keeps (the session's own decode, shared); formatted when the entry is written. */
  function responses(session: CallSession | undefined, count: number): unknown[] {
    const out: unknown[] = [];
    for (let i = 0; store && session && i < Math.min(count, store.maxResponseBodies); i++) {
      const json = session.messageJson('received', i);
      if (json.ok) out.push(json.value);
    }
    return out;
  }

  return {
    begin(callId, call, firstBody) {
      if (!store) return;
      pending.set(callId, { call, startedAt: Date.now(), messages: firstBody === undefined ? [] : [firstBody], secretValues: [] });
    },
    redact(callId, secretValues) {
      pending.get(callId)?.secretValues.push(...secretValues);
    },
    sent(callId, body) {
      pending.get(callId)?.messages.push(body);
    },
    observe(callId, events, session) {
      if (!store) return;
      const ended = events.find((e) => e.type === 'call.ended');
      const recorded = ended && pending.get(callId);
      if (!ended || !recorded) return;
      pending.delete(callId);
      const received = session?.messageCount('received') ?? events.filter((e) => e.type === 'call.message-received').length;
      const { code, name, message } = ended.status;
      const values = responses(session, received);
      const { call } = recorded;
      // Made when the store writes its batch, after the caller has its response: the entry is text, and
      // making it showed in unary profiles.
      const entry = () => ({
        time: new Date(recorded.startedAt).toISOString(),
        method: call.method,
        target: call.target,
        ...(call.protocol && { protocol: call.protocol }),
        ...(call.httpVersion && { httpVersion: call.httpVersion }),
        ...(call.codec && { codec: call.codec }),
        request: { metadata: call.metadata, messages: recorded.messages, ...(call.deadlineMs !== undefined && { deadlineMs: call.deadlineMs }) },
        status: { code, name, message },
        timings: ended.timings,
        response: { messageCount: received, messages: values.map((value) => formatJson(value)) },
      });
      void store.append(entry, recorded.secretValues).then((written) => written.ok && written.value && appended(written.value.id));
    },
    async list(query) {
      if (!store) return [];
      const listed = await store.list(query);
      return unwrap(listed);
    },
    async clear() {
      if (store) unwrap(await store.clear());
    },
    async flush() {
      await store?.flush();
    },
  };
}
