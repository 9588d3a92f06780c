import type { StateCreator } from 'zustand/vanilla';
import { DEFAULT_LAYOUT, resizeLayout } from './layout';
import type { FerryState, UiSlice } from './types';

/** The message ws-client and the IPC client give when the transport itself is gone. */
function isTransportLost(code: string, message: string): boolean {
  return code === 'UNAVAILABLE' && /connection to Ferry/i.test(message);
}

export const createUiSlice: StateCreator<FerryState, [], [], UiSlice> = (set, get) => ({
  ui: { theme: 'dark', themeChoice: 'system', layout: DEFAULT_LAYOUT, backend: 'unknown', serviceFilter: '', shortcutsOpen: false },
  setTheme: (theme) => set((s) => ({ ui: { ...s.ui, theme } })),
  setThemeChoice: (themeChoice) => set((s) => ({ ui: { ...s.ui, themeChoice } })),
  setLayout: (layout) => set((s) => ({ ui: { ...s.ui, layout } })),
  resizePane: (pane, deltaPx, areaPx) => set((s) => ({ ui: { ...s.ui, layout: resizeLayout(s.ui.layout, pane, deltaPx, areaPx) } })),
  togglePane: (pane) =>
    set((s) => {
      const key = pane === 'explorer' ? 'explorerOpen' : 'workspaceOpen';
      return { ui: { ...s.ui, layout: { ...s.ui.layout, [key]: !s.ui.layout[key] } } };
    }),
  setServiceFilter: (serviceFilter) => set((s) => ({ ui: { ...s.ui, serviceFilter } })),
  selectMethod: (selectedMethod) => set((s) => ({ ui: selectedMethod === undefined ? withoutSelection(s.ui) : { ...s.ui, selectedMethod } })),
  setShortcutsOpen: (shortcutsOpen) => set((s) => ({ ui: { ...s.ui, shortcutsOpen } })),
  setNotice: (notice) =>
    set((s) => {
      const { notice: _old, ...ui } = s.ui;
      return { ui: notice === undefined ? ui : { ...ui, notice } };
    }),
  noteBackend(result) {
    const backend = !result.ok && isTransportLost(result.error.code, result.error.message) ? 'lost' : 'ok';
    if (get().ui.backend !== backend) set((s) => ({ ui: { ...s.ui, backend } }));
  },
});

function withoutSelection(ui: UiSlice['ui']): UiSlice['ui'] {
  const { selectedMethod: _dropped, ...rest } = ui;
  return rest;
}
