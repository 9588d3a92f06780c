import { useCallback, useRef } from 'react';
import logoUrl from './favicon.svg';
import { ConnectionBar } from '../features/connection';
import { RequestTabs } from '../features/request-tabs';
import { ServiceExplorer } from '../features/service-explorer';
import { Collections, HistoryPanel, WorkspaceBar } from '../features/workspace';
import { useFerry, useFerryStore } from '../store';
import { useGlobalShortcuts } from './shortcuts';
import { ShortcutsHelp } from './shortcuts-help';

function BackendBanner() {
  const backend = useFerry((s) => s.ui.backend);
  if (backend !== 'lost') return null;
  return (
    <div className="banner" role="alert">
      <strong>Not connected to Ferry.</strong> This page needs the Ferry app or <code>ferry serve</code>: run <code>ferry serve</code> and open the URL it prints (it carries
      the access token).
    </div>
  );
}

export function App() {
  const store = useFerryStore();
  const setShortcutsOpen = useFerry((s) => s.setShortcutsOpen);
  const filter = useRef<HTMLInputElement>(null);
  const focusFilter = useCallback(() => {
    filter.current?.focus();
    filter.current?.select();
  }, []);
  useGlobalShortcuts(store, focusFilter);

  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">
          <img className="brand-mark" src={logoUrl} alt="" width={20} height={20} />
          Ferry
        </span>
        <ConnectionBar />
        <button type="button" className="icon-button" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onClick={() => setShortcutsOpen(true)}>
          ?
        </button>
      </header>
      <BackendBanner />
      <main className="main">
        <ServiceExplorer ref={filter} />
        <RequestTabs />
        <aside className="workspace-panel" aria-label="Workspace">
          <WorkspaceBar />
          <Collections />
          <HistoryPanel />
        </aside>
      </main>
      <ShortcutsHelp />
    </div>
  );
}
