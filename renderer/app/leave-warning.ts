import { tabHasUnsavedChanges, type FerryStore } from '../store';
import type { PageStorageWriter } from './page-storage';

/**
 * Asks before the page goes (close, reload, navigate) when edits would be lost or not on disk: a saved
 * request edited since its last save, or any edited tab when the page's storage cannot keep the session.
 * Tabs that were never saved come back on reload from the page's storage, so they alone do not ask.
 */
export function warnBeforeLeaving(store: FerryStore, storage: PageStorageWriter): void {
  window.addEventListener('beforeunload', (event) => {
    const { tabs } = store.getState();
    const losing = tabs.some((tab) => tabHasUnsavedChanges(tab) && (tab.saved !== undefined || storage.failed()));
    if (!losing) return;
    event.preventDefault();
    // Older browsers show the prompt only when returnValue is set.
    event.returnValue = '';
  });
}
