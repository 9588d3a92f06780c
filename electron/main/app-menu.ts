/**
 * The application menu as data. Actions are injected, so the template is testable without Electron
 * (only `Menu.buildFromTemplate` in main.ts needs it). Items that open files show a native dialog in
 * main and hand the chosen paths to the renderer on DESKTOP_MENU_CHANNEL (see menu-actions.ts): main
 * never loads a schema on its own, the renderer decides which connection it is for.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { ThemeSource } from './window-state';

export interface MenuActions {
  openProtoFiles(): void;
  openProtoFolder(): void;
  openDescriptorSet(): void;
  setTheme(theme: ThemeSource): void;
  showAbout(): void;
}

export interface MenuOptions {
  appName: string;
  platform: NodeJS.Platform;
  /** Developer items (reload, devtools) exist only in unpackaged builds. */
  isPackaged: boolean;
  theme: ThemeSource;
  actions: MenuActions;
}

export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const { actions } = options;
  const mac = options.platform === 'darwin';
  const themeItem = (theme: ThemeSource, label: string): MenuItemConstructorOptions => ({
    label,
    type: 'radio',
    checked: options.theme === theme,
    click: () => actions.setTheme(theme),
  });
  const developer: MenuItemConstructorOptions[] = options.isPackaged
    ? []
    : [{ type: 'separator' }, { role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }];
  const about: MenuItemConstructorOptions = { label: `About ${options.appName}`, click: () => actions.showAbout() };

  return [
    ...(mac
      ? [{ label: options.appName, submenu: [about, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }] } satisfies MenuItemConstructorOptions]
      : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open .proto Files…', accelerator: 'CmdOrCtrl+O', click: () => actions.openProtoFiles() },
        { label: 'Open Folder of .proto Files…', accelerator: 'CmdOrCtrl+Shift+O', click: () => actions.openProtoFolder() },
        { label: 'Open Descriptor Set…', click: () => actions.openDescriptorSet() },
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'delete' },
        { type: 'separator' },
        { role: 'selectAll' },
      ],
    },
    {
      label: 'View',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        // Sets nativeTheme.themeSource: the renderer follows `prefers-color-scheme`, no IPC needed.
        { label: 'Theme', submenu: [themeItem('system', 'System'), themeItem('light', 'Light'), themeItem('dark', 'Dark')] },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...developer,
      ],
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: mac ? [] : [about] },
  ];
}
