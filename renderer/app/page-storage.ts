/**
 * The page's storage (localStorage) keeps the session and the preferences, so a reload brings back the tabs,
 * connection settings, workspace, theme and pane sizes. What it holds is checked before use: a corrupt or
 * foreign value is ignored with a notice, never a crash. Writes are coalesced and flushed when the page hides.
 */
import { describeFerryError } from '../../shared/errors';
import { layoutFrom, readStoredSession, recentTargetsFrom, storedSessionOf, type FerryState, type FerryStore, type ThemeChoice } from '../store';

const SESSION_KEY = 'ferry.session';
const PREFS_KEY = 'ferry.prefs';
const WRITE_DELAY_MS = 400;

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined; // storage switched off for this page
  }
}

function readPrefs(store: FerryStore, text: string | null): void {
  if (text === null) return;
  try {
    const prefs = JSON.parse(text) as { themeChoice?: unknown; layout?: unknown; recentTargets?: unknown };
    const choices: ThemeChoice[] = ['system', 'light', 'dark'];
    if (choices.includes(prefs.themeChoice as ThemeChoice)) store.getState().setThemeChoice(prefs.themeChoice as ThemeChoice);
    store.getState().setLayout(layoutFrom(prefs.layout));
    store.getState().setRecentTargets(recentTargetsFrom(prefs.recentTargets));
  } catch {
    // Preferences are a convenience: unreadable ones are the defaults.
  }
}

/**
 * Restores preferences and tabs at once, then reopens the workspace and reconnects in the background; says so
 * when the stored session is unusable.
 */
export function restoreFromPageStorage(store: FerryStore): void {
  const local = storage();
  if (!local) return;
  readPrefs(store, local.getItem(PREFS_KEY));
  const text = local.getItem(SESSION_KEY);
  if (text === null) return;
  const session = readStoredSession(text);
  if (!session.ok) {
    store.getState().setNotice(`The tabs of the last session could not be restored (${describeFerryError(session.error)}); Ferry started with a fresh one.`);
    return;
  }
  store
    .getState()
    .restoreSession(session.value)
    .catch((reason: unknown) => store.getState().setNotice(`Restoring the last session stopped: ${reason instanceof Error ? reason.message : String(reason)}.`));
}

function changesStoredState(state: FerryState, previous: FerryState): boolean {
  const { workspace: w, connection: c, ui } = state;
  const { workspace: pw, connection: pc, ui: pui } = previous;
  return (
    state.tabs !== previous.tabs ||
    state.activeTabId !== previous.activeTabId ||
    c.form !== pc.form ||
    c.status !== pc.status ||
    c.recentTargets !== pc.recentTargets ||
    w.dir !== pw.dir ||
    w.status !== pw.status ||
    w.environment !== pw.environment ||
    w.snapshot?.root !== pw.snapshot?.root ||
    state.mock.port !== previous.mock.port ||
    state.mock.responses !== previous.mock.responses ||
    state.mock.web !== previous.mock.web ||
    state.mock.passthrough !== previous.mock.passthrough ||
    state.mock.record !== previous.mock.record ||
    state.mock.file !== previous.mock.file ||
    ui.themeChoice !== pui.themeChoice ||
    ui.layout !== pui.layout
  );
}

export interface PageStorageWriter {
  /** True when the last write failed (storage full or off): a reload would lose the tabs. */
  failed(): boolean;
}

/** Writes the session and preferences as they change (at most every WRITE_DELAY_MS), and when the page hides. */
export function keepInPageStorage(store: FerryStore): PageStorageWriter {
  const local = storage();
  let failed = local === undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const written = new Map<string, string>();
  const put = (key: string, text: string) => {
    if (written.get(key) === text || !local) return;
    try {
      local.setItem(key, text);
      written.set(key, text);
      failed = false;
    } catch (reason) {
      if (!failed) store.getState().setNotice(`This page cannot keep the session for a reload (${reason instanceof Error ? reason.message : String(reason)}).`);
      failed = true;
    }
  };
  const flush = () => {
    timer = undefined;
    const state = store.getState();
    put(SESSION_KEY, JSON.stringify(storedSessionOf(state)));
    put(PREFS_KEY, JSON.stringify({ themeChoice: state.ui.themeChoice, layout: state.ui.layout, recentTargets: state.connection.recentTargets }));
  };
  // A busy stream changes the store every frame; only what the session holds schedules a write.
  store.subscribe((state, previous) => {
    if (!changesStoredState(state, previous)) return;
    timer ??= setTimeout(flush, WRITE_DELAY_MS);
  });
  window.addEventListener('pagehide', flush);
  return { failed: () => failed };
}
