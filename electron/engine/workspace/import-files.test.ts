import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { failureOf } from '../../../tests/kit/failure-of';
import { tempDir } from '../../../tests/kit/temp-dir';
import { ImportFiles } from './import-files';

describe('ImportFiles', () => {
  it('refuses a file an import names outside the folder, and writes a named one inside it', async () => {
    const into = join(tempDir('ferry-import-files-'), 'workspace');
    const files = new ImportFiles(into);
    for (const name of ['protos/../../escape.proto', 'protos/..\\..\\escape.proto', '..']) {
      expect(failureOf(() => files.other(name, 'x'))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('would be written outside') });
    }
    files.other('protos/proto/users.proto', 'syntax = "proto3";');
    expect(await files.write()).toEqual(['protos/proto/users.proto', 'ferry.workspace.json']);
    expect(existsSync(join(into, '..', 'escape.proto'))).toBe(false);
  });
});
