// The sandboxed preload: bundled into one CJS file (scripts/build-desktop.mjs), because a sandboxed
// preload can require only `electron` and a few Node shims. Everything else is in create-preload-api.ts.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createDesktopBridge, createPreloadApi } from './create-preload-api';

contextBridge.exposeInMainWorld('ferry', createPreloadApi(ipcRenderer));
contextBridge.exposeInMainWorld('ferryDesktop', createDesktopBridge(ipcRenderer, webUtils));
