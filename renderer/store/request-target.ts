import type { FerryState } from './types';

/** A saved request whose own target (with the environment applied) is not the server Ferry is connected to. */
export interface RequestTargetMismatch {
  /** Where the request file says it goes. */
  target: string;
  /** Where Send would go now; absent when not connected. */
  connected?: string;
  environment?: string;
}

/**
 * The active tab's mismatch, if any. Only saved requests have a target of their own: an unsaved tab
 * always goes where the connection bar points.
 */
export function requestTargetMismatch(state: FerryState): RequestTargetMismatch | undefined {
  const tab = state.tabs.find((t) => t.id === state.activeTabId);
  const resolved = state.workspace.resolvedTarget;
  if (!tab?.saved || resolved?.status !== 'ok') return undefined;
  const info = state.connection.status === 'connected' ? state.connection.info : undefined;
  if (info?.target === resolved.value) return undefined;
  const { environment } = state.workspace;
  return { target: resolved.value, ...(info && { connected: info.target }), ...(environment !== undefined && { environment }) };
}
