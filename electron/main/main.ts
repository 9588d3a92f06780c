/**
 * The desktop app's entry (bundled to dist/electron/main.cjs). Wiring only: every decision lives in a
 * module that takes Electron objects as parameters and is tested without Electron.
 *   - one instance (a second launch focuses the first window), one main window
 *   - renderer served from app://ferry/ (app-protocol.ts), CSP on every response, sandboxed
 *   - one engine for the app's lifetime; IPC handlers check the sender, validate, forward (ipc-handlers.ts)
 *   - a large first schema load split over worker threads running schema-part-thread.cjs, as the CLI's are
 */
import '../engine/proto-tokenizer-first';
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeTheme, net, protocol, session } from 'electron';
import { createEngine, useParseThreads, workerParseThreads } from '../engine';
import { buildMenuTemplate } from './app-menu';
import { APP_SCHEME_PRIVILEGES, isAppUrl, registerAppProtocol } from './app-protocol';
import { registerFerryIpc, type IpcInvokeEventLike } from './ipc-handlers';
import { createMainWindow, lockDownContents } from './main-window';
import { createFileMenuActions } from './menu-actions';
import { quitAfterClose } from './quit-after-close';
import { isPermissionAllowed } from './security';
import { loadWindowState, saveWindowState, type ThemeSource } from './window-state';

// Paths are relative to this bundle: dist/electron/main.cjs → dist/electron/preload.cjs, dist/renderer/.
const PRELOAD_PATH = join(__dirname, 'preload.cjs');
const RENDERER_DIR = join(__dirname, '..', 'renderer');
const ICON_PATH = join(__dirname, '..', '..', 'assets', 'icon.png');
// Inside app.asar once packaged: Electron's worker threads read from it as its main process does.
const SCHEMA_PART_THREAD = join(__dirname, 'schema-part-thread.cjs');

let mainWindow: BrowserWindow | undefined;

function stateFile(): string {
  return join(app.getPath('userData'), 'window-state.json');
}

function focusMainWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

/** Only our main window's top frame, showing our own bundle, may call the engine. */
function isTrustedSender(event: IpcInvokeEventLike): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && isAppUrl(frame.url) && mainWindow !== undefined && !mainWindow.isDestroyed() && event.sender === mainWindow.webContents;
}

function setTheme(theme: ThemeSource): void {
  nativeTheme.themeSource = theme;
  try {
    saveWindowState(stateFile(), { ...loadWindowState(stateFile()), theme });
  } catch {
    // The choice still applies for this run.
  }
  installMenu();
}

function showAbout(): void {
  const box = {
    type: 'info' as const,
    title: 'About Ferry',
    message: `Ferry ${app.getVersion()}`,
    detail: `A desktop gRPC client.\nElectron ${process.versions.electron} · Chromium ${process.versions.chrome} · Node ${process.versions.node}`,
  };
  void (mainWindow ? dialog.showMessageBox(mainWindow, box) : dialog.showMessageBox(box));
}

function installMenu(): void {
  const files = createFileMenuActions({ dialog, window: () => mainWindow });
  const template = buildMenuTemplate({
    appName: app.name,
    platform: process.platform,
    isPackaged: app.isPackaged,
    theme: nativeTheme.themeSource,
    actions: { openProtoFiles: () => void files.openProtoFiles(), openProtoFolder: () => void files.openProtoFolder(), openDescriptorSet: () => void files.openDescriptorSet(), setTheme, showAbout },
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

function openMainWindow(): void {
  mainWindow = createMainWindow({
    preloadPath: PRELOAD_PATH,
    stateFile: stateFile(),
    ...(process.platform === 'linux' && { iconPath: ICON_PATH }),
    extraState: () => ({ theme: nativeTheme.themeSource }),
  });
  const contents = mainWindow.webContents;
  mainWindow.on('closed', () => {
    mainWindow = undefined;
  });
  // A reloaded or crashed page lost its state: stop what it started (closing is handled by 'destroyed').
  // At the start of the navigation, not its end, so the new page's first calls are never released.
  contents.on('did-start-navigation', (event) => {
    if (event.isMainFrame && !event.isSameDocument) ipc?.releaseSender(contents);
  });
  contents.on('render-process-gone', () => ipc?.releaseSender(contents));
}

let ipc: ReturnType<typeof registerFerryIpc> | undefined;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.enableSandbox();
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  app.on('second-instance', focusMainWindow);
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents));

  void app.whenReady().then(() => {
    const theme = loadWindowState(stateFile()).theme;
    if (theme) nativeTheme.themeSource = theme;
    session.defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) => callback(isPermissionAllowed(permission, details.requestingUrl, isAppUrl)));
    session.defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isPermissionAllowed(permission, requestingOrigin, isAppUrl));
    registerAppProtocol(protocol, net, RENDERER_DIR);

    useParseThreads(workerParseThreads({ path: SCHEMA_PART_THREAD }));
    // History lives in the app's own data folder, never in a workspace (it holds responses).
    const engine = createEngine({ dataDir: app.getPath('userData') });
    ipc = registerFerryIpc(ipcMain, engine, {
      isTrustedSender,
      onBug: (command, error) => process.stderr.write(`ferry: internal error in ${command}: ${error.details?.stack ?? error.message}\n`),
    });
    quitAfterClose(app, async () => {
      ipc?.dispose();
      await engine.close();
    });

    installMenu();
    openMainWindow();
    app.on('activate', () => {
      if (!mainWindow) openMainWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
