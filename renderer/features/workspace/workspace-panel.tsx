import { Collections } from './collections';
import { HistoryPanel } from './history-panel';
import { WorkspaceBar } from './workspace-bar';

/** The right-hand panel: the workspace folder and its environments, saved requests, and call history. */
export function WorkspacePanel() {
  return (
    <aside className="workspace-panel" aria-label="Workspace">
      <WorkspaceBar />
      <Collections />
      <HistoryPanel />
    </aside>
  );
}
