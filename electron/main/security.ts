/**
 * The renderer's security settings in one place, as values that tests can read. Nothing here loads
 * Electron at run time (types only), so the policy is testable under plain Node.
 */
import type { WebPreferences } from 'electron';
import { rendererContentSecurityPolicy } from '../../shared/api';

/**
 * Sent as a response header with every file the app protocol serves (app-protocol.ts): the renderer's
 * policy, connecting nowhere but itself, because the renderer talks to the engine over IPC.
 */
export const DESKTOP_CSP = rendererContentSecurityPolicy();

/** The window's webPreferences: an XSS in the renderer must stay inside the renderer (unlike BloomRPC). */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

/**
 * Links the user may open in the system browser: http(s) with a host and no credentials. Anything else
 * (file:, javascript:, custom schemes that launch other apps) is never handed to `shell.openExternal`.
 */
export function isSafeExternalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return false;
  return parsed.hostname.length > 0 && parsed.username === '' && parsed.password === '';
}

/**
 * Permission requests are denied, with one exception: writing text to the clipboard from our own page,
 * which the "copy as grpcurl" and "copy response" buttons need. Reading the clipboard stays denied.
 */
export function isPermissionAllowed(permission: string, requestingUrl: string, isAppUrl: (url: string) => boolean): boolean {
  return permission === 'clipboard-sanitized-write' && isAppUrl(requestingUrl);
}
