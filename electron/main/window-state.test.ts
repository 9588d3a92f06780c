import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SIZE, MIN_SIZE, loadWindowState, restoreBounds, saveWindowState } from './window-state';

describe('window state file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ferry-state-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('round-trips bounds, maximized and theme, leaving no temp file behind', async () => {
    const file = join(dir, 'window-state.json');
    saveWindowState(file, { bounds: { x: 10, y: 20, width: 1000, height: 700 }, maximized: true, theme: 'dark' });
    expect(loadWindowState(file)).toEqual({ bounds: { x: 10, y: 20, width: 1000, height: 700 }, maximized: true, theme: 'dark' });
    expect(await readdir(dir)).toEqual(['window-state.json']);
    expect(JSON.parse(await readFile(file, 'utf8')).theme).toBe('dark');
  });

  it('treats a missing, corrupt or odd file as defaults', async () => {
    expect(loadWindowState(join(dir, 'missing.json'))).toEqual({});
    const file = join(dir, 'bad.json');
    await writeFile(file, '{"bounds": {"x": 1');
    expect(loadWindowState(file)).toEqual({});
    await writeFile(file, JSON.stringify({ bounds: { x: 'a', y: 0, width: 1, height: 1 }, maximized: 'yes', theme: 'neon' }));
    expect(loadWindowState(file)).toEqual({});
  });
});

describe('restoreBounds', () => {
  const screen = { x: 0, y: 0, width: 1920, height: 1040 };

  it('uses the default size, centred, the first time', () => {
    expect(restoreBounds(undefined, [screen])).toEqual(DEFAULT_SIZE);
  });

  it('keeps saved bounds that are on a display', () => {
    expect(restoreBounds({ x: 100, y: 80, width: 1000, height: 700 }, [screen])).toEqual({ x: 100, y: 80, width: 1000, height: 700 });
  });

  it('drops the position when its display is gone, and shrinks to the largest work area', () => {
    const laptop = { x: 0, y: 0, width: 1366, height: 740 };
    expect(restoreBounds({ x: 2500, y: 100, width: 1800, height: 1000 }, [laptop])).toEqual({ width: 1366, height: 740 });
  });

  it('never goes below the minimum size', () => {
    expect(restoreBounds({ x: 0, y: 0, width: 10, height: 10 }, [screen])).toMatchObject(MIN_SIZE);
  });
});
