import type { WorkspaceRequest } from '../../../shared/model';

/** A folder of the workspace with the folders and saved requests right inside it. */
export interface RequestFolder {
  /** The folder's own name; `''` for the workspace root. */
  name: string;
  /** Relative to the workspace root, with `/`; `''` for the root. */
  path: string;
  folders: RequestFolder[];
  requests: WorkspaceRequest[];
}

const byName = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function sortFolder(folder: RequestFolder): RequestFolder {
  folder.folders.sort((a, b) => byName.compare(a.name, b.name));
  folder.requests.sort((a, b) => byName.compare(a.file.name, b.file.name) || byName.compare(a.relativePath, b.relativePath));
  folder.folders.forEach(sortFolder);
  return folder;
}

/**
 * The saved requests as the folder tree they live in (`a/b/x.ferry.json` sits in `b` inside `a`), folders
 * before requests, each sorted by name the way a file manager sorts (`2` before `10`).
 */
export function requestTree(requests: readonly WorkspaceRequest[]): RequestFolder {
  const root: RequestFolder = { name: '', path: '', folders: [], requests: [] };
  const folders = new Map<string, RequestFolder>([['', root]]);
  const folderAt = (path: string): RequestFolder => {
    const known = folders.get(path);
    if (known) return known;
    const cut = path.lastIndexOf('/');
    const parent = folderAt(cut < 0 ? '' : path.slice(0, cut));
    const folder: RequestFolder = { name: path.slice(cut + 1), path, folders: [], requests: [] };
    parent.folders.push(folder);
    folders.set(path, folder);
    return folder;
  };
  for (const request of requests) folderAt(request.collection.replace(/\\/g, '/').replace(/^\/+|\/+$/g, '')).requests.push(request);
  return sortFolder(root);
}
