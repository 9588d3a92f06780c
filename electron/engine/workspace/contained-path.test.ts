import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { containedPath } from './contained-path';
import { rejectionOf } from '../../../tests/kit/failure-of';
import { tempDir } from '../../../tests/kit/temp-dir';

describe('containedPath', () => {
  it('resolves paths inside the root, including folders a save will create', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'inner'));
    symlinkSync(join(root, 'inner'), join(root, 'alias'));
    expect(await containedPath(root, 'a.ferry.json')).toBe(join(root, 'a.ferry.json'));
    expect(await containedPath(root, 'new/deeper/a.ferry.json')).toBe(join(root, 'new/deeper/a.ferry.json'));
    expect(await containedPath(root, join(root, 'inner', 'b.ferry.json'))).toBe(join(root, 'inner/b.ferry.json'));
    // A link that stays inside the workspace is fine.
    expect(await containedPath(root, 'alias/c.ferry.json')).toBe(join(root, 'alias/c.ferry.json'));
  });

  it('refuses names outside the root', async () => {
    const root = tempDir();
    for (const path of ['../x.ferry.json', '/etc/x.ferry.json', '.', '']) {
      expect((await rejectionOf(containedPath(root, path))).message).toBe(`${path} is outside the workspace ${root}`);
    }
  });

  it('refuses a symbolic link out of the workspace, as a folder on the way or as the file itself', async () => {
    const root = tempDir();
    const outside = tempDir('ferry-outside-');
    writeFileSync(join(outside, 'victim.ferry.json'), '{}');
    symlinkSync(outside, join(root, 'escape'));
    symlinkSync(join(outside, 'victim.ferry.json'), join(root, 'linked.ferry.json'));
    symlinkSync(join(outside, 'gone.ferry.json'), join(root, 'dangling.ferry.json'));
    for (const path of ['escape/x.ferry.json', 'escape/new/x.ferry.json', 'escape/victim.ferry.json', 'linked.ferry.json']) {
      const error = await rejectionOf(containedPath(root, path));
      expect(error).toMatchObject({ code: 'BAD_INPUT', details: { file: path } });
      expect(error.message).toMatch(new RegExp(`^${path} leads outside the workspace .* through a symbolic link`));
    }
    expect((await rejectionOf(containedPath(root, 'dangling.ferry.json'))).message).toBe('dangling.ferry.json cannot be resolved (ENOENT)');
  });

  it('accepts a workspace opened through a symbolic link to it', async () => {
    const real = tempDir();
    const link = join(tempDir(), 'ws-link');
    symlinkSync(real, link);
    expect(await containedPath(link, 'a/b.ferry.json')).toBe(join(link, 'a/b.ferry.json'));
  });
});
