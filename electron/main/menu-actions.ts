/**
 * What the File menu's items do: ask a native dialog (main owns the file system) and hand the chosen
 * paths to the renderer as a DesktopMenuEvent. Electron objects are injected, so this runs in tests.
 */
import { dirname } from 'node:path';
import type { BrowserWindow, Dialog, OpenDialogOptions } from 'electron';
import { DESKTOP_MENU_CHANNEL, type DesktopMenuEvent } from '../../shared/api';
import { attemptSync } from '../../shared/errors';
import { expandProtoFolders } from '../engine';

export interface MenuActionDeps {
  dialog: Pick<Dialog, 'showOpenDialog' | 'showMessageBox'>;
  /** The window the dialog belongs to and the event goes to; undefined when no window is open. */
  window(): BrowserWindow | undefined;
}

const unique = (values: string[]) => [...new Set(values)];

export function createFileMenuActions(deps: MenuActionDeps) {
  async function choose(options: OpenDialogOptions): Promise<string[]> {
    const window = deps.window();
    const result = window ? await deps.dialog.showOpenDialog(window, options) : await deps.dialog.showOpenDialog(options);
    return result.canceled ? [] : result.filePaths;
  }

  function send(event: DesktopMenuEvent): void {
    deps.window()?.webContents.send(DESKTOP_MENU_CHANNEL, event);
  }

  return {
    /** Each file's own folder becomes an import path, so sibling imports resolve. */
    async openProtoFiles(): Promise<void> {
      const files = await choose({ title: 'Open .proto Files', properties: ['openFile', 'multiSelections'], filters: [{ name: 'Protocol Buffers', extensions: ['proto'] }] });
      if (files.length > 0) send({ type: 'schema-source-chosen', source: { kind: 'proto-files', files, importPaths: unique(files.map((file) => dirname(file))) } });
    },
    /**
     * The folder itself is the schema's one input and its import root: the engine loads every .proto file in
     * and below it at each connect, so files added later load too. It is looked into once here, by the
     * engine's own walk, so an empty or far too large folder is said at once, in a dialog.
     */
    async openProtoFolder(): Promise<void> {
      const [folder] = await choose({ title: 'Open Folder of .proto Files', properties: ['openDirectory'] });
      if (folder === undefined) return;
      const looked = attemptSync(() => expandProtoFolders([folder]));
      if (!looked.ok) {
        const window = deps.window();
        const { message } = looked.error;
        const box = { type: 'warning' as const, message: `Ferry cannot load ${folder}.`, detail: `${message.charAt(0).toUpperCase()}${message.slice(1)}.` };
        await (window ? deps.dialog.showMessageBox(window, box) : deps.dialog.showMessageBox(box));
        return;
      }
      send({ type: 'schema-source-chosen', source: { kind: 'proto-files', files: [folder], importPaths: [folder] } });
    },
    async openDescriptorSet(): Promise<void> {
      const files = await choose({
        title: 'Open Descriptor Set',
        properties: ['openFile', 'multiSelections'],
        filters: [{ name: 'Descriptor sets', extensions: ['protoset', 'pb', 'bin', 'desc'] }, { name: 'All files', extensions: ['*'] }],
      });
      if (files.length > 0) send({ type: 'schema-source-chosen', source: { kind: 'descriptor-set', files } });
    },
  };
}
