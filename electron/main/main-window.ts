/**
 * The one main window: secure webPreferences, bounds remembered across runs, navigation and new
 * windows refused (http(s) links go to the system browser after a check).
 */
import { BrowserWindow, screen, shell, type Event as ElectronEvent, type WebContents } from 'electron';
import { APP_ENTRY_URL, isAppUrl } from './app-protocol';
import { isSafeExternalUrl, secureWebPreferences } from './security';
import { loadWindowState, restoreBounds, saveWindowState, MIN_SIZE, type WindowState } from './window-state';

export interface MainWindowOptions {
  preloadPath: string;
  /** `<userData>/window-state.json`. */
  stateFile: string;
  /** Linux shows this in the task bar; macOS and Windows take the icon from the packaged app. */
  iconPath?: string;
  /** Fields of the state file owned by others (theme), kept when bounds are saved. */
  extraState(): Omit<WindowState, 'bounds' | 'maximized'>;
}

/** Installed on every webContents the app creates (app.on('web-contents-created')), not just ours. */
export function lockDownContents(contents: WebContents): void {
  const openIfSafe = (url: string) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK -- http(s) only, checked just before
  };
  contents.setWindowOpenHandler(({ url }) => {
    openIfSafe(url);
    return { action: 'deny' };
  });
  const refuse = (event: ElectronEvent, url: string) => {
    // The bundle is one page: any navigation, including a file dropped outside a drop zone, is refused.
    event.preventDefault();
    if (!isAppUrl(url)) openIfSafe(url);
  };
  contents.on('will-navigate', (event) => refuse(event, event.url));
  contents.on('will-redirect', (event) => refuse(event, event.url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const saved = loadWindowState(options.stateFile);
  const bounds = restoreBounds(saved.bounds, screen.getAllDisplays().map((display) => display.workArea));
  // Electronegativity reads only literal webPreferences; ours come from secureWebPreferences() (security.ts),
  // whose values security.test.ts asserts. Middle-click (auxclick) new windows go to setWindowOpenHandler.
  const window = new BrowserWindow({ // eng-disable NODE_INTEGRATION_JS_CHECK CONTEXT_ISOLATION_JS_CHECK SANDBOX_JS_CHECK AUXCLICK_JS_CHECK
    ...bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: 'Ferry',
    show: false,
    backgroundColor: '#1e1e1e',
    ...(options.iconPath && { icon: options.iconPath }),
    webPreferences: secureWebPreferences(options.preloadPath),
  });
  if (saved.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());

  // Normal bounds, so un-maximizing next time returns to the size the user had chosen.
  const save = () => {
    if (window.isDestroyed()) return;
    try {
      saveWindowState(options.stateFile, { ...options.extraState(), bounds: window.getNormalBounds(), maximized: window.isMaximized() });
    } catch {
      // Losing the window position is not worth an error dialog.
    }
  };
  let timer: NodeJS.Timeout | undefined;
  const saveSoon = () => {
    clearTimeout(timer);
    timer = setTimeout(save, 500);
  };
  window.on('resize', saveSoon);
  window.on('move', saveSoon);
  window.on('maximize', saveSoon);
  window.on('unmaximize', saveSoon);
  window.on('close', () => {
    clearTimeout(timer);
    save();
  });

  void window.loadURL(APP_ENTRY_URL);
  return window;
}
