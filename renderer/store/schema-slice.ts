import type { StateCreator } from 'zustand/vanilla';
import type { MethodSummary } from '../../shared/model';
import type { FerryState, SchemaSlice, SliceContext } from './types';

export function createSchemaSlice({ api }: SliceContext): StateCreator<FerryState, [], [], SchemaSlice> {
  return (set, get) => ({
    schema: { services: [], symbols: {} },

    async describeSymbol(symbol) {
      const connectionId = get().connection.info?.connectionId;
      if (connectionId === undefined || get().schema.symbols[symbol] !== undefined) return;
      const setEntry = (entry: SchemaSlice['schema']['symbols'][string]) =>
        set((s) => ({ schema: { ...s.schema, symbols: { ...s.schema.symbols, [symbol]: entry } } }));
      setEntry({ status: 'loading' });
      const result = await api.describeSymbol(connectionId, symbol);
      get().noteBackend(result);
      setEntry(result.ok ? { status: 'ok', value: result.value } : { status: 'error', error: result.error });
    },

    findMethod(fullName): MethodSummary | undefined {
      for (const service of get().schema.services) {
        const found = service.methods.find((m) => m.fullName === fullName);
        if (found) return found;
      }
      return undefined;
    },
  });
}
