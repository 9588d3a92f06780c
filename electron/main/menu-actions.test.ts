import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserWindow } from 'electron';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP_MENU_CHANNEL, isDesktopMenuEvent } from '../../shared/api';
import { createFileMenuActions, type MenuActionDeps } from './menu-actions';

/** A dialog that answers `paths` (empty = cancelled) and a window that records what main sends it. */
function setUp(paths: string[]) {
  const sent: unknown[] = [];
  const boxes: string[] = [];
  const details: string[] = [];
  const window = { webContents: { send: (channel: string, event: unknown) => sent.push([channel, event]) } } as unknown as BrowserWindow;
  const dialog = {
    showOpenDialog: async () => ({ canceled: paths.length === 0, filePaths: paths }),
    showMessageBox: async (_window: unknown, options: { message: string; detail?: string }) => {
      boxes.push(options.message);
      details.push(options.detail ?? '');
      return { response: 0, checkboxChecked: false };
    },
  } as unknown as MenuActionDeps['dialog'];
  return { actions: createFileMenuActions({ dialog, window: () => window }), sent, boxes, details };
}

describe('File menu actions', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ferry-menu-'));
    await mkdir(join(dir, 'api'), { recursive: true });
    await writeFile(join(dir, 'api', 'a.proto'), '');
    await mkdir(join(dir, 'empty'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('sends chosen .proto files with their folders as import paths', async () => {
    const { actions, sent } = setUp(['/p/a/x.proto', '/p/a/y.proto', '/p/b/z.proto']);
    await actions.openProtoFiles();
    expect(sent).toEqual([[DESKTOP_MENU_CHANNEL, { type: 'schema-source-chosen', source: { kind: 'proto-files', files: ['/p/a/x.proto', '/p/a/y.proto', '/p/b/z.proto'], importPaths: ['/p/a', '/p/b'] } }]]);
    expect(isDesktopMenuEvent((sent[0] as unknown[])[1])).toBe(true);
  });

  it('sends a chosen folder as the schema\'s input and import root, for the engine to read at each connect', async () => {
    const { actions, sent } = setUp([dir]);
    await actions.openProtoFolder();
    expect(sent).toEqual([[DESKTOP_MENU_CHANNEL, { type: 'schema-source-chosen', source: { kind: 'proto-files', files: [dir], importPaths: [dir] } }]]);
    expect(isDesktopMenuEvent((sent[0] as unknown[])[1])).toBe(true);
  });

  it('says what is wrong instead of sending a folder with no .proto file', async () => {
    const { actions, sent, boxes, details } = setUp([join(dir, 'empty')]);
    await actions.openProtoFolder();
    expect(sent).toEqual([]);
    expect(boxes).toEqual([`Ferry cannot load ${join(dir, 'empty')}.`]);
    expect(details).toEqual([`No .proto files in the folder ${join(dir, 'empty')} or below it.`]);
  });

  it('sends descriptor sets, and nothing when the dialog is cancelled', async () => {
    const chosen = setUp(['/p/all.protoset']);
    await chosen.actions.openDescriptorSet();
    expect(chosen.sent).toEqual([[DESKTOP_MENU_CHANNEL, { type: 'schema-source-chosen', source: { kind: 'descriptor-set', files: ['/p/all.protoset'] } }]]);
    const cancelled = setUp([]);
    await cancelled.actions.openProtoFiles();
    await cancelled.actions.openDescriptorSet();
    expect(cancelled.sent).toEqual([]);
  });
});
