import { CollectionRunPanel } from './collection-run-panel';
import { Collections } from './collections';
import { GrpcurlPanel } from './grpcurl-panel';
import { HistoryPanel } from './history-panel';
import { MockPanel } from './mock-panel';
import { WorkspaceBar } from './workspace-bar';

/** The right-hand panel, in sections under headings: the workspace folder and its environments, saved requests, the last collection run, history, grpcurl, the mock server. */
export function WorkspacePanel() {
  return (
    <aside className="workspace-panel" aria-label="Workspace">
      <WorkspaceBar />
      <Collections />
      <CollectionRunPanel />
      <HistoryPanel />
      <GrpcurlPanel />
      <MockPanel />
    </aside>
  );
}
