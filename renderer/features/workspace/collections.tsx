import { useFerry } from '../../store';
import { PanelSection } from './panel-section';
import { SavedRequestsTree } from './saved-requests-tree';

/** The Saved requests section: Save as, the folder tree, and the conflict and undo prompts. */
export function Collections() {
  const snapshot = useFerry((s) => s.workspace.snapshot);
  const saveAsPath = useFerry((s) => s.workspace.saveAsPath);
  const conflict = useFerry((s) => s.workspace.conflict);
  const deleted = useFerry((s) => s.workspace.deleted);
  const error = useFerry((s) => s.workspace.error);
  const setSaveAsPath = useFerry((s) => s.setSaveAsPath);
  const saveAs = useFerry((s) => s.saveActiveTabAs);
  const save = useFerry((s) => s.saveActiveTab);
  const resolveConflict = useFerry((s) => s.resolveConflict);
  const undo = useFerry((s) => s.undoDelete);
  if (!snapshot) return null;

  return (
    <PanelSection title="Saved requests">
      <form
        className="workspace-open"
        onSubmit={(event) => {
          event.preventDefault();
          void saveAs(saveAsPath);
        }}
      >
        <input aria-label="Save as" placeholder="folder/name" title="Saves the open tab as folder/name.ferry.json in the workspace" value={saveAsPath} onChange={(e) => setSaveAsPath(e.target.value)} />
        <button type="submit">Save as</button>
        <button type="button" onClick={() => void save()} title="Save (Ctrl+S)">
          Save
        </button>
      </form>
      {conflict && (
        <div className="banner" role="alert">
          <p>{conflict.path} changed on disk.</p>
          <button type="button" onClick={() => void resolveConflict('reload')}>
            Reload
          </button>
          <button type="button" className="button-danger" onClick={() => void resolveConflict('keep')}>
            Keep mine (save anyway)
          </button>
        </div>
      )}
      {deleted && (
        <p className="small" role="status">
          Deleted {deleted.path}.{' '}
          <button type="button" onClick={() => void undo()}>
            Undo
          </button>
        </p>
      )}
      {error && <p className="error-text small">{error}</p>}
      {snapshot.errors.map((e) => (
        <p key={e.message} className="error-text small">
          {e.message}
        </p>
      ))}
      <SavedRequestsTree requests={snapshot.requests} />
    </PanelSection>
  );
}
