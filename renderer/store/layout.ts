/** The window's panes: sizes the user set with the splitters, and which side panes are shown. */
export interface Layout {
  /** Service explorer width, px. */
  explorerWidth: number;
  /** Workspace panel width, px. */
  workspaceWidth: number;
  /**
   * The request's share of the request/response split, percent. Below half by default: the response side
   * holds the stream timeline, whose Summary column needs the width more than the request's JSON does.
   */
  requestPercent: number;
  /** The method docs' height under the service tree, px. */
  docsHeight: number;
  explorerOpen: boolean;
  workspaceOpen: boolean;
}

export type LayoutPane = 'explorer' | 'workspace' | 'request' | 'docs';

export const DEFAULT_LAYOUT: Layout = { explorerWidth: 280, workspaceWidth: 300, requestPercent: 42, docsHeight: 240, explorerOpen: true, workspaceOpen: true };

/** Limits per pane, in its own unit (px, or percent for the request split). */
export const LAYOUT_LIMITS: Record<LayoutPane, { min: number; max: number }> = {
  explorer: { min: 180, max: 640 },
  workspace: { min: 220, max: 720 },
  request: { min: 20, max: 80 },
  docs: { min: 80, max: 640 },
};

const clamp = (value: number, { min, max }: { min: number; max: number }) => Math.min(max, Math.max(min, value));

/**
 * The layout after a splitter moved by `deltaPx` (positive: right or down). The workspace panel sits right
 * of its splitter, so moving right makes it narrower; the docs sit below theirs. `requestAreaPx` is the
 * width the request and response share, to turn pixels into percent.
 */
export function resizeLayout(layout: Layout, pane: LayoutPane, deltaPx: number, requestAreaPx = 1000): Layout {
  switch (pane) {
    case 'explorer':
      return { ...layout, explorerOpen: true, explorerWidth: clamp(layout.explorerWidth + deltaPx, LAYOUT_LIMITS.explorer) };
    case 'workspace':
      return { ...layout, workspaceOpen: true, workspaceWidth: clamp(layout.workspaceWidth - deltaPx, LAYOUT_LIMITS.workspace) };
    case 'request':
      return { ...layout, requestPercent: clamp(layout.requestPercent + (deltaPx / Math.max(requestAreaPx, 1)) * 100, LAYOUT_LIMITS.request) };
    case 'docs':
      return { ...layout, docsHeight: clamp(layout.docsHeight - deltaPx, LAYOUT_LIMITS.docs) };
  }
}

/** A stored layout, field by field: anything missing or out of range falls back to the default. */
export function layoutFrom(stored: unknown): Layout {
  const value = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  const number = (key: keyof Layout, pane: LayoutPane) => (typeof value[key] === 'number' && Number.isFinite(value[key]) ? clamp(value[key], LAYOUT_LIMITS[pane]) : (DEFAULT_LAYOUT[key] as number));
  const flag = (key: 'explorerOpen' | 'workspaceOpen') => (typeof value[key] === 'boolean' ? value[key] : DEFAULT_LAYOUT[key]);
  return {
    explorerWidth: number('explorerWidth', 'explorer'),
    workspaceWidth: number('workspaceWidth', 'workspace'),
    requestPercent: number('requestPercent', 'request'),
    docsHeight: number('docsHeight', 'docs'),
    explorerOpen: flag('explorerOpen'),
    workspaceOpen: flag('workspaceOpen'),
  };
}
