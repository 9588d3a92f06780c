import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { FerryStore } from './ferry-store';
import type { FerryState } from './types';

const StoreContext = createContext<FerryStore | null>(null);

export function FerryStoreProvider({ store, children }: { store: FerryStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

export function useFerryStore(): FerryStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useFerryStore outside FerryStoreProvider');
  return store;
}

/** Selects one slice of state; select single fields (or use useShallow) so unrelated updates do not re-render. */
export function useFerry<T>(selector: (state: FerryState) => T): T {
  return useStore(useFerryStore(), selector);
}
