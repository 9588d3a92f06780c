import { rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentTypeFor, resolveStaticTarget } from './static-files';
import { writeStandInBundle } from './testing/serve-fixture';

describe('resolveStaticTarget', () => {
  let bundle: { root: string; staticDir: string };
  beforeAll(async () => {
    bundle = await writeStandInBundle();
    await symlink(join(bundle.root, 'secret.txt'), join(bundle.staticDir, 'assets', 'link.txt'));
  });
  afterAll(() => rm(bundle.root, { recursive: true, force: true }));

  it('maps paths to files under the root, and app routes to index.html', async () => {
    expect(await resolveStaticTarget(bundle.staticDir, '/assets/app.js')).toEqual({ ok: true, file: join(bundle.staticDir, 'assets', 'app.js'), fallback: false });
    expect(await resolveStaticTarget(bundle.staticDir, '/')).toEqual({ ok: true, file: join(bundle.staticDir, 'index.html'), fallback: true });
    expect(await resolveStaticTarget(bundle.staticDir, '/assets')).toMatchObject({ ok: true, fallback: true });
  });

  it('refuses decoded traversal, backslashes and NUL, and symlinks that lead out', async () => {
    for (const path of ['/..%2fsecret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/..%5csecret.txt', '/a%00.js']) {
      expect(await resolveStaticTarget(bundle.staticDir, path)).toEqual({ ok: false, status: 403 });
    }
    expect(await resolveStaticTarget(bundle.staticDir, '/%E0%A4%A')).toEqual({ ok: false, status: 400 });
    expect(await resolveStaticTarget(bundle.staticDir, '/assets/link.txt')).toEqual({ ok: false, status: 404 });
  });

  it('knows the content types a Vite bundle uses', () => {
    expect(contentTypeFor('a/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('editor.worker-x1.js')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('codicon.TTF')).toBe('font/ttf');
    expect(contentTypeFor('blob.bin')).toBe('application/octet-stream');
  });
});
