import type { StateCreator } from 'zustand/vanilla';
import type { StoredMessage } from '../../shared/api';
import { ok, type Result } from '../../shared/errors';
import type { ConnectivityState } from '../../shared/model';
import { applyCallBatch, emptySession, findInlineMessage, type SessionView } from './session-view';
import { messageKey, type FerryState, type Loadable, type SessionsSlice, type SliceContext } from './types';

/** Decoded messages kept for the inspector; the engine keeps them, so dropping one only costs a refetch. */
const MESSAGE_CACHE_LIMIT = 500;
/** Events per export slice: a few MB of NDJSON per answer. */
const EXPORT_SLICE = 5_000;

export interface SessionsSliceOptions {
  /** Calls whose sessions were dropped (their tab closed): late events for them are ignored. */
  isDropped: (callId: string) => boolean;
}

export function createSessionsSlice({ api }: SliceContext, options: SessionsSliceOptions): StateCreator<FerryState, [], [], SessionsSlice> {
  return (set, get) => {
    const patchSession = (callId: string, patch: (session: SessionView) => Partial<SessionView>) =>
      set((s) => {
        const session = s.sessions[callId];
        return session ? { sessions: { ...s.sessions, [callId]: { ...session, ...patch(session), version: session.version + 1 } } } : {};
      });
    const noteGone = (callId: string, result: Result<unknown>) => {
      if (!result.ok && result.error.code === 'NOT_FOUND' && get().sessions[callId]?.released === false) patchSession(callId, () => ({ released: true }));
    };
    const putMessage = (key: string, entry: Loadable<StoredMessage>) =>
      set((s) => {
        const messages = { ...s.messages, [key]: entry };
        const keys = Object.keys(messages);
        // Object keys keep insertion order, so the first ones are the oldest.
        for (let i = 0; i < keys.length - MESSAGE_CACHE_LIMIT; i++) delete messages[keys[i] as string];
        return { messages };
      });

    return {
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
          if (event.type === 'history.changed') {
            state.historyChanged();
            continue;
          }
          if (options.isDropped(event.callId)) continue;
          sessions ??= { ...state.sessions };
          const before = sessions[event.callId] ?? emptySession(event.callId);
          if (event.type === 'call.evicted') {
            sessions[event.callId] = { ...before, version: before.version + 1, evicted: { scope: event.scope, reason: event.reason } };
            continue;
          }
          const after = applyCallBatch(before, event.events, event.skipped);
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
        const session = get().sessions[callId];
        const inline = session && findInlineMessage(session, direction, index);
        if (inline) return putMessage(key, { status: 'ok', value: { direction, index, size: inline.size, json: JSON.stringify(inline.message, null, 2) } });
        putMessage(key, { status: 'loading' });
        const result = await api.getMessage(callId, direction, index);
        get().noteBackend(result);
        noteGone(callId, result);
        putMessage(key, result.ok ? { status: 'ok', value: result.value } : { status: 'error', error: result.error });
      },

      async readSessionEvents(callId, query) {
        const result = await api.readEvents(callId, query);
        get().noteBackend(result);
        noteGone(callId, result);
        return result;
      },

      async exportSession(callId, onProgress) {
        // Each slice joins the Blob as it comes: the file is never one JavaScript string.
        let file = new Blob([], { type: 'application/x-ndjson' });
        for (let fromSeq = 1; ; ) {
          const result = await api.exportSession(callId, { fromSeq, limit: EXPORT_SLICE });
          get().noteBackend(result);
          noteGone(callId, result);
          if (!result.ok) return result;
          file = new Blob([file, result.value.ndjson], { type: 'application/x-ndjson' });
          const total = Math.max(get().sessions[callId]?.lastSeq ?? 0, result.value.nextSeq - 1);
          onProgress?.(result.value.nextSeq - 1, total);
          if (result.value.done || result.value.nextSeq === fromSeq) return ok(file);
          fromSeq = result.value.nextSeq;
        }
      },
    };
  };
}
