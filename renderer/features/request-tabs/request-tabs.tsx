import { useRef } from 'react';
import { LAYOUT_LIMITS, tabHasUnsavedChanges, tabTitle, useFerry } from '../../store';
import { Splitter } from '../../components/splitter';
import { TabList } from '../../components/tab-list';
import { disposeEditorModels } from '../../editor';
import { ResponsePanel } from '../response';
import { RequestPanel, requestModelPath } from './request-panel';

/** Open requests as tabs; the active one shows its request editor beside its response. */
export function RequestTabs() {
  const tabs = useFerry((s) => s.tabs);
  const activeTabId = useFerry((s) => s.activeTabId);
  const activate = useFerry((s) => s.activateTab);
  const closeTab = useFerry((s) => s.closeTab);
  const newTab = useFerry((s) => s.newTab);
  const active = tabs.find((t) => t.id === activeTabId);
  const requestPercent = useFerry((s) => s.ui.layout.requestPercent);
  const resizePane = useFerry((s) => s.resizePane);
  const split = useRef<HTMLDivElement>(null);

  const close = (tabId: string) => {
    closeTab(tabId);
    disposeEditorModels([requestModelPath(tabId), `inmemory://ferry/response/${tabId}.json`]);
  };
  const items = tabs.map((tab) => {
    const unsaved = tabHasUnsavedChanges(tab);
    return {
      id: tab.id,
      name: tabTitle(tab),
      ...(unsaved && { description: tab.saved ? 'Unsaved changes' : 'Not saved to the workspace' }),
      title: tab.saved ? `${tab.saved.path}${unsaved ? ' (unsaved changes)' : ''}` : (tab.method?.fullName ?? 'New request'),
      label: (
        <>
          {tab.method ? tabTitle(tab) : <em>New request</em>}
          {tab.bodyMark ? <span className="tab-mark" aria-hidden="true" title="Body no longer fits the schema">!</span> : null}
          {unsaved ? <span className="tab-unsaved" aria-hidden="true">●</span> : null}
        </>
      ),
    };
  });

  return (
    <div className="workspace">
      <div className="workspace-tabs">
        <TabList items={items} activeId={activeTabId} onSelect={activate} onClose={close} ariaLabel="Requests" panelIdPrefix="request" />
        <button type="button" className="icon-button" aria-label="New tab" title="New tab (Alt+T)" onClick={newTab}>
          +
        </button>
        <button type="button" className="icon-button" aria-label="Close tab" title="Close tab (Alt+W)" onClick={() => close(activeTabId)}>
          ×
        </button>
      </div>
      {active ? (
        <div
          ref={split}
          className="workspace-split"
          role="tabpanel"
          id={`request-${active.id}`}
          aria-label={tabTitle(active)}
          style={{ gridTemplateColumns: `minmax(0, ${requestPercent}fr) auto minmax(0, ${100 - requestPercent}fr)` }}
        >
          <RequestPanel key={active.id} tab={active} />
          <Splitter
            orientation="vertical"
            label="Resize request and response"
            value={requestPercent}
            min={LAYOUT_LIMITS.request.min}
            max={LAYOUT_LIMITS.request.max}
            onResizeBy={(delta) => resizePane('request', delta, split.current?.getBoundingClientRect().width)}
          />
          <ResponsePanel key={`${active.id}-${active.callId ?? 'none'}`} tab={active} />
        </div>
      ) : null}
    </div>
  );
}
