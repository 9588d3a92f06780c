/**
 * The renderer's security settings in one place, as values that tests can read. Nothing here loads
 * Electron at run time (types only), so the policy is testable under plain Node.
 */
import type { WebPreferences } from 'electron';

/**
 * Sent as a response header with every file the app protocol serves (app-protocol.ts). Only our own
 * bundle runs: no remote or inline scripts, no eval. Monaco needs inline styles, data: fonts and
 * blob: workers; `connect-src 'self'` because the renderer talks to the engine over IPC, never the network.
 */
export const DESKTOP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

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
