/**
 * The desktop-only surface next to `window.ferry`: what exists only because there is a native shell
 * (menus, dropped files). `window.ferry` stays exactly `FerryApi`, so the renderer code that runs in a
 * browser under `ferry serve` never has to know about this object; it checks `window.ferryDesktop`.
 * Main sends the events, the preload checks and exposes them, the renderer carries them out.
 */
import type { SchemaSource } from '../model';

/** Main → renderer only; a separate channel so it can never be mistaken for an engine event. */
export const DESKTOP_MENU_CHANNEL = 'ferry-desktop:menu';

/**
 * A menu action the renderer carries out. Main has already asked the native dialog, so the paths are
 * absolute and chosen by the user; the renderer decides which connection they apply to.
 * `source` is ready for `ConnectionConfig.schema`.
 */
export type DesktopMenuEvent = { type: 'schema-source-chosen'; source: Exclude<SchemaSource, { kind: 'reflection' }> };

/** `DroppedFile` is the DOM's `File` (shared/ has no DOM types). */
export interface DesktopBridge<DroppedFile> {
  /** Subscribes to menu actions; returns the unsubscribe function. */
  onMenuEvent(listener: (event: DesktopMenuEvent) => void): () => void;
  /**
   * The file-system path of a `File` from a drop event (sandboxed renderers no longer see `File.path`);
   * an empty string for files that did not come from disk.
   */
  getPathForFile(file: DroppedFile): string;
}

const isPathList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string' && item.length > 0);

/** The receiving side's check (main is trusted, but a check at each receiving edge is the house rule). */
export function isDesktopMenuEvent(value: unknown): value is DesktopMenuEvent {
  if (typeof value !== 'object' || value === null) return false;
  const { type, source } = value as { type?: unknown; source?: { kind?: unknown; files?: unknown; importPaths?: unknown } };
  if (type !== 'schema-source-chosen' || typeof source !== 'object' || source === null) return false;
  if (source.kind === 'descriptor-set') return isPathList(source.files);
  return source.kind === 'proto-files' && isPathList(source.files) && isPathList(source.importPaths);
}
