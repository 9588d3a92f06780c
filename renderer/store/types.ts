import type { EventPage, EventQuery, FerryApi, FerryEvent, MessageDirection, PickedText, StagedFile, StoredMessage } from '../../shared/api';
import type { FerryError, Result } from '../../shared/errors';
import type { JsonPathSegment } from '../../shared/json';
import type { Assertion, Capture, ConnectionCheck, ConnectionInfo, ConnectivityState, EnvironmentVariable, FileStamp, OAuth2Grant, SavedMetadataEntry, HistoryEntry, MessageTemplate, MethodSummary, RequestFile, ServiceSummary, WorkspaceSnapshot } from '../../shared/model';
import type { ConnectionForm } from './connection-form';
import type { AssertionCheck } from './assertions';
import type { CaptureCheck, CapturedValue } from './captures';
import type { CollectionRun, RunData, RunRepeat } from './collection-run';
import type { EditorProblem } from './body-problems';
import type { LoadSettings, LoadTestView } from './load-test';
import type { MockSlice } from './mock-slice';
import type { Layout, LayoutPane } from './layout';
import type { SessionView } from './session-view';
import type { StoredSession } from './stored-session';

export type Loadable<T> = { status: 'loading' } | { status: 'ok'; value: T } | { status: 'error'; error: FerryError };

export interface ConnectionSlice {
  connection: {
    form: ConnectionForm;
    status: 'idle' | 'connecting' | 'connected' | 'failed';
    info?: ConnectionInfo;
    connectivity?: ConnectivityState;
    error?: FerryError;
    /**
     * The target the last Connect could not reach. When set while `connected`, the previous connection is
     * still the one in use (its tree, its Send); the error says why the new one failed.
     */
    failedTarget?: string;
    reloading: boolean;
    /** Files the schema was read from that changed on disk since it was loaded; unset when none (or unknown). */
    changedOnDisk?: string[];
    /** Targets connected to, newest first (recent-targets.ts); kept with the page's preferences. */
    recentTargets: string[];
    /** The last Check connection of the form's settings, while it runs and once it answered; unset when closed. */
    check?: { status: 'checking' } | { status: 'done'; result: ConnectionCheck } | { status: 'error'; error: FerryError };
  };
  setConnectionForm(patch: Partial<ConnectionForm>): void;
  /** Checks how the form's server is reached, step by step (checkConnection), without connecting. */
  checkConnection(): Promise<void>;
  closeConnectionCheck(): void;
  setRecentTargets(targets: string[]): void;
  /** Copies files a browser page picked where the engine can read them; answers their paths, in order. */
  stageFiles(files: StagedFile[]): Promise<Result<string[]>>;
  connect(): Promise<void>;
  reloadSchema(): Promise<void>;
  /** Asks the engine whether the schema's files changed on disk (when the user comes back to the page). */
  checkSchemaChanges(): Promise<void>;
}

export interface SchemaSlice {
  schema: {
    services: ServiceSummary[];
    /** describeSymbol answers, by symbol name; cleared when the schema changes. */
    symbols: Record<string, Loadable<string>>;
  };
  describeSymbol(symbol: string): Promise<void>;
  findMethod(fullName: string): MethodSummary | undefined;
}

export interface MetadataRow {
  id: string;
  key: string;
  value: string;
  enabled: boolean;
}

export interface RequestTab {
  id: string;
  method?: MethodSummary;
  body: string;
  /** The user edited the body; until then a late template may still fill it. */
  bodyTouched: boolean;
  template?: Loadable<MessageTemplate>;
  /** Set when a schema reload made the body stop fitting; the body itself is never cleared. */
  bodyMark?: string;
  /** First syntax error Monaco reports for this tab's model, tagged with the text it describes (may be stale). */
  editorProblem?: EditorProblem;
  metadata: MetadataRow[];
  /** false: the chosen environment's metadata is not sent with this tab's calls (saved with the request). */
  environmentMetadata?: false;
  deadlineSec: string;
  /** Why the last Send (or Send message) did not go out; cleared on the next attempt. */
  sendError?: string;
  /** The send error is the body's JSON problem: it follows the body as it is edited, and goes once it is fixed. */
  sendErrorOfBody?: boolean;
  starting: boolean;
  callId?: string;
  /** Epoch ms when the call started (for the deadline countdown). */
  callStartedAt?: number;
  callDeadlineMs?: number;
  /** Checks saved with the request (`ferry run` applies them). */
  assertions: Assertion[];
  /** The assertions checked against the tab's last finished call. */
  assertionCheck?: AssertionCheck;
  /** Values taken from each finished call's response for later requests (saved with the request). */
  captures: Capture[];
  /** The captures taken from the tab's last finished call. */
  captureCheck?: CaptureCheck;
  /** Which of the request's Assertions and Captures lists are shown. */
  shown?: Partial<Record<RequestSection, boolean>>;
  /** The response the tab showed before its current call (its JSON text), to compare the new one with; not stored. */
  previousResponse?: string;
  /** The Load test section's boxes as typed, and its last run (neither stored). */
  loadSettings?: LoadSettings;
  loadTest?: LoadTestView;
  /** A data file for the load test, read in the page (not stored): call n takes row n mod the rows' count. */
  loadData?: RunData;
  /** Set when the tab is a workspace file: its path (relative) and the stamp the next save compares against. */
  saved?: { path: string; stamp: FileStamp; file: RequestFile };
}

export type RequestSection = 'assertions' | 'captures' | 'loadTest';

export interface EditorSlice {
  tabs: RequestTab[];
  activeTabId: string;
  newTab(): void;
  closeTab(tabId: string): void;
  activateTab(tabId: string): void;
  cycleTab(delta: 1 | -1): void;
  openMethod(fullName: string): void;
  setBody(tabId: string, body: string): void;
  resetBody(tabId: string): void;
  setEditorProblem(tabId: string, problem: EditorProblem | undefined): void;
  setDeadline(tabId: string, text: string): void;
  addMetadataRow(tabId: string): void;
  updateMetadataRow(tabId: string, rowId: string, patch: Partial<Omit<MetadataRow, 'id'>>): void;
  removeMetadataRow(tabId: string, rowId: string): void;
  /** Whether the tab's calls send the chosen environment's metadata (saved with the request). */
  sendEnvironmentMetadata(tabId: string, send: boolean): void;
  /** Re-fetches every tab's template after a schema change and marks bodies that no longer fit. */
  refreshTemplates(): Promise<void>;
  /** Sends a unary or server-stream request; opens a client or bidi stream without sending anything. */
  send(tabId: string): Promise<void>;
  sendStreamMessage(tabId: string): Promise<void>;
  halfClose(tabId: string): Promise<void>;
  cancel(tabId: string): Promise<void>;
}

export interface SessionsSlice {
  sessions: Record<string, SessionView>;
  /** Decoded messages fetched with getMessage, by `messageKey`; bounded (oldest dropped first). */
  messages: Record<string, Loadable<StoredMessage>>;
  /** The event pump's one entry point: a frame's worth of events, in arrival order. */
  applyEvents(events: readonly FerryEvent[]): void;
  /** Fetches a message for the inspector, unless the live events brought it inline. */
  loadMessage(callId: string, direction: MessageDirection, index: number): Promise<void>;
  /** A page of the call's recorded events (`FerryApi.readEvents`); NOT_FOUND marks the session released. */
  readSessionEvents(callId: string, query: EventQuery): Promise<Result<EventPage>>;
  /** The session as one NDJSON file, fetched slice by slice into a Blob; `onProgress` gets events done of total. */
  exportSession(callId: string, onProgress?: (done: number, total: number) => void): Promise<Result<Blob>>;
}

export interface WorkspaceState {
  /** The folder input, as typed. */
  dir: string;
  status: 'closed' | 'opening' | 'open' | 'failed';
  snapshot?: WorkspaceSnapshot;
  /** Why the last workspace action failed; one sentence. */
  error?: string;
  environment?: string;
  /** The active request's target with the environment applied. */
  resolvedTarget?: Loadable<string>;
  saveAsPath: string;
  /** A save refused because the file changed on disk: the user picks Reload or Keep mine. */
  conflict?: { tabId: string; path: string; message: string };
  /** The last deleted request, until Undo or the next delete. */
  deleted?: { path: string; file: RequestFile };
  historyQuery: string;
  history: HistoryEntry[];
  /** The last "Copy as grpcurl" text, shown so it can be copied by hand where the clipboard is refused. */
  grpcurl?: string;
  /** What Ferry just did on its own in the workspace (one sentence), until the next workspace action. */
  notice?: string;
  /** The page's own variables, captured from responses or set by hand: used before the environment's, kept in memory only. */
  captured: CapturedValue[];
  /** The last collection run, until closed. */
  run?: CollectionRun;
  /** A data file chosen for runs (kept in memory only): each run goes once per row. */
  runData?: RunData;
  /** How many times a run goes (absent: once, or once per data row), and the pause before each request but the first. */
  runRepeat: RunRepeat;
}

/** What an environment holds: its variables, and the metadata every request sends while it is chosen. */
export interface EnvironmentContent {
  variables: EnvironmentVariable[];
  metadata?: SavedMetadataEntry[];
}

export interface WorkspaceSlice {
  workspace: WorkspaceState;
  setWorkspaceDir(dir: string): void;
  openWorkspace(): Promise<void>;
  /** Applies a `workspace.changed` event: reloads the snapshot (tabs keep their own stamps). */
  workspaceChanged(root: string): void;
  openSavedRequest(relativePath: string): void;
  setSaveAsPath(path: string): void;
  /** Save: to the tab's file, or to the Save-as path when it has none. */
  saveActiveTab(): Promise<void>;
  saveActiveTabAs(path: string): Promise<void>;
  resolveConflict(choice: 'reload' | 'keep'): Promise<void>;
  renameRequest(from: string, to: string): Promise<void>;
  duplicateRequest(path: string): Promise<void>;
  deleteRequest(path: string): Promise<void>;
  undoDelete(): Promise<void>;
  setEnvironment(name: string | undefined): Promise<void>;
  /**
   * Writes an environment (a new one, or `original` edited; a changed name renames it) and selects it.
   * True when saved; otherwise `workspace.error` says why.
   */
  saveEnvironment(name: string, content: EnvironmentContent, original?: string): Promise<boolean>;
  /** True when deleted; otherwise `workspace.error` says why. */
  deleteEnvironment(name: string): Promise<boolean>;
  /** Writes an Insomnia export (a picked file's name and text) into the open workspace; `workspace.notice` says what came in. */
  importInsomnia(fileName: string, text: string): Promise<void>;
  /** Writes BloomRPC's editor.json and environments.json (picked, read as text) into the open workspace. */
  importBloomRpc(files: PickedText[]): Promise<void>;
  /** Asks the token endpoint with a grant as edited, the saved `environment`'s variables filled in; the token stays with Ferry. */
  tryToken(variable: string, grant: OAuth2Grant, environment: string | undefined): Promise<{ ok: boolean; text: string }>;
  /** Starts a sign-in (authorization code or device code) with a grant as edited: the page to open (and a device grant's code to enter there), or why not. */
  beginSignIn(variable: string, grant: OAuth2Grant, environment: string | undefined): Promise<{ ok: true; signInId: string; url: string; userCode?: string } | { ok: false; text: string }>;
  /** Waits for the sign-in to end (the browser back, or the device code entered); the words of how it ended. */
  finishSignIn(signInId: string): Promise<{ ok: boolean; text: string }>;
  cancelSignIn(signInId: string): Promise<void>;
  /** Writes `ferry.workspace.json` into the open folder, so `ferry run` finds its root. */
  createManifest(): Promise<void>;
  refreshResolvedTarget(): Promise<void>;
  /** Points the connection bar at the active saved request's resolved target and connects. */
  connectToRequestTarget(): Promise<void>;
  /** Sets the search text; the list follows it as the user types. */
  setHistoryQuery(query: string): void;
  loadHistory(): Promise<void>;
  /** Applies a `history.changed` event: the list is read again (once per burst of calls). */
  historyChanged(): void;
  /** Deletes every history entry. */
  clearHistory(): Promise<void>;
  reopenHistory(entryId: string): void;
  copyAsGrpcurl(): Promise<string | undefined>;
  importGrpcurl(text: string): Promise<void>;
  setAssertions(tabId: string, assertions: Assertion[]): void;
  /** Checks the tab's assertions against its last call, once that call has ended. */
  checkAssertions(tabId: string): Promise<void>;
  setCaptures(tabId: string, captures: Capture[]): void;
  showSection(tabId: string, section: RequestSection, shown: boolean): void;
  /** Adds a capture of the shown response's value at `path` (a path into the last response's JSON), and shows the list. */
  captureFromResponse(tabId: string, path: JsonPathSegment[]): void;
  /** Adds an assertion that the shown response's value at `path` equals `value`, and shows the list. */
  assertFromResponse(tabId: string, path: JsonPathSegment[], value: unknown): void;
  /** Forgets every captured value. */
  clearCaptured(): void;
  /**
   * Sets a variable for this page by hand (read as JSON when it is JSON, else text), over the environment's:
   * a token pasted for this page only. Answers why not, when the name cannot be a variable's.
   */
  setPageVariable(name: string, text: string, secret: boolean): string | undefined;
  forgetPageVariable(name: string): void;
  /** Runs the saved requests of a folder (`''`: all of them) one after another; one run at a time. */
  runSavedRequests(folder: string): Promise<void>;
  stopRun(): Promise<void>;
  /** Forgets a finished run's results. */
  closeRun(): void;
  /** Reads a picked data file's text (`name` ends in .csv for CSV, else JSON); `workspace.error` says why it cannot be used. */
  setRunData(name: string, text: string): void;
  clearRunData(): void;
  setRunRepeat(repeat: RunRepeat): void;
  setLoadSettings(tabId: string, settings: LoadSettings): void;
  /** Reads a data file picked for the tab's load test (`name` ends in .csv for CSV, else JSON); the Load test section says why it cannot be used. */
  setLoadData(tabId: string, name: string, text: string): void;
  clearLoadData(tabId: string): void;
  /** Load-tests the tab's request with its Load test settings (`ferry bench` in the page); `tab.loadTest` follows it. */
  startLoadTest(tabId: string): Promise<void>;
  /** Stops starting calls; those in flight end, and the summary says it was stopped. */
  stopLoadTest(tabId: string): Promise<void>;
  /** Applies a call's end: the tab that ran it checks its assertions and takes its captures. */
  callEnded(callId: string): Promise<void>;
}

export type Theme = 'dark' | 'light';
/** What the user picked; `system` follows the OS setting. */
export type ThemeChoice = 'system' | Theme;

export interface UiSlice {
  ui: {
    /** The theme in effect. */
    theme: Theme;
    themeChoice: ThemeChoice;
    layout: Layout;
    /** 'lost' once a command answered that the transport to Ferry is gone. */
    backend: 'unknown' | 'ok' | 'lost';
    serviceFilter: string;
    selectedMethod?: string;
    shortcutsOpen: boolean;
    /** Something the page did on its own that the user should know (one sentence), until dismissed. */
    notice?: string;
  };
  setTheme(theme: Theme): void;
  setThemeChoice(choice: ThemeChoice): void;
  setLayout(layout: Layout): void;
  /** Moves a pane's splitter by pixels; `areaPx` is the width the request and response share. */
  resizePane(pane: LayoutPane, deltaPx: number, areaPx?: number): void;
  /** Collapses or restores a side pane. */
  togglePane(pane: 'explorer' | 'workspace'): void;
  setServiceFilter(text: string): void;
  selectMethod(fullName: string | undefined): void;
  setShortcutsOpen(open: boolean): void;
  setNotice(notice: string | undefined): void;
  /** Records whether the last command reached Ferry. */
  noteBackend(result: Result<unknown>): void;
}

export interface RestoreSlice {
  /** Brings back what a page reload lost (see stored-session.ts): tabs, connection settings, workspace. */
  restoreSession(stored: StoredSession): Promise<void>;
}

export type FerryState = ConnectionSlice & SchemaSlice & EditorSlice & SessionsSlice & UiSlice & WorkspaceSlice & RestoreSlice & MockSlice;

/** What every slice gets besides zustand's set/get. */
export interface SliceContext {
  api: FerryApi;
  now: () => number;
  nextId: (prefix: string) => string;
}

export function messageKey(callId: string, direction: MessageDirection, index: number): string {
  return `${callId}/${direction}/${index}`;
}
