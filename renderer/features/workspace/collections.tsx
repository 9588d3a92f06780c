import { useState } from 'react';
import type { WorkspaceRequest } from '../../../shared/model';
import { useFerry } from '../../store';

function RequestRow({ request }: { request: WorkspaceRequest }) {
  const open = useFerry((s) => s.openSavedRequest);
  const rename = useFerry((s) => s.renameRequest);
  const duplicate = useFerry((s) => s.duplicateRequest);
  const remove = useFerry((s) => s.deleteRequest);
  const [renaming, setRenaming] = useState<string | undefined>(undefined);
  const name = request.relativePath;
  if (renaming !== undefined) {
    return (
      <li>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void rename(name, renaming);
            setRenaming(undefined);
          }}
        >
          <input aria-label={`New name for ${name}`} value={renaming} onChange={(e) => setRenaming(e.target.value)} autoFocus />
          <button type="submit">Rename</button>
        </form>
      </li>
    );
  }
  return (
    <li className="collection-row">
      <button type="button" className="button-ghost collection-open" aria-label={`Open ${name}`} onClick={() => open(name)}>
        {request.file.name}
      </button>
      <button type="button" className="icon-button" aria-label={`Rename ${name}`} title="Rename" onClick={() => setRenaming(name)}>
        ✎
      </button>
      <button type="button" className="icon-button" aria-label={`Duplicate ${name}`} title="Duplicate" onClick={() => void duplicate(name)}>
        ⧉
      </button>
      <button type="button" className="icon-button" aria-label={`Delete ${name}`} title="Delete" onClick={() => void remove(name)}>
        ×
      </button>
    </li>
  );
}

/** Saved requests grouped by folder, with Save as, conflict and undo prompts. */
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
  const folders = new Map<string, WorkspaceRequest[]>();
  for (const request of snapshot.requests) folders.set(request.collection, [...(folders.get(request.collection) ?? []), request]);

  return (
    <section className="collections" aria-label="Collections">
      <form
        className="workspace-open"
        onSubmit={(event) => {
          event.preventDefault();
          void saveAs(saveAsPath);
        }}
      >
        <input aria-label="Save as" placeholder="folder/name" value={saveAsPath} onChange={(e) => setSaveAsPath(e.target.value)} />
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
      <ul className="collection-tree" aria-label="Saved requests">
        {[...folders].map(([folder, requests]) => (
          <li key={folder}>
            <span className="tree-service-label">{folder === '' ? '(root)' : folder}</span>
            <ul>
              {requests.map((r) => (
                <RequestRow key={r.relativePath} request={r} />
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}
