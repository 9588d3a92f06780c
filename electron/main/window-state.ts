/**
 * The main window's size, position and maximized flag, plus the chosen theme, kept in
 * `<userData>/window-state.json`. Plain Node (no Electron), so it is tested directly.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type ThemeSource = 'system' | 'light' | 'dark';

export interface WindowState {
  bounds?: Rect;
  maximized?: boolean;
  theme?: ThemeSource;
}

export const DEFAULT_SIZE = { width: 1280, height: 820 };
export const MIN_SIZE = { width: 720, height: 480 };

const isInt = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);

function toRect(value: unknown): Rect | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { x, y, width, height } = value as Record<string, unknown>;
  if (!isInt(x) || !isInt(y) || !isInt(width) || !isInt(height)) return undefined;
  return { x, y, width, height };
}

/** Reads the state; a missing or corrupt file is not an error, it just means "defaults". */
export function loadWindowState(file: string): WindowState {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return {};
  }
  if (typeof raw !== 'object' || raw === null) return {};
  const value = raw as Record<string, unknown>;
  const bounds = toRect(value.bounds);
  const theme = value.theme === 'light' || value.theme === 'dark' || value.theme === 'system' ? value.theme : undefined;
  return {
    ...(bounds && { bounds }),
    ...(value.maximized === true && { maximized: true }),
    ...(theme && { theme }),
  };
}

/**
 * Writes atomically (temp file + rename), so a crash mid-write never leaves a half file. Synchronous on
 * purpose: it runs on window close, and the app may quit before an async write would finish; the file
 * is under 200 bytes and saves are debounced.
 */
export function saveWindowState(file: string, state: WindowState): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(state, null, 2)}\n`, 'utf8');
  renameSync(temp, file);
}

function overlap(a: Rect, b: Rect): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}

/**
 * Where to open the window: the saved bounds if enough of them (a 100×50 px grab area) is on a display
 * that still exists, else the default size centred by Electron. Sizes are clamped to the minimum and to
 * the largest work area, for a monitor that was unplugged or shrank.
 */
export function restoreBounds(saved: Rect | undefined, workAreas: readonly Rect[]): Partial<Rect> & { width: number; height: number } {
  const largest = workAreas.reduce((a, b) => (a.width * a.height >= b.width * b.height ? a : b), { x: 0, y: 0, width: 0, height: 0 });
  const clampSize = (width: number, height: number) => ({
    width: Math.max(MIN_SIZE.width, largest.width > 0 ? Math.min(width, largest.width) : width),
    height: Math.max(MIN_SIZE.height, largest.height > 0 ? Math.min(height, largest.height) : height),
  });
  if (!saved) return clampSize(DEFAULT_SIZE.width, DEFAULT_SIZE.height);
  const size = clampSize(saved.width, saved.height);
  const visible = workAreas.some((area) => overlap({ x: saved.x, y: saved.y, width: size.width, height: Math.min(size.height, 50) }, area) >= Math.min(100, size.width) * Math.min(50, size.height));
  return visible ? { x: saved.x, y: saved.y, ...size } : size;
}
