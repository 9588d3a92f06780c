import type { StateCreator } from 'zustand/vanilla';
import type { FerryState, UiSlice } from './types';

/** The message ws-client and the IPC client give when the transport itself is gone. */
function isTransportLost(code: string, message: string): boolean {
  return code === 'UNAVAILABLE' && /connection to Ferry/i.test(message);
}

export const createUiSlice: StateCreator<FerryState, [], [], UiSlice> = (set, get) => ({
  ui: { theme: 'dark', backend: 'unknown', serviceFilter: '', shortcutsOpen: false },
  setTheme: (theme) => set((s) => ({ ui: { ...s.ui, theme } })),
  setServiceFilter: (serviceFilter) => set((s) => ({ ui: { ...s.ui, serviceFilter } })),
  selectMethod: (selectedMethod) => set((s) => ({ ui: selectedMethod === undefined ? withoutSelection(s.ui) : { ...s.ui, selectedMethod } })),
  setShortcutsOpen: (shortcutsOpen) => set((s) => ({ ui: { ...s.ui, shortcutsOpen } })),
  noteBackend(result) {
    const backend = !result.ok && isTransportLost(result.error.code, result.error.message) ? 'lost' : 'ok';
    if (get().ui.backend !== backend) set((s) => ({ ui: { ...s.ui, backend } }));
  },
});

function withoutSelection(ui: UiSlice['ui']): UiSlice['ui'] {
  const { selectedMethod: _dropped, ...rest } = ui;
  return rest;
}
