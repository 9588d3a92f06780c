import { useEffect } from 'react';
import { isClientStreaming } from '../../shared/model';
import type { FerryStore } from '../store';

/**
 * Keyboard shortcuts, chosen to survive Chromium: Ctrl+T, Ctrl+W, Ctrl+N and Ctrl+Shift+N never reach a
 * page, Ctrl+1…8 and (on Linux) Alt+1…8 switch browser tabs, so tab shortcuts use Alt with letters.
 */
export const SHORTCUTS: ReadonlyArray<{ keys: string; action: string }> = [
  { keys: 'Ctrl+Enter  (⌘+Enter)', action: 'Send the request; for client and bidi streams, open the stream, then send each message' },
  { keys: 'Alt+Enter', action: 'Send message on an open stream' },
  { keys: 'Alt+T', action: 'New tab' },
  { keys: 'Alt+W', action: 'Close tab' },
  { keys: 'Alt+]  /  Alt+[', action: 'Next / previous tab' },
  { keys: 'Ctrl+K  (⌘+K)  or  /', action: 'Filter services' },
  { keys: '↑ ↓ ← → Enter', action: 'Move in the service tree and open a method' },
  { keys: '↑ ↓ PageUp PageDown Home End', action: 'Select events in the stream timeline' },
  { keys: 'Ctrl+S  (⌘+S)', action: 'Save the request to the workspace' },
  { keys: '?', action: 'Show this help' },
];

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT';
}

function activeStreamIsOpen(store: FerryStore): boolean {
  const state = store.getState();
  const tab = state.tabs.find((t) => t.id === state.activeTabId);
  const session = tab?.callId === undefined ? undefined : state.sessions[tab.callId];
  return session !== undefined && !session.ended && tab?.method !== undefined && isClientStreaming(tab.method.kind);
}

/** Installs the shortcuts on window in the capture phase, so they win over Monaco's own Ctrl+Enter. */
export function useGlobalShortcuts(store: FerryStore, focusFilter: () => void): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const state = store.getState();
      const mod = event.ctrlKey || event.metaKey;
      const run = (action: () => void) => {
        event.preventDefault();
        event.stopPropagation();
        action();
      };
      if (mod && !event.altKey && event.key === 'Enter') {
        return run(() => void (activeStreamIsOpen(store) ? state.sendStreamMessage(state.activeTabId) : state.send(state.activeTabId)));
      }
      if (event.altKey && !mod && event.key === 'Enter') return run(() => void state.sendStreamMessage(state.activeTabId));
      if (mod && !event.altKey && !event.shiftKey && event.code === 'KeyK') return run(focusFilter);
      if (mod && !event.altKey && !event.shiftKey && event.code === 'KeyS') return run(() => void state.saveActiveTab());
      if (event.altKey && !mod && !event.shiftKey) {
        if (event.code === 'KeyT') return run(state.newTab);
        if (event.code === 'KeyW') return run(() => state.closeTab(state.activeTabId));
        if (event.code === 'BracketRight') return run(() => state.cycleTab(1));
        if (event.code === 'BracketLeft') return run(() => state.cycleTab(-1));
      }
      if (mod || event.altKey || isTyping(event.target)) return;
      if (event.key === '/') return run(focusFilter);
      if (event.key === '?') return run(() => state.setShortcutsOpen(true));
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [store, focusFilter]);
}
