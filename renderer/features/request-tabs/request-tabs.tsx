import { useFerry } from '../../store';
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

  const close = (tabId: string) => {
    closeTab(tabId);
    disposeEditorModels([requestModelPath(tabId), `inmemory://ferry/response/${tabId}.json`]);
  };
  const items = tabs.map((tab) => ({
    id: tab.id,
    name: tab.method?.name ?? 'New request',
    label: (
      <>
        {tab.method?.name ?? <em>New request</em>}
        {tab.bodyMark ? <span className="tab-mark" aria-hidden="true" title="Body no longer fits the schema">!</span> : null}
      </>
    ),
  }));

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
        <div className="workspace-split" role="tabpanel" id={`request-${active.id}`} aria-label={active.method?.name ?? 'New request'}>
          <RequestPanel key={active.id} tab={active} />
          <ResponsePanel key={`${active.id}-${active.callId ?? 'none'}`} tab={active} />
        </div>
      ) : null}
    </div>
  );
}
