import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findProtoFiles } from './find-proto-files';

describe('findProtoFiles', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ferry-protos-'));
    for (const sub of ['api/v1', 'node_modules/x', '.git', 'other']) await mkdir(join(dir, sub), { recursive: true });
    for (const file of ['api/v1/a.proto', 'api/v1/b.proto', 'top.proto', 'node_modules/x/dep.proto', '.git/x.proto', 'other/readme.md']) {
      await writeFile(join(dir, file), '');
    }
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('finds .proto files recursively, skipping dependency and hidden folders', async () => {
    expect(await findProtoFiles(dir)).toEqual({ files: ['api/v1/a.proto', 'api/v1/b.proto', 'top.proto'].map((f) => join(dir, f)).sort(), truncated: false });
  });

  it('stops at the limit and says so', async () => {
    const found = await findProtoFiles(dir, { limit: 2 });
    expect(found.truncated).toBe(true);
    expect(found.files).toHaveLength(2);
  });

  it('answers nothing for a folder that cannot be read', async () => {
    expect(await findProtoFiles(join(dir, 'missing'))).toEqual({ files: [], truncated: false });
  });
});
