import type { DesktopBridge, FerryApi } from '../../shared/api';
import { createWsClient, wsApiEndpoint } from '../api/ws-client';

/**
 * The FerryApi this page talks to: the Electron preload's bridge when there is one, otherwise the
 * `ferry serve` WebSocket at /api of the page's own host, with the token from `?token=` (or, after a
 * reload, the cookie the server set).
 */
export function resolveFerryApi(): FerryApi {
  const bridged = (window as Window & { ferry?: FerryApi }).ferry;
  if (bridged) return bridged;
  const { url, token } = wsApiEndpoint(window.location.href);
  return createWsClient(url, token);
}

/** The desktop shell's extras (menus, dropped files); undefined in a browser under `ferry serve`. */
export function resolveDesktopBridge(): DesktopBridge<File> | undefined {
  return (window as Window & { ferryDesktop?: DesktopBridge<File> }).ferryDesktop;
}
