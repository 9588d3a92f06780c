import { createStore, type StoreApi } from 'zustand/vanilla';
import type { FerryApi } from '../../shared/api';
import { createConnectionSlice } from './connection-slice';
import { createEditorSlice } from './editor-slice';
import { createMockSlice } from './mock-slice';
import { createRestoreSlice } from './restore-session';
import { createSchemaSlice } from './schema-slice';
import { createSessionsSlice } from './sessions-slice';
import type { FerryState, SliceContext } from './types';
import { createUiSlice } from './ui-slice';
import { createWorkspaceSlice } from './workspace-slice';

export type FerryStore = StoreApi<FerryState>;

export interface FerryStoreOptions {
  /** Wall clock for the deadline countdown; tests pass a fake. */
  now?: () => number;
}

/**
 * The renderer's one store. Every effect goes through `api`, so a test can hand in a fake or the
 * WebSocket client of a running `ferry serve`; nothing here touches `window`.
 */
export function createFerryStore(api: FerryApi, options: FerryStoreOptions = {}): FerryStore {
  let counter = 0;
  const ctx: SliceContext = { api, now: options.now ?? Date.now, nextId: (prefix) => `${prefix}-${++counter}` };
  const dropped = new Set<string>();
  let store: FerryStore | undefined = undefined;
  // A session the UI lets go of (its tab closed, or sent again) is released in the engine too: the engine
  // cancels the call if it still runs and frees its memory and spill files.
  const dropCall = (callId: string) => {
    dropped.add(callId);
    void api.releaseCall(callId);
    store?.setState((s) => {
      if (!(callId in s.sessions)) return {};
      const { [callId]: _gone, ...sessions } = s.sessions;
      return { sessions };
    });
  };
  store = createStore<FerryState>()((...a) => ({
    ...createConnectionSlice(ctx)(...a),
    ...createSchemaSlice(ctx)(...a),
    ...createEditorSlice(ctx, { dropCall })(...a),
    ...createSessionsSlice(ctx, { isDropped: (callId) => dropped.has(callId) })(...a),
    ...createUiSlice(...a),
    ...createWorkspaceSlice(ctx)(...a),
    ...createRestoreSlice(ctx)(...a),
    ...createMockSlice(ctx)(...a),
  }));
  return store;
}
