import type { Result } from '../errors';
import type {
  Assertion,
  AssertionResult,
  CallEvent,
  Capture,
  CapturedVariable,
  CaptureResult,
  ConnectionCheck,
  ConnectionConfig,
  ConnectionInfo,
  ConnectivityState,
  EnvironmentFile,
  FileStamp,
  HistoryEntry,
  LoadPlan,
  LoadProgress,
  LoadSummary,
  MessageDirection,
  MessageTemplate,
  MetadataEntry,
  MockCallsPage,
  MockStarted,
  OAuth2Grant,
  RequestFile,
  SavedRequestRun,
  TransportSettings,
  WorkspaceSnapshot,
} from '../model';

export type { MessageDirection };

export interface StartCallRequest {
  connectionId: string;
  /** `pkg.Service/Method` or `pkg.Service.Method`. */
  method: string;
  metadata: MetadataEntry[];
  /** Relative deadline; absent for none. */
  deadlineMs?: number;
  /**
   * JSON text of the first message, parsed by the engine (losslessly: big int64 literals stay exact).
   * For unary and server-stream calls it is the request; for client and bidi streams, when present it is
   * sent first and more follow through `sendMessage`.
   */
  body?: string;
  /** Decoded messages also show fields that hold their default value (like `ferry call --emit-defaults`). */
  emitDefaults?: boolean;
  /**
   * false: the engine keeps nothing of the call beyond what its live events carry, so `getMessage`,
   * `readEvents` and `exportSession` answer FAILED_PRECONDITION. For front ends that consume a stream as it
   * arrives and never look back, like the CLI. Default true.
   */
  keepSession?: boolean;
  /**
   * Live message events carry the decoded message in `message` when its wire size is at most this many
   * bytes. Default 0 (none): the UI asks for small ones, so a unary response needs no second round trip.
   */
  inlineMessageBytes?: number;
  /**
   * Substitute `{{name}}` variables in the metadata and the body, and in every later `sendMessage` body of
   * this call: built-ins (`{{$uuid}}`…) and, when `environment` names one, that environment of the open
   * workspace (secret values from the engine's secret store, never from the caller). Absent: the text goes
   * out as written (the CLI's `ferry call`).
   */
  variables?: EnvironmentChoice;
}

/** A page of a call's recorded events (see `FerryApi.readEvents`). */
export interface EventQuery {
  /** First sequence number to look at; a call's first event is 1. */
  fromSeq: number;
  /** At most this many events in the answer (the engine may answer fewer; see `EventPage.nextSeq`). */
  limit: number;
  /** Only the events of one side (see `eventDirection` in shared/model). */
  direction?: MessageDirection;
  /** Only events whose summary line (`eventSummary`) or message JSON contains this text, ignoring case. */
  text?: string;
  /** Message events carry a one-line JSON preview of at most this many characters. */
  previewChars?: number;
}

/** A recorded event as a page carries it. */
export type PagedEvent = CallEvent & {
  /** One-line ProtoJSON of a message event, when the query asked for previews. */
  preview?: string;
  /** The message's body is no longer kept (memory or disk cap, or a retention limit); its event stays. */
  bodyEvicted?: boolean;
};

export interface EventPage {
  events: PagedEvent[];
  /**
   * Where the next page starts: one past the last event the engine looked at. With a filter it may have
   * looked at many events and matched few; a scan stops early to keep each answer short, so keep asking
   * until `nextSeq > total` (and the call has ended) to have seen everything.
   */
  nextSeq: number;
  /** Events recorded so far: the sequence number of the last one. */
  total: number;
  /** No more events will be recorded. */
  ended: boolean;
}

/** One slice of a session's NDJSON export (see `FerryApi.exportSession`). */
export interface ExportRange {
  fromSeq: number;
  /** Events in this slice, at most. */
  limit: number;
}

export interface ExportChunk {
  /** One event per line; message events carry the message's JSON (or why it is not available). */
  ndjson: string;
  nextSeq: number;
  /** The slice reached the last event of a call that has ended. */
  done: boolean;
}

/** Events the engine did not deliver to a client that fell behind, replaced by their counts. */
export interface SkippedEvents {
  /** How many events were skipped; only message events are ever skipped. */
  events: number;
  sent: number;
  received: number;
  sentBytes: number;
  receivedBytes: number;
}

/**
 * What a save expects to find on disk. With neither field the file must not exist yet. `overwrite` is the
 * user's explicit "keep mine" after a CONFLICT: the file is written whatever it holds now.
 */
export interface SaveExpectation {
  expectedHash?: string;
  expectedMtimeMs?: number;
  overwrite?: boolean;
}

/** A file a page picked, read as text. */
export interface PickedText {
  name: string;
  text: string;
}

/** What an import wrote. */
export interface ImportSummary {
  /** Relative to the workspace root. */
  files: string[];
  requests: number;
  environments: number;
  /** What could not be carried over, one sentence each. */
  warnings: string[];
}

/** `tryToken`'s question: a token variable's grant, as the environment editor holds it. */
export interface TokenTrial {
  /** The token variable's name, for the words of an error. */
  variable: string;
  grant: OAuth2Grant;
  /** The saved environment whose variables the grant's fields use; none: built-ins only. */
  environment?: string;
}

/** What came back, without the token. */
export interface TokenTrialResult {
  /** `expires_in`, when the endpoint gave one. */
  expiresInS?: number;
}

/** `beginSignIn`'s answer: the page a person signs in at, and the sign-in to wait on with `finishSignIn`. */
export interface SignInStarted {
  signInId: string;
  /**
   * The page to open: the authorization endpoint with the request's parameters (PKCE challenge, state,
   * redirect URI); for a device grant, the provider's verification page (with the code in it, when the
   * provider gives such an address).
   */
  url: string;
  /** Authorization code: where the browser comes back, `http://127.0.0.1:<port>/callback`, listened on until the sign-in ends. */
  redirectUri?: string;
  /** Device code: the code the person enters on the verification page (shown by the front end). */
  userCode?: string;
}

/** A load test of one method on an open connection (`runLoadTest`). */
export interface LoadTestRequest {
  /** Names the run for `loadTestProgress` and `stopLoadTest`. */
  loadId: string;
  connectionId: string;
  method: string;
  metadata: MetadataEntry[];
  /** JSON text of each message: the one request of a unary or server-stream call, or every message of a stream. */
  messages: string[];
  /** Each call's deadline. */
  deadlineMs?: number;
  /** `{{variables}}` filled in afresh for every call (built-ins; the environment's; captured values). Absent: sent as written. */
  variables?: EnvironmentChoice;
  /** Call n takes row n mod their count as captured values over `variables` (a data file's rows). */
  rows?: CapturedVariable[][];
  plan: LoadPlan;
  /** Spreads the calls over this many channels (sockets) of the connection; default 1; gRPC connections only. */
  channels?: number;
}

/** A mock server of an open connection's schema (`startMock`), on the loopback address only. */
export interface MockStartRequest {
  /** Names the mock for `setMockResponses`, `mockCalls` and `stopMock`. */
  mockId: string;
  /** The open connection whose schema the mock serves (as it is now: a later reload does not change it). */
  connectionId: string;
  /** Absent or 0: a free port the system picks. */
  port?: number;
  /** Also serve gRPC-Web and Connect for browsers, on a free port (`ferry mock --web-port 0`). */
  web?: boolean;
  /**
   * Forward the calls no case answers to the connection's server, over gRPC (`ferry mock --passthrough`):
   * a partial mock. For gRPC connections only.
   */
  passthrough?: boolean;
  /**
   * With `passthrough`: record each forwarded unary or server-stream call as a case of this workspace mock
   * file (`mocks/<name>.ferry-mock.json`, as `ferry mock --record` does), answered so at once.
   */
  record?: string;
  /** A responses file's text, as `ferry mock --responses` reads it; absent: each method answers its response type's example. */
  responses?: string;
}

/** Which saved request `runSavedRequest` runs, with which variables. */
export interface SavedRequestRunOptions {
  /** Relative to the open workspace's root. */
  path: string;
  variables: EnvironmentChoice;
  /** Names the run for `cancelSavedRequest`. */
  runId: string;
  /** Answer each response's ProtoJSON too (`ferry run -v`). */
  responses?: boolean;
  /** Answer only the last this many responses' ProtoJSON (the app's run shows the last one); `responses` answers all. */
  lastResponses?: number;
  /**
   * How the front end reaches servers, for the file's connection: a request file carries no transport settings
   * (the page's Proxy, `ferry run --proxy`). Taken as written, without `{{variables}}`.
   */
  transport?: TransportSettings;
}

/**
 * Options objects rather than optional trailing arguments: JSON turns a trailing `undefined` argument into
 * `null`, while an absent object field stays absent on both transports.
 */
export interface EnvironmentChoice {
  /** An environment of the open workspace; absent for none (variables stay unresolved). */
  environment?: string;
  /** Values captured from earlier responses (`captureValues`); they win over the environment's. */
  captured?: CapturedVariable[];
  /** false: the environment's metadata is not sent (the request opts out: `RequestFile.environmentMetadata`). */
  environmentMetadata?: false;
}

/** A file the user picked in a browser, handed to the engine as bytes (the engine reads paths). */
export interface StagedFile {
  /** The file's name, or a relative path (`protos/a.proto`) when a folder was picked. */
  name: string;
  /** The bytes, base64. */
  contentBase64: string;
}

export interface HistoryQuery {
  /** Every word must appear in the method, target, status or a body. */
  query?: string;
  limit?: number;
}

export interface StoredMessage {
  direction: MessageDirection;
  index: number;
  size: number;
  /** Pretty-printed ProtoJSON. */
  json: string;
}

/**
 * Everything the UI can ask of Ferry. The engine implements it; Electron IPC and the `ferry serve`
 * WebSocket carry it; the renderer holds a proxy. Every command answers a Result: failures are values.
 */
export interface FerryApi {
  /** Answers at once from a live Ferry: how a front end learns that its transport works. */
  ping(): Promise<Result<void>>;
  openConnection(config: ConnectionConfig): Promise<Result<ConnectionInfo>>;
  /**
   * Checks, step by step, how a server with these settings is reached (its name, the proxy, TCP, TLS with the
   * certificate chain and ALPN, HTTP/2, the health service, reflection) without opening a connection the UI
   * keeps. Findings are steps, not errors; only settings that cannot be used (a malformed target or proxy URL,
   * an unreadable certificate file) fail the command.
   */
  checkConnection(config: ConnectionConfig): Promise<Result<ConnectionCheck>>;
  /** Loads the schema again (reflection or files); the connection id stays the same. */
  reloadSchema(connectionId: string): Promise<Result<ConnectionInfo>>;
  /**
   * The files the connection's schema was read from (.proto files, imports included, or descriptor sets) that
   * changed on disk since it was loaded: written to, removed, or new in a folder it names. Sorted; empty for
   * a schema from reflection. Each call stats every such file, so a front end asks when the user comes back.
   */
  schemaChanges(connectionId: string): Promise<Result<string[]>>;
  closeConnection(connectionId: string): Promise<Result<void>>;
  /** Example body, JSON Schema and docs for a message type of this connection's schema. */
  getMessageTemplate(connectionId: string, typeName: string): Promise<Result<MessageTemplate>>;
  /** A service, method, message or enum in .proto syntax. */
  describeSymbol(connectionId: string, symbol: string): Promise<Result<string>>;

  startCall(request: StartCallRequest): Promise<Result<{ callId: string }>>;
  /** Sends one more message on a client or bidi stream; an invalid body fails this command only. */
  sendMessage(callId: string, body: string): Promise<Result<void>>;
  halfClose(callId: string): Promise<Result<void>>;
  cancelCall(callId: string): Promise<Result<void>>;
  /** Cancels the call if it still runs, then forgets it: its memory and spill files are freed, and its id answers NOT_FOUND. */
  releaseCall(callId: string): Promise<Result<void>>;
  /** A recorded message, decoded on demand. */
  getMessage(callId: string, direction: MessageDirection, index: number): Promise<Result<StoredMessage>>;
  /** Recorded events by sequence number, optionally filtered, with message previews: how the UI pages a long session. */
  readEvents(callId: string, query: EventQuery): Promise<Result<EventPage>>;
  /** The session as NDJSON, one slice at a time (a long stream does not fit one answer). */
  exportSession(callId: string, range: ExportRange): Promise<Result<ExportChunk>>;
  /**
   * Checks assertions against a finished call's recorded session: one result per assertion, in order
   * (unlike `ferry run`, no status check is implied). FAILED_PRECONDITION while the call is still running.
   */
  checkAssertions(assertions: Assertion[], callId: string): Promise<Result<AssertionResult[]>>;
  /** Takes each capture's value from a finished call's recorded session, in order. FAILED_PRECONDITION while it runs. */
  captureValues(captures: Capture[], callId: string): Promise<Result<CaptureResult[]>>;
  /**
   * Runs a saved request of the open workspace as `ferry run` does (its own connection from the file's
   * target, TLS and schema; variables from the choice) and answers once it has ended. The call goes to the
   * history, not to the caller. `runId` names it for `cancelSavedRequest`. A request that cannot be made
   * is an answer with `error`, not a failed command.
   */
  runSavedRequest(options: SavedRequestRunOptions): Promise<Result<SavedRequestRun>>;
  /** Cancels the call of a running `runSavedRequest`; nothing when it has ended. */
  cancelSavedRequest(runId: string): Promise<Result<void>>;
  /**
   * Makes many whole calls of one method, `plan.concurrency` at a time, and answers what came of them when
   * the last has ended. The calls are kept nowhere and report nothing (no history, no events): a load test
   * of 100,000 calls must not flood the page or the history. A body that does not fit the method fails the
   * command before anything is counted; calls that fail are counted by status.
   */
  runLoadTest(request: LoadTestRequest): Promise<Result<LoadSummary>>;
  /** Counts so far of a running load test; NOT_FOUND once it has ended. */
  loadTestProgress(loadId: string): Promise<Result<LoadProgress>>;
  /** Stops starting calls; those in flight end, and `runLoadTest` answers with `ended: 'interrupted'`. */
  stopLoadTest(loadId: string): Promise<Result<void>>;
  /**
   * Serves every method of an open connection's schema on 127.0.0.1, answering as `ferry mock` does (a
   * responses file's cases, or each response type's example), with server reflection. A responses text that
   * does not fit the schema fails the command, its line named, and nothing is started.
   */
  startMock(request: MockStartRequest): Promise<Result<MockStarted>>;
  /** Answers the next calls from this responses text; one that does not fit keeps the answers before it. */
  setMockResponses(mockId: string, responses: string): Promise<Result<void>>;
  /** The calls a mock answered after call number `after` (0: all it keeps). */
  mockCalls(mockId: string, after: number): Promise<Result<MockCallsPage>>;
  /** Stops serving; calls in flight are let end. */
  stopMock(mockId: string): Promise<Result<void>>;

  /**
   * Opens a workspace folder (one per engine; opening another replaces it) and watches it for changes.
   * Request paths below are relative to its root (with `/`), or absolute inside it; paths escaping it are refused.
   */
  openWorkspace(dir: string): Promise<Result<WorkspaceSnapshot>>;
  /**
   * Makes a folder a workspace: writes `ferry.workspace.json` (named after the folder) unless it has one,
   * then opens it as `openWorkspace` does. `ferry run` finds a workspace's root by that file.
   */
  createWorkspace(dir: string): Promise<Result<WorkspaceSnapshot>>;
  /** Writes a request file atomically; CONFLICT when the file on disk is not what `expected` says. */
  saveRequest(path: string, file: RequestFile, expected: SaveExpectation): Promise<Result<FileStamp>>;
  deleteRequest(path: string): Promise<Result<void>>;
  /** Moves a request file; refuses to replace an existing one. */
  renameRequest(from: string, to: string): Promise<Result<void>>;
  /**
   * Writes `environments/<name>.ferry-env.json` atomically (CONFLICT as for `saveRequest`). Secret variables
   * are written without a value, whatever `file` holds: their values come from `FERRY_VAR_<NAME>`.
   */
  saveEnvironment(name: string, file: EnvironmentFile, expected: SaveExpectation): Promise<Result<FileStamp>>;
  deleteEnvironment(name: string): Promise<Result<void>>;
  /**
   * Writes `mocks/<name>.ferry-mock.json` atomically (CONFLICT as for `saveRequest`): the responses text as
   * given, refused when it is not a JSON object (placed by line). `ferry mock --responses` reads the same file.
   */
  saveMock(name: string, text: string, expected: SaveExpectation): Promise<Result<FileStamp>>;
  deleteMock(name: string): Promise<Result<void>>;
  /**
   * Asks a token endpoint for an OAuth 2.0 token with `grant` (as edited, not yet saved), its `{{variables}}`
   * from the saved environment `environment` and the secret store: a check of the settings. The token itself
   * never leaves the engine, and is not kept for calls.
   */
  tryToken(trial: TokenTrial): Promise<Result<TokenTrialResult>>;
  /**
   * Starts a sign-in for a token variable with `grant` (as edited; its `{{variables}}` as for `tryToken`):
   * authorization code with PKCE (listens on 127.0.0.1 for the browser's return and answers the page to open),
   * or the device grant (asks the device authorization endpoint for codes and answers the page and the code
   * to enter, then polls the token endpoint). The token the sign-in brings is kept in the engine for calls
   * whose grant is the same, as a token fetched when a call needed it would be. FAILED_PRECONDITION for a
   * grant that does not sign in.
   */
  beginSignIn(trial: TokenTrial): Promise<Result<SignInStarted>>;
  /**
   * Resolves once the browser came back and the code was exchanged for a token, or the device grant's token
   * came (what came back, without the token), or with why not: the provider's error, a state that does not
   * match, a token endpoint that refused, nobody within 5 minutes (or the device code's own expiry)
   * (DEADLINE_EXCEEDED), or CANCELLED by `cancelSignIn`. NOT_FOUND for an unknown id.
   */
  finishSignIn(signInId: string): Promise<Result<TokenTrialResult>>;
  /** Stops waiting for the browser and closes the listener; a sign-in already ended is left as it ended. */
  cancelSignIn(signInId: string): Promise<Result<void>>;
  /**
   * Writes an Insomnia export's gRPC requests, environments and .proto files into the open workspace
   * (`text` is the file's content, `fileName` names it in errors; as `ferry import insomnia`): nothing
   * is overwritten, and when a name is taken nothing is written.
   */
  importInsomnia(text: string, fileName: string): Promise<Result<ImportSummary>>;
  /**
   * Writes BloomRPC's saved tabs and environments into the open workspace, from its `editor.json` and
   * `environments.json` (either or both, by those names; as `ferry import bloomrpc`).
   */
  importBloomRpc(files: PickedText[]): Promise<Result<ImportSummary>>;
  /** The request's target with the environment's variables substituted. */
  resolveTarget(file: RequestFile, choice: EnvironmentChoice): Promise<Result<string>>;
  copyAsGrpcurl(file: RequestFile, choice: EnvironmentChoice): Promise<Result<string>>;
  importGrpcurl(text: string): Promise<Result<RequestFile>>;
  /**
   * Copies files the user picked in a browser into one new folder the engine owns for this run (removed when
   * it exits) and answers their absolute paths, in order, for connection settings that take paths.
   */
  stageFiles(files: StagedFile[]): Promise<Result<string[]>>;
  /** Calls the engine ran, newest first (empty when the engine has no data folder). */
  listHistory(query: HistoryQuery): Promise<Result<HistoryEntry[]>>;
  /** Deletes every history entry (the data folder's history file). */
  clearHistory(): Promise<Result<void>>;

  /** The one event stream; returns the unsubscribe function. */
  onEvent(listener: (event: FerryEvent) => void): () => void;
}

/**
 * Events, named as facts. Call events come in batches: one FerryEvent per flush, never one per message;
 * a call's last batch ends with its `call.ended` event. A client that falls behind gets `skipped` counts
 * in place of the message events it missed (read them back with `readEvents`).
 */
export type FerryEvent =
  | { type: 'call.events'; callId: string; events: CallEvent[]; skipped?: SkippedEvents }
  /** The engine dropped a call's message bodies, or the whole session, to stay within its limits. */
  | { type: 'call.evicted'; callId: string; scope: 'bodies' | 'session'; reason: string }
  | { type: 'connectivity.changed'; connectionId: string; state: ConnectivityState }
  /** Files of the open workspace changed on disk (an editor, a git pull, or Ferry itself): absolute paths. */
  | { type: 'workspace.changed'; root: string; paths: string[] }
  /**
   * The history changed: a finished call was written to it (`entryId`, any client's call: the history is the
   * engine's, not a page's), or it was cleared.
   */
  | { type: 'history.changed'; entryId?: string };

export type FerryCommand = Exclude<keyof FerryApi, 'onEvent'>;

/** Every command name, for transports that build one handler or proxy per command. */
export const FERRY_COMMANDS = [
  'ping',
  'openConnection',
  'checkConnection',
  'reloadSchema',
  'schemaChanges',
  'closeConnection',
  'getMessageTemplate',
  'describeSymbol',
  'startCall',
  'sendMessage',
  'halfClose',
  'cancelCall',
  'releaseCall',
  'getMessage',
  'readEvents',
  'exportSession',
  'checkAssertions',
  'captureValues',
  'runSavedRequest',
  'cancelSavedRequest',
  'runLoadTest',
  'loadTestProgress',
  'stopLoadTest',
  'startMock',
  'setMockResponses',
  'mockCalls',
  'stopMock',
  'openWorkspace',
  'createWorkspace',
  'saveRequest',
  'deleteRequest',
  'renameRequest',
  'saveEnvironment',
  'deleteEnvironment',
  'saveMock',
  'deleteMock',
  'tryToken',
  'beginSignIn',
  'finishSignIn',
  'cancelSignIn',
  'importInsomnia',
  'importBloomRpc',
  'resolveTarget',
  'copyAsGrpcurl',
  'importGrpcurl',
  'stageFiles',
  'listHistory',
  'clearHistory',
] as const satisfies readonly FerryCommand[];

// A command missing from FERRY_COMMANDS is a compile error here.
type MissingCommands = Exclude<FerryCommand, (typeof FERRY_COMMANDS)[number]>;
const _allCommandsListed: MissingCommands extends never ? true : never = true;
void _allCommandsListed;

/** Electron IPC channel names are `ferry:<command>`; events travel on `ferry:event`. */
export const IPC_CHANNEL_PREFIX = 'ferry:';
export const IPC_EVENT_CHANNEL = 'ferry:event';
/** The preload acknowledges each event batch on this channel, so main knows when a page falls behind. */
export const IPC_EVENTS_DELIVERED_CHANNEL = 'ferry:events-delivered';
