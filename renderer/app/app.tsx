import { useCallback, useRef } from 'react';
import logoUrl from './favicon.svg';
import { Splitter } from '../components/splitter';
import { ConnectionBar } from '../features/connection';
import { RequestTabs } from '../features/request-tabs';
import { ServiceExplorer } from '../features/service-explorer';
import { WorkspacePanel } from '../features/workspace';
import { LAYOUT_LIMITS, useFerry, useFerryStore } from '../store';
import { useGlobalShortcuts } from './shortcuts';
import { ShortcutsHelp } from './shortcuts-help';
import { ThemeSwitch } from './theme-switch';

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

/** What the page did on its own (a session it could not restore, storage that is full), until dismissed. */
function NoticeBanner() {
  const notice = useFerry((s) => s.ui.notice);
  const setNotice = useFerry((s) => s.setNotice);
  if (notice === undefined) return null;
  return (
    <div className="banner banner-notice" role="status" aria-label="Notice">
      <span>{notice}</span>
      <button type="button" className="button-ghost small" onClick={() => setNotice(undefined)}>
        Dismiss
      </button>
    </div>
  );
}

/** Show or hide a side pane: a toggle button in the top bar. */
function PaneToggle({ pane, label }: { pane: 'explorer' | 'workspace'; label: string }) {
  const open = useFerry((s) => (pane === 'explorer' ? s.ui.layout.explorerOpen : s.ui.layout.workspaceOpen));
  const toggle = useFerry((s) => s.togglePane);
  return (
    <button type="button" className="button-ghost small" aria-pressed={open} aria-controls={`${pane}-pane`} onClick={() => toggle(pane)} title={`${open ? 'Hide' : 'Show'} the ${label.toLowerCase()}`}>
      {label}
    </button>
  );
}

/** The splitter beside a side pane: resizes it, and Enter (or a double click) collapses and restores it. */
function SidePaneSplitter({ pane, label }: { pane: 'explorer' | 'workspace'; label: string }) {
  const open = useFerry((s) => (pane === 'explorer' ? s.ui.layout.explorerOpen : s.ui.layout.workspaceOpen));
  const width = useFerry((s) => (pane === 'explorer' ? s.ui.layout.explorerWidth : s.ui.layout.workspaceWidth));
  const resizePane = useFerry((s) => s.resizePane);
  const togglePane = useFerry((s) => s.togglePane);
  return (
    <Splitter
      orientation="vertical"
      label={label}
      value={open ? width : 0}
      min={0}
      max={LAYOUT_LIMITS[pane].max}
      controls={`${pane}-pane`}
      onResizeBy={(delta) => resizePane(pane, delta)}
      onToggle={() => togglePane(pane)}
    />
  );
}

export function App() {
  const store = useFerryStore();
  const setShortcutsOpen = useFerry((s) => s.setShortcutsOpen);
  const layout = useFerry((s) => s.ui.layout);
  const filter = useRef<HTMLInputElement>(null);
  const focusFilter = useCallback(() => {
    if (!store.getState().ui.layout.explorerOpen) store.getState().togglePane('explorer');
    requestAnimationFrame(() => {
      filter.current?.focus();
      filter.current?.select();
    });
  }, [store]);
  useGlobalShortcuts(store, focusFilter);
  const columns = `${layout.explorerOpen ? layout.explorerWidth : 0}px auto minmax(0, 1fr) auto ${layout.workspaceOpen ? layout.workspaceWidth : 0}px`;

  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">
          <img className="brand-mark" src={logoUrl} alt="" width={20} height={20} />
          Ferry
        </span>
        <ConnectionBar />
        <div className="topbar-tools">
          <PaneToggle pane="explorer" label="Services" />
          <PaneToggle pane="workspace" label="Workspace" />
          <ThemeSwitch />
          <button type="button" className="icon-button" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onClick={() => setShortcutsOpen(true)}>
            ?
          </button>
        </div>
      </header>
      <BackendBanner />
      <NoticeBanner />
      <main className="main" style={{ gridTemplateColumns: columns }}>
        <div id="explorer-pane" className="pane" hidden={!layout.explorerOpen}>
          {layout.explorerOpen ? <ServiceExplorer ref={filter} /> : null}
        </div>
        <SidePaneSplitter pane="explorer" label="Resize service explorer" />
        <RequestTabs />
        <SidePaneSplitter pane="workspace" label="Resize workspace panel" />
        <div id="workspace-pane" className="pane" hidden={!layout.workspaceOpen}>
          {layout.workspaceOpen ? <WorkspacePanel /> : null}
        </div>
      </main>
      <ShortcutsHelp />
    </div>
  );
}
