import { useMemo, useState } from 'react';
import type { WorkspaceRequest } from '../../../shared/model';
import { Icon } from '../../components/icons';
import { useFerry } from '../../store';
import { requestTree, type RequestFolder } from './request-tree';
import { RunDataPicker } from './run-data-picker';
import { RunRepeatFields } from './run-repeat-fields';

function RenameForm({ path, onDone }: { path: string; onDone: () => void }) {
  const rename = useFerry((s) => s.renameRequest);
  const [name, setName] = useState(path);
  return (
    <form
      className="tree-rename"
      onSubmit={(event) => {
        event.preventDefault();
        void rename(path, name);
        onDone();
      }}
    >
      <input aria-label={`New name for ${path}`} value={name} onChange={(e) => setName(e.target.value)} onKeyDown={(e) => e.key === 'Escape' && onDone()} autoFocus />
      <button type="submit">Rename</button>
      <button type="button" className="button-ghost" onClick={onDone}>
        Cancel
      </button>
    </form>
  );
}

function RequestRow({ request, depth }: { request: WorkspaceRequest; depth: number }) {
  const open = useFerry((s) => s.openSavedRequest);
  const duplicate = useFerry((s) => s.duplicateRequest);
  const remove = useFerry((s) => s.deleteRequest);
  const path = request.relativePath;
  const active = useFerry((s) => s.tabs.find((t) => t.id === s.activeTabId)?.saved?.path === path);
  const [renaming, setRenaming] = useState(false);
  const indent = { paddingLeft: `${depth * 14}px` };
  if (renaming) {
    return (
      <li style={indent}>
        <RenameForm path={path} onDone={() => setRenaming(false)} />
      </li>
    );
  }
  return (
    <li className={`collection-row ${active ? 'collection-active' : ''}`} style={indent}>
      <button type="button" className="button-ghost collection-open" aria-label={`Open ${path}`} title={path} onClick={() => open(path)}>
        <Icon name="file" />
        <span className="collection-name">
          {request.file.name}
          <span className="collection-path">{path}</span>
        </span>
      </button>
      <button type="button" className="icon-button" aria-label={`Rename ${path}`} title="Rename" onClick={() => setRenaming(true)}>
        <Icon name="rename" />
      </button>
      <button type="button" className="icon-button" aria-label={`Duplicate ${path}`} title="Duplicate" onClick={() => void duplicate(path)}>
        <Icon name="duplicate" />
      </button>
      <button type="button" className="icon-button" aria-label={`Delete ${path}`} title="Delete" onClick={() => void remove(path)}>
        <Icon name="delete" />
      </button>
    </li>
  );
}

function RunButton({ folder }: { folder: string }) {
  const run = useFerry((s) => s.runSavedRequests);
  const busy = useFerry((s) => s.workspace.run?.status === 'running');
  const label = folder === '' ? 'Run all saved requests' : `Run folder ${folder}`;
  return (
    <button type="button" className="icon-button" aria-label={label} title={`${label}, one after another, as ferry run does`} disabled={busy} onClick={() => void run(folder)}>
      <Icon name="run" />
    </button>
  );
}

function FolderItems({ folder, depth, collapsed, toggle }: { folder: RequestFolder; depth: number; collapsed: ReadonlySet<string>; toggle: (path: string) => void }) {
  return (
    <>
      {folder.folders.map((child) => {
        const open = !collapsed.has(child.path);
        return (
          <li key={`folder:${child.path}`}>
            <div className="collection-row">
              <button
                type="button"
                className="button-ghost collection-folder"
                style={{ paddingLeft: `${depth * 14 + 4}px` }}
                aria-expanded={open}
                aria-label={`Folder ${child.path}`}
                title={child.path}
                onClick={() => toggle(child.path)}
              >
                <span className="tree-caret" aria-hidden="true">
                  {open ? '▾' : '▸'}
                </span>
                <Icon name="folder" />
                {child.name}
              </button>
              <RunButton folder={child.path} />
            </div>
            {open ? (
              <ul aria-label={child.path}>
                <FolderItems folder={child} depth={depth + 1} collapsed={collapsed} toggle={toggle} />
              </ul>
            ) : null}
          </li>
        );
      })}
      {folder.requests.map((request) => (
        <RequestRow key={request.relativePath} request={request} depth={depth} />
      ))}
    </>
  );
}

/** The workspace's saved requests as their folder tree; folders fold, requests open, rename, duplicate, delete. */
export function SavedRequestsTree({ requests }: { requests: readonly WorkspaceRequest[] }) {
  const tree = useMemo(() => requestTree(requests), [requests]);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const toggle = (path: string) =>
    setCollapsed((prev) => {
      const next = new Set(prev);
      if (!next.delete(path)) next.add(path);
      return next;
    });
  return (
    <>
      {requests.length === 0 ? (
        <p className="muted small">No saved requests yet: Save as puts the open tab here.</p>
      ) : (
        <>
          <div className="collection-row">
            <span className="muted small collection-name">Run them one after another, as ferry run does:</span>
            <RunButton folder="" />
          </div>
          <RunDataPicker />
          <RunRepeatFields />
        </>
      )}
      <ul className="collection-tree" aria-label="Saved requests">
        <FolderItems folder={tree} depth={0} collapsed={collapsed} toggle={toggle} />
      </ul>
    </>
  );
}
