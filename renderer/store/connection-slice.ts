import type { StateCreator } from 'zustand/vanilla';
import { ferryError } from '../../shared/errors';
import { defaultConnectionForm, toConnectionConfig } from './connection-form';
import type { ConnectionSlice, FerryState, SliceContext } from './types';
import { rememberTarget } from './recent-targets';
import { variablesOf } from './variables-of';

export function createConnectionSlice({ api }: SliceContext): StateCreator<FerryState, [], [], ConnectionSlice> {
  return (set, get) => {
    const patchConnection = (patch: Partial<ConnectionSlice['connection']>) => set((s) => ({ connection: { ...s.connection, ...patch } }));

    return {
      connection: { form: defaultConnectionForm(), status: 'idle', reloading: false, recentTargets: [] },

      setRecentTargets: (recentTargets) => patchConnection({ recentTargets }),

      async stageFiles(files) {
        const result = await api.stageFiles(files);
        get().noteBackend(result);
        return result;
      },

      setConnectionForm(patch) {
        set((s) => ({ connection: { ...s.connection, form: { ...s.connection.form, ...patch } } }));
      },

      async connect() {
        const built = toConnectionConfig(get().connection.form);
        if (!built.ok) return patchConnection({ error: ferryError('BAD_INPUT', built.message), failedTarget: get().connection.form.target.trim() });
        const previous = get().connection.status === 'connected' ? get().connection.info : undefined;
        const { error: _error, failedTarget: _failed, changedOnDisk: _changed, ...rest } = get().connection;
        set({ connection: { ...rest, status: 'connecting' } });
        const result = await api.openConnection({ ...built.config, variables: variablesOf(get()) });
        get().noteBackend(result);
        if (!result.ok) {
          // The working connection stays in use until a new one is ready; without one, nothing stale is left.
          if (previous) return patchConnection({ status: 'connected', error: result.error, failedTarget: built.config.target });
          const { info: _gone, connectivity: _state, ...cleared } = get().connection;
          set((s) => ({ connection: { ...cleared, status: 'failed', error: result.error, failedTarget: built.config.target }, schema: { ...s.schema, services: [], symbols: {} } }));
          return;
        }
        // The old channel is useless once a new target answers; tabs move to the new schema below.
        if (previous !== undefined && previous.connectionId !== result.value.connectionId) void api.closeConnection(previous.connectionId);
        const recentTargets = rememberTarget(get().connection.recentTargets, get().connection.form.target);
        patchConnection({ status: 'connected', info: result.value, connectivity: result.value.connectivity, recentTargets });
        set((s) => ({ schema: { ...s.schema, services: result.value.services, symbols: {} } }));
        await get().refreshTemplates();
      },

      async checkConnection() {
        const built = toConnectionConfig(get().connection.form);
        if (!built.ok) return patchConnection({ check: { status: 'error', error: ferryError('BAD_INPUT', built.message) } });
        patchConnection({ check: { status: 'checking' } });
        const result = await api.checkConnection({ ...built.config, variables: variablesOf(get()) });
        get().noteBackend(result);
        patchConnection({ check: result.ok ? { status: 'done', result: result.value } : { status: 'error', error: result.error } });
      },

      closeConnectionCheck() {
        const { check: _closed, ...rest } = get().connection;
        set({ connection: rest });
      },

      async reloadSchema() {
        const info = get().connection.info;
        if (!info || get().connection.reloading) return;
        patchConnection({ reloading: true });
        const result = await api.reloadSchema(info.connectionId);
        get().noteBackend(result);
        if (!result.ok) return patchConnection({ reloading: false, error: result.error, failedTarget: undefined });
        const { error: _dropped, changedOnDisk: _seen, ...rest } = get().connection;
        set((s) => ({
          connection: { ...rest, reloading: false, info: result.value },
          schema: { ...s.schema, services: result.value.services, symbols: {} },
        }));
        await get().refreshTemplates();
      },

      async checkSchemaChanges() {
        const { info, status, reloading } = get().connection;
        if (!info || status !== 'connected' || reloading) return;
        const result = await api.schemaChanges(info.connectionId);
        // A check that fails says nothing: the notice is a hint, and a real problem shows at the next reload.
        if (!result.ok || get().connection.info?.connectionId !== info.connectionId) return;
        const { changedOnDisk: _old, ...rest } = get().connection;
        set({ connection: result.value.length > 0 ? { ...rest, changedOnDisk: result.value } : rest });
      },
    };
  };
}
