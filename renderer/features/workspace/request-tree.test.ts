import { describe, expect, it } from 'vitest';
import type { RequestFile, WorkspaceRequest } from '../../../shared/model';
import { requestTree, type RequestFolder } from './request-tree';

const request = (relativePath: string, name: string): WorkspaceRequest => {
  const cut = relativePath.lastIndexOf('/');
  return {
    path: `/w/${relativePath}`,
    relativePath,
    collection: cut < 0 ? '' : relativePath.slice(0, cut),
    file: { name } as RequestFile,
    stamp: { mtimeMs: 0, hash: '' },
  };
};

/** The tree as indented lines: folders end with `/`, requests show their file path. */
function outline(folder: RequestFolder, depth = 0): string[] {
  const pad = '  '.repeat(depth);
  return [
    ...folder.folders.flatMap((f) => [`${pad}${f.name}/ (${f.path})`, ...outline(f, depth + 1)]),
    ...folder.requests.map((r) => `${pad}${r.file.name} = ${r.relativePath}`),
  ];
}

describe('requestTree', () => {
  it('nests folders by their path, folders first, in file-manager order', () => {
    const tree = requestTree([
      request('orders/v2/get.ferry.json', 'Get'),
      request('zeta.ferry.json', 'Zeta'),
      request('orders/list.ferry.json', 'List'),
      request('orders/v10/get.ferry.json', 'Get'),
      request('alpha.ferry.json', 'alpha'),
      request('billing/charge.ferry.json', 'Charge'),
    ]);
    expect(outline(tree)).toEqual([
      'billing/ (billing)',
      '  Charge = billing/charge.ferry.json',
      'orders/ (orders)',
      '  v2/ (orders/v2)',
      '    Get = orders/v2/get.ferry.json',
      '  v10/ (orders/v10)',
      '    Get = orders/v10/get.ferry.json',
      '  List = orders/list.ferry.json',
      'alpha = alpha.ferry.json',
      'Zeta = zeta.ferry.json',
    ]);
  });

  it('makes the folders in between that hold no request of their own', () => {
    const tree = requestTree([request('a/b/c/deep.ferry.json', 'Deep')]);
    expect(outline(tree)).toEqual(['a/ (a)', '  b/ (a/b)', '    c/ (a/b/c)', '      Deep = a/b/c/deep.ferry.json']);
  });

  it('is an empty root for no requests', () => {
    expect(requestTree([])).toEqual({ name: '', path: '', folders: [], requests: [] });
  });
});
