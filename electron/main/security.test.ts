import { describe, expect, it } from 'vitest';
import { isAppUrl } from './app-protocol';
import { rendererContentSecurityPolicy } from '../../shared/api';
import { DESKTOP_CSP, isPermissionAllowed, isSafeExternalUrl, secureWebPreferences } from './security';

describe('DESKTOP_CSP', () => {
  it("is the renderer's policy, connecting nowhere but the app itself (the engine is reached over IPC)", () => {
    expect(DESKTOP_CSP).toBe(rendererContentSecurityPolicy());
    expect(DESKTOP_CSP).toContain("connect-src 'self'");
    expect(DESKTOP_CSP).not.toMatch(/ws:|https?:/);
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
