import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, APP_SCHEME_PRIVILEGES, isAppUrl, registerAppProtocol, resolveAppAsset } from './app-protocol';
import { DESKTOP_CSP } from './security';

describe('app protocol', () => {
  let root: string;
  let handler: (request: Request) => Promise<Response> | Response;

  beforeAll(async () => {
    const base = await mkdtemp(join(tmpdir(), 'ferry-app-'));
    root = join(base, 'renderer');
    await mkdir(join(root, 'assets'), { recursive: true });
    await writeFile(join(root, 'index.html'), '<!doctype html><title>Ferry</title>');
    await writeFile(join(root, 'assets', 'main.js'), 'console.log(1)');
    await writeFile(join(base, 'secret.txt'), 'outside');
    // Electron's net.fetch reads file URLs; Node's fetch cannot, so this stand-in reads the file itself.
    const net = { fetch: async (url: string) => new Response(await readFile(fileURLToPath(url)), { headers: { 'content-type': url.endsWith('.js') ? 'text/javascript' : 'text/html' } }) };
    registerAppProtocol({ handle: (_scheme, h) => (handler = h) }, net as never, root);
  });
  afterAll(() => rm(join(root, '..'), { recursive: true, force: true }));

  it('is a standard, secure scheme that does not bypass CSP', () => {
    expect(APP_SCHEME_PRIVILEGES.privileges).toMatchObject({ standard: true, secure: true });
    expect(APP_SCHEME_PRIVILEGES.privileges?.bypassCSP).toBeFalsy();
  });

  it('recognises only our own origin', () => {
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl('app://ferry/assets/x.js')).toBe(true);
    expect(isAppUrl('app://other/index.html')).toBe(false);
    expect(isAppUrl('file:///index.html')).toBe(false);
    expect(isAppUrl('https://ferry/index.html')).toBe(false);
  });

  it('maps URLs into the renderer folder and never out of it', () => {
    expect(resolveAppAsset(root, 'app://ferry/')).toBe(join(root, 'index.html'));
    expect(resolveAppAsset(root, 'app://ferry/assets/main.js?v=1#x')).toBe(join(root, 'assets', 'main.js'));
    expect(resolveAppAsset(root, 'app://ferry/../secret.txt')).toBe(join(root, 'secret.txt')); // URL parsing drops the ..
    expect(resolveAppAsset(root, 'app://ferry/%2e%2e/secret.txt')).toBe(join(root, 'secret.txt'));
    expect(resolveAppAsset(root, 'app://ferry/assets/%2e%2e%2f%2e%2e%2fsecret.txt')).toBeUndefined();
    expect(resolveAppAsset(root, 'app://ferry/a%00b')).toBeUndefined();
    expect(resolveAppAsset(root, 'app://other/index.html')).toBeUndefined();
  });

  it('serves files with the CSP and nosniff headers', async () => {
    const response = await handler(new Request('app://ferry/index.html'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(DESKTOP_CSP);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>Ferry</title>');
    expect((await handler(new Request('app://ferry/assets/main.js'))).headers.get('content-type')).toBe('text/javascript');
  });

  it('answers 404 for missing files and escapes, 405 for writes', async () => {
    expect((await handler(new Request('app://ferry/nope.js'))).status).toBe(404);
    expect((await handler(new Request('app://ferry/assets'))).status).toBe(404);
    expect((await handler(new Request('app://ferry/assets/%2e%2e%2f%2e%2e%2fsecret.txt'))).status).toBe(404);
    expect((await handler(new Request('app://ferry/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
  });
});
