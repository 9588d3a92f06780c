import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { buildMenuTemplate, type MenuActions } from './app-menu';

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

function build(isPackaged: boolean, platform: NodeJS.Platform = 'linux') {
  const calls: string[] = [];
  const actions: MenuActions = {
    openProtoFiles: () => calls.push('files'),
    openProtoFolder: () => calls.push('folder'),
    openDescriptorSet: () => calls.push('descriptor-set'),
    setTheme: (theme) => calls.push(`theme:${theme}`),
    showAbout: () => calls.push('about'),
  };
  const items = flatten(buildMenuTemplate({ appName: 'Ferry', platform, isPackaged, theme: 'dark', actions }));
  const click = (label: string) => (items.find((item) => item.label === label)?.click as (() => void) | undefined)?.();
  return { items, calls, click };
}

describe('buildMenuTemplate', () => {
  it('has File, Edit, View and Help menus', () => {
    const top = buildMenuTemplate({ appName: 'Ferry', platform: 'linux', isPackaged: true, theme: 'system', actions: {} as MenuActions });
    expect(top.map((item) => item.label ?? item.role)).toEqual(['File', 'Edit', 'View', 'windowMenu', 'help']);
  });

  it('wires the open items, theme and about to their actions', () => {
    const { click, calls, items } = build(true);
    for (const label of ['Open .proto Files…', 'Open Folder of .proto Files…', 'Open Descriptor Set…', 'Light', 'About Ferry']) click(label);
    expect(calls).toEqual(['files', 'folder', 'descriptor-set', 'theme:light', 'about']);
    expect(items.find((item) => item.label === 'Dark')?.checked).toBe(true);
  });

  it('has zoom and edit roles, and developer tools only when not packaged', () => {
    const roles = (isPackaged: boolean) => build(isPackaged).items.map((item) => item.role).filter(Boolean);
    expect(roles(true)).toEqual(expect.arrayContaining(['zoomIn', 'zoomOut', 'resetZoom', 'copy', 'paste', 'selectAll']));
    expect(roles(true)).not.toContain('toggleDevTools');
    expect(roles(true)).not.toContain('reload');
    expect(roles(false)).toContain('toggleDevTools');
  });

  it('puts About in the app menu on macOS', () => {
    const top = buildMenuTemplate({ appName: 'Ferry', platform: 'darwin', isPackaged: true, theme: 'system', actions: {} as MenuActions });
    expect(top[0]?.label).toBe('Ferry');
    expect(flatten([top[0]!]).map((item) => item.label)).toContain('About Ferry');
  });
});
