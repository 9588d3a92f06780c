import { describe, expect, it, vi } from 'vitest';
import { FERRY_COMMANDS } from '../../shared/api';

// The electron module is replaced before preload.ts imports it: the real one is never loaded here.
const exposed = new Map<string, Record<string, unknown>>();
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => exposed.set(key, api) },
  ipcRenderer: { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn() },
  webUtils: { getPathForFile: vi.fn() },
}));

describe('preload entry', () => {
  it('exposes window.ferry (FerryApi) and window.ferryDesktop, nothing else', async () => {
    await import('./preload');
    expect([...exposed.keys()]).toEqual(['ferry', 'ferryDesktop']);
    expect(Object.keys(exposed.get('ferry')!).sort()).toEqual([...FERRY_COMMANDS, 'onEvent'].sort());
    expect(Object.keys(exposed.get('ferryDesktop')!).sort()).toEqual(['getPathForFile', 'onMenuEvent']);
  });
});
