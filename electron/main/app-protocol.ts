/**
 * The renderer is served from `app://ferry/`, not `file://`: a standard, secure origin of its own, so
 * `'self'` in the CSP means exactly our bundle, the IPC sender check can compare origins, and no page
 * can read arbitrary files through file:// URLs (Electron security checklist item 18).
 * Files come from `dist/renderer` (built by `vite build`); the default Vite `base` ('/') works.
 */
import { stat } from 'node:fs/promises';
import { isAbsolute, join, normalize, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CustomScheme, Net, Protocol } from 'electron';
import { DESKTOP_CSP } from './security';

export const APP_SCHEME = 'app';
export const APP_HOST = 'ferry';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * Registered before `ready`. `standard` gives real origins and relative URLs, `secure` a secure context
 * (clipboard, crypto), `supportFetchAPI` and `corsEnabled` let module scripts and workers load from it.
 * Deliberately not `bypassCSP`.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true },
};

/** True for a URL of our own renderer bundle; the IPC sender, permission and navigation checks use it. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/**
 * The file under `rootDir` an app URL names, or undefined when it names something else or climbs out
 * (`..`, encoded or not). `/` is `index.html`.
 */
export function resolveAppAsset(rootDir: string, url: string): string | undefined {
  if (!isAppUrl(url)) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(new URL(url).pathname);
  } catch {
    return undefined;
  }
  if (path.includes('\0')) return undefined;
  const file = normalize(join(rootDir, path === '/' ? 'index.html' : path));
  const inside = relative(rootDir, file);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) return undefined;
  return file;
}

function textResponse(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'content-security-policy': DESKTOP_CSP } });
}

/**
 * Serves `rootDir` on the app scheme. Every response carries the CSP (workers get theirs from their own
 * response), and `nosniff` so a file is never run as something it is not.
 */
export function registerAppProtocol(protocol: Pick<Protocol, 'handle'>, net: Pick<Net, 'fetch'>, rootDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return textResponse(405, 'method not allowed');
    const file = resolveAppAsset(rootDir, request.url);
    if (file === undefined) return textResponse(404, 'not found');
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) return textResponse(404, 'not found');
    // net.fetch of a file URL gives the right content-type; the headers are ours.
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('content-security-policy', DESKTOP_CSP);
    headers.set('x-content-type-options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}
