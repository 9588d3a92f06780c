import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { failureOf } from '../../../tests/kit/failure-of';
import { writeFiles } from '../testing/write-files';
import { expandProtoFolders, protoFilesUnder } from './proto-folders';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ferry-proto-folders-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const PROTO = 'syntax = "proto3";\n';

describe('protoFilesUnder', () => {
  it('lists every .proto file below the folder in name order, leaving out other files, hidden folders and node_modules', () => {
    writeFiles(dir, {
      'b/v1/b.proto': PROTO,
      'a.proto': PROTO,
      'a/z.proto': PROTO,
      'a/README.md': '# not a schema',
      'a/b.proto.bak': PROTO,
      '.git/x.proto': PROTO,
      'a/.cache/y.proto': PROTO,
      'node_modules/google-proto-files/google/api/http.proto': PROTO,
      'a/node_modules/dep.proto': PROTO,
    });
    expect(protoFilesUnder(dir)).toEqual(['a.proto', join('a', 'z.proto'), join('b', 'v1', 'b.proto')]);
  });

  it('lists the folder it is given even when its own name is hidden or node_modules', () => {
    writeFiles(dir, { 'node_modules/pkg/p.proto': PROTO, '.protos/q.proto': PROTO });
    expect(protoFilesUnder(join(dir, 'node_modules'))).toEqual([join('pkg', 'p.proto')]);
    expect(protoFilesUnder(join(dir, '.protos'))).toEqual(['q.proto']);
  });

  it('stops past its limit of folders, naming the folder it was given', () => {
    writeFiles(dir, { 'a/x.proto': PROTO, 'b/y.proto': PROTO, 'c/z.proto': PROTO });
    expect(protoFilesUnder(dir, 4)).toHaveLength(3);
    const error = failureOf(() => protoFilesUnder(dir, 3));
    expect(error.code).toBe('BAD_INPUT');
    expect(error.message).toBe(`stopped looking for .proto files in ${dir} after 3 folders: name the folder that holds them`);
  });

  it('follows linked folders and files once, and stops at a link back up the tree', () => {
    writeFiles(dir, { 'shared/common.proto': PROTO, 'api/v1/api.proto': PROTO, 'elsewhere/one.proto': PROTO });
    symlinkSync(join(dir, 'shared'), join(dir, 'api', 'shared'));
    symlinkSync(join(dir, 'api'), join(dir, 'api', 'v1', 'loop'));
    symlinkSync(join(dir, 'elsewhere', 'one.proto'), join(dir, 'api', 'linked.proto'));
    symlinkSync(join(dir, 'gone.proto'), join(dir, 'api', 'dangling.proto'));
    expect(protoFilesUnder(join(dir, 'api'))).toEqual(['linked.proto', join('shared', 'common.proto'), join('v1', 'api.proto')]);
  });
});

describe('expandProtoFolders', () => {
  it('replaces each folder by its files, written as the folder was, and keeps files and unknown names as given', () => {
    writeFiles(dir, { 'protos/acme/v1/a.proto': PROTO, 'protos/acme/v1/b.proto': PROTO, 'one.proto': PROTO });
    const files = expandProtoFolders([join(dir, 'one.proto'), 'acme', 'missing.proto', join(dir, 'protos', 'acme', 'v1')], { baseDir: join(dir, 'protos') });
    expect(files).toEqual([
      join(dir, 'one.proto'),
      join('acme', 'v1', 'a.proto'),
      join('acme', 'v1', 'b.proto'),
      'missing.proto',
      join(dir, 'protos', 'acme', 'v1', 'a.proto'),
      join(dir, 'protos', 'acme', 'v1', 'b.proto'),
    ]);
  });

  it('takes a name ending in .proto for a file without looking (a folder of that name is left for the read to name)', () => {
    writeFiles(dir, { 'odd.proto/inner.proto': PROTO });
    expect(expandProtoFolders(['odd.proto', 'odd.proto/'], { baseDir: dir })).toEqual(['odd.proto', join('odd.proto', 'inner.proto')]);
  });

  it('finds a relative folder under an import path when the base folder has none', () => {
    writeFiles(dir, { 'protos/acme/v1/a.proto': PROTO });
    expect(expandProtoFolders(['acme/v1'], { importPaths: ['protos'], baseDir: dir })).toEqual([join('acme', 'v1', 'a.proto')]);
  });

  it('names a folder with no .proto file in it or below it', () => {
    writeFiles(dir, { 'docs/README.md': '# none here' });
    mkdirSync(join(dir, 'docs', 'empty'));
    const error = failureOf(() => expandProtoFolders([join(dir, 'docs')]));
    expect(error.code).toBe('BAD_INPUT');
    expect(error.message).toBe(`no .proto files in the folder ${join(dir, 'docs')} or below it`);
    expect(error.details?.file).toBe(join(dir, 'docs'));
  });
});
