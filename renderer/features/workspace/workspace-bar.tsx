import { useEffect, useState } from 'react';
import { WORKSPACE_MANIFEST_FILE } from '../../../shared/model';
import { useFerry } from '../../store';
import { PanelSection } from './panel-section';
import { EnvironmentEditor } from './environment-editor';
import { ImportButtons } from './import-buttons';
import { PageVariables } from './page-variables';

/** A folder opened without `ferry.workspace.json`: say what it is for, and offer to write it. */
function ManifestNotice() {
  const missing = useFerry((s) => s.workspace.status === 'open' && s.workspace.snapshot !== undefined && s.workspace.snapshot.manifest === undefined);
  const notice = useFerry((s) => s.workspace.notice);
  const createManifest = useFerry((s) => s.createManifest);
  if (notice) {
    return (
      <p className="small workspace-notice" role="status" aria-label="Workspace notice">
        {notice}
      </p>
    );
  }
  if (!missing) return null;
  return (
    <div className="small workspace-notice" role="note" aria-label="Workspace notice">
      <p>
        This folder has no <code>{WORKSPACE_MANIFEST_FILE}</code>: <code>ferry run</code> looks for it to find the workspace (and its environments). Ferry writes it with the
        first save.
      </p>
      <button type="button" className="button-ghost small" onClick={() => void createManifest()}>
        Create {WORKSPACE_MANIFEST_FILE}
      </button>
    </div>
  );
}

/** Folder input, Open button, Environment switcher and editor, the active request's resolved target, and the page's own variables. */
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
  const root = useFerry((s) => (s.workspace.status === 'open' ? s.workspace.snapshot?.root : undefined));
  // undefined: closed; null: a new environment; a name: that one.
  const [editing, setEditing] = useState<string | null | undefined>(undefined);
  useEffect(() => void refresh(), [activeTabId, refresh]);

  return (
    <PanelSection title="Workspace">
      <form
        className="workspace-stack"
        onSubmit={(event) => {
          event.preventDefault();
          void open();
        }}
      >
        <input aria-label="Workspace folder" placeholder="/path/to/workspace" spellCheck={false} value={dir} onChange={(e) => setDir(e.target.value)} />
        <button type="submit" disabled={status === 'opening'}>
          Open workspace
        </button>
      </form>
      {root ? (
        <p className="small break" aria-label="Open workspace folder">
          Open: <code>{root}</code>
        </p>
      ) : null}
      <ManifestNotice />
      {status === 'open' && (
        <div className="environment-row">
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
          <button type="button" className="button-ghost" disabled={environment === undefined} onClick={() => setEditing(environment)}>
            Edit environment
          </button>
          <button type="button" className="button-ghost" onClick={() => setEditing(null)}>
            New environment
          </button>
          <ImportButtons />
        </div>
      )}
      {editing !== undefined ? <EnvironmentEditor key={editing ?? ''} {...(editing !== null && { name: editing })} onClose={() => setEditing(undefined)} /> : null}
      {resolved && (
        <p className="small break">
          <span className="muted">Sends to </span>
          <span aria-label="Resolved target" role="status">
            {resolved.status === 'ok' ? resolved.value : resolved.status === 'error' ? resolved.error.message : '…'}
          </span>
        </p>
      )}
      <PageVariables />
    </PanelSection>
  );
}
