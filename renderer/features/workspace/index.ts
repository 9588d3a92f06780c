export { WorkspacePanel } from './workspace-panel';
