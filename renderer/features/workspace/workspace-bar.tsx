import { useEffect } from 'react';
import { useFerry } from '../../store';

/** Folder input, Open button, Environment switcher and the active request's resolved target. */
export function WorkspaceBar() {
  const dir = useFerry((s) => s.workspace.dir);
  const status = useFerry((s) => s.workspace.status);
  const environments = useFerry((s) => s.workspace.snapshot?.environments);
  const environment = useFerry((s) => s.workspace.environment);
  const resolved = useFerry((s) => s.workspace.resolvedTarget);
  const activeTabId = useFerry((s) => s.activeTabId);
  const setDir = useFerry((s) => s.setWorkspaceDir);
  const open = useFerry((s) => s.openWorkspace);
  const setEnvironment = useFerry((s) => s.setEnvironment);
  const refresh = useFerry((s) => s.refreshResolvedTarget);
  useEffect(() => void refresh(), [activeTabId, refresh]);

  return (
    <div className="workspace-bar">
      <form
        className="workspace-open"
        onSubmit={(event) => {
          event.preventDefault();
          void open();
        }}
      >
        <input aria-label="Workspace folder" placeholder="/path/to/workspace" value={dir} onChange={(e) => setDir(e.target.value)} />
        <button type="submit" disabled={status === 'opening'}>
          Open workspace
        </button>
      </form>
      {status === 'open' && (
        <label className="field">
          <span className="field-label">Environment</span>
          <select aria-label="Environment" value={environment ?? ''} onChange={(e) => void setEnvironment(e.target.value === '' ? undefined : e.target.value)}>
            <option value="">(none)</option>
            {environments?.map((env) => (
              <option key={env.name} value={env.name}>
                {env.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {resolved && (
        <p className="small break" aria-label="Resolved target" role="status">
          {resolved.status === 'ok' ? resolved.value : resolved.status === 'error' ? resolved.error.message : '…'}
        </p>
      )}
    </div>
  );
}
