import { describe, expect, it } from 'vitest';
import { isAppUrl } from './app-protocol';
import { DESKTOP_CSP, isPermissionAllowed, isSafeExternalUrl, secureWebPreferences } from './security';

const directives = (csp: string) => new Map(csp.split(';').map((part) => part.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));

describe('DESKTOP_CSP', () => {
  const csp = directives(DESKTOP_CSP);

  it('runs only our own scripts: no remote, inline or eval', () => {
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(DESKTOP_CSP).not.toMatch(/unsafe-eval|https?:|\*/);
    expect(csp.get('object-src')).toEqual(["'none'"]);
  });

  it("allows what Monaco needs: inline styles, data: fonts, blob: workers", () => {
    expect(csp.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp.get('font-src')).toEqual(["'self'", 'data:']);
    expect(csp.get('worker-src')).toEqual(["'self'", 'blob:']);
    expect(csp.get('img-src')).toEqual(["'self'", 'data:']);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
  });
});

describe('secureWebPreferences', () => {
  it('isolates and sandboxes the renderer', () => {
    const prefs = secureWebPreferences('/app/dist/electron/preload.cjs');
    expect(prefs).toMatchObject({
      preload: '/app/dist/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
  });
});

describe('isSafeExternalUrl', () => {
  it.each([
    ['https://grpc.io/docs/', true],
    ['http://localhost:8080/', true],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['ms-settings:', false],
    ['https://user:pw@example.com/', false],
    ['not a url', false],
  ])('%s → %s', (url, expected) => expect(isSafeExternalUrl(url)).toBe(expected));
});

describe('isPermissionAllowed', () => {
  it('denies everything but clipboard writes from our own page', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write', 'app://ferry/index.html', isAppUrl)).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'https://evil.example/', isAppUrl)).toBe(false);
    for (const permission of ['clipboard-read', 'media', 'geolocation', 'notifications', 'openExternal', 'fileSystem']) {
      expect(isPermissionAllowed(permission, 'app://ferry/index.html', isAppUrl)).toBe(false);
    }
  });
});
