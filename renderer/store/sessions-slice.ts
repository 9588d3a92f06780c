import type { StateCreator } from 'zustand/vanilla';
import type { StoredMessage } from '../../shared/api';
import type { ConnectivityState } from '../../shared/model';
import { appendCallEvents, emptySession, type SessionView } from './session-log';
import { messageKey, type FerryState, type Loadable, type SessionsSlice, type SliceContext } from './types';

/** Decoded messages kept for the inspector; the engine keeps them all, so dropping one only costs a refetch. */
const MESSAGE_CACHE_LIMIT = 500;
/** Events per export slice: a few MB of NDJSON per answer. */
const EXPORT_SLICE = 5_000;

export interface SessionsSliceOptions {
  /** Calls whose sessions were dropped (their tab closed): late events for them are ignored. */
  isDropped: (callId: string) => boolean;
}

export function createSessionsSlice({ api }: SliceContext, options: SessionsSliceOptions): StateCreator<FerryState, [], [], SessionsSlice> {
  return (set, get) => ({
    sessions: {},
    messages: {},

    applyEvents(events) {
      if (events.length === 0) return;
      const state = get();
      let sessions: Record<string, SessionView> | undefined;
      let connectivity: ConnectivityState | undefined;
      const ended: string[] = [];
      const connectionId = state.connection.info?.connectionId;
      for (const event of events) {
        if (event.type === 'connectivity.changed') {
          if (event.connectionId === connectionId) connectivity = event.state;
          continue;
        }
        if (event.type === 'workspace.changed') {
          state.workspaceChanged(event.root);
          continue;
        }
        if (options.isDropped(event.callId)) continue;
        sessions ??= { ...state.sessions };
        const before = sessions[event.callId] ?? emptySession(event.callId);
        if (event.type === 'call.evicted') {
          sessions[event.callId] = { ...before, version: before.version + 1, evicted: { scope: event.scope, reason: event.reason } };
          continue;
        }
        const after = appendCallEvents(before, event.events);
        sessions[event.callId] = after;
        if (after.ended && !before.ended) ended.push(event.callId);
      }
      // One set per frame: every subscriber runs once however many events arrived.
      const patch: Partial<FerryState> = {};
      if (sessions) patch.sessions = sessions;
      if (connectivity !== undefined) patch.connection = { ...state.connection, connectivity };
      if (sessions || connectivity !== undefined) set(patch);
      for (const callId of ended) void get().callEnded(callId);
    },

    async loadMessage(callId, direction, index) {
      const key = messageKey(callId, direction, index);
      const cached = get().messages[key];
      if (cached && cached.status !== 'error') return;
      const put = (entry: Loadable<StoredMessage>) =>
        set((s) => {
          const messages = { ...s.messages, [key]: entry };
          const keys = Object.keys(messages);
          // Object keys keep insertion order, so the first ones are the oldest.
          for (let i = 0; i < keys.length - MESSAGE_CACHE_LIMIT; i++) delete messages[keys[i] as string];
          return { messages };
        });
      put({ status: 'loading' });
      const result = await api.getMessage(callId, direction, index);
      get().noteBackend(result);
      put(result.ok ? { status: 'ok', value: result.value } : { status: 'error', error: result.error });
    },

    async exportSession(callId) {
      const parts: string[] = [];
      for (let fromSeq = 1; ; ) {
        const result = await api.exportSession(callId, { fromSeq, limit: EXPORT_SLICE });
        get().noteBackend(result);
        if (!result.ok) return result;
        parts.push(result.value.ndjson);
        if (result.value.done || result.value.nextSeq === fromSeq) return { ok: true, value: parts };
        fromSeq = result.value.nextSeq;
      }
    },
  });
}

