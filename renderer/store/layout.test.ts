import { describe, expect, it } from 'vitest';
import { DEFAULT_LAYOUT, layoutFrom, resizeLayout } from './layout';

describe('layout', () => {
  it('moves each splitter the way its pane grows, within limits', () => {
    expect(resizeLayout(DEFAULT_LAYOUT, 'explorer', 40).explorerWidth).toBe(320);
    expect(resizeLayout(DEFAULT_LAYOUT, 'explorer', -Infinity).explorerWidth).toBe(180);
    expect(resizeLayout(DEFAULT_LAYOUT, 'workspace', 40).workspaceWidth).toBe(260);
    expect(resizeLayout(DEFAULT_LAYOUT, 'workspace', Infinity).workspaceWidth).toBe(220);
    expect(resizeLayout(DEFAULT_LAYOUT, 'request', 100, 1000).requestPercent).toBe(DEFAULT_LAYOUT.requestPercent + 10);
    expect(resizeLayout(DEFAULT_LAYOUT, 'docs', -40).docsHeight).toBe(280);
  });

  it('opens a collapsed pane that is resized', () => {
    expect(resizeLayout({ ...DEFAULT_LAYOUT, explorerOpen: false }, 'explorer', 16).explorerOpen).toBe(true);
  });

  it('reads a stored layout field by field, falling back on anything odd', () => {
    expect(layoutFrom(undefined)).toEqual(DEFAULT_LAYOUT);
    expect(layoutFrom({ explorerWidth: 5000, workspaceWidth: 'wide', explorerOpen: false, requestPercent: NaN })).toEqual({ ...DEFAULT_LAYOUT, explorerWidth: 640, explorerOpen: false });
  });
});
