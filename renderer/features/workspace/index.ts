export { WorkspaceBar } from './workspace-bar';
export { Collections } from './collections';
export { HistoryPanel } from './history-panel';
