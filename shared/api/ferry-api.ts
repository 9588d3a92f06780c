import type { Result } from '../errors';
import type {
  Assertion,
  AssertionResult,
  CallEvent,
  ConnectionConfig,
  ConnectionInfo,
  ConnectivityState,
  FileStamp,
  HistoryEntry,
  MessageTemplate,
  MetadataEntry,
  RequestFile,
  WorkspaceSnapshot,
} from '../model';

export type MessageDirection = 'sent' | 'received';

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

/**
 * Options objects rather than optional trailing arguments: JSON turns a trailing `undefined` argument into
 * `null`, while an absent object field stays absent on both transports.
 */
export interface EnvironmentChoice {
  /** An environment of the open workspace; absent for none (variables stay unresolved). */
  environment?: string;
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
  openConnection(config: ConnectionConfig): Promise<Result<ConnectionInfo>>;
  /** Loads the schema again (reflection or files); the connection id stays the same. */
  reloadSchema(connectionId: string): Promise<Result<ConnectionInfo>>;
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
  /** A recorded message, decoded on demand. */
  getMessage(callId: string, direction: MessageDirection, index: number): Promise<Result<StoredMessage>>;
  /** The whole session as NDJSON: one event per line, messages with their JSON. */
  exportSession(callId: string): Promise<Result<string>>;
  /**
   * Checks assertions against a finished call's recorded session: one result per assertion, in order
   * (unlike `ferry run`, no status check is implied). FAILED_PRECONDITION while the call is still running.
   */
  checkAssertions(assertions: Assertion[], callId: string): Promise<Result<AssertionResult[]>>;

  /**
   * Opens a workspace folder (one per engine; opening another replaces it) and watches it for changes.
   * Request paths below are relative to its root (with `/`), or absolute inside it; paths escaping it are refused.
   */
  openWorkspace(dir: string): Promise<Result<WorkspaceSnapshot>>;
  /** Writes a request file atomically; CONFLICT when the file on disk is not what `expected` says. */
  saveRequest(path: string, file: RequestFile, expected: SaveExpectation): Promise<Result<FileStamp>>;
  deleteRequest(path: string): Promise<Result<void>>;
  /** Moves a request file; refuses to replace an existing one. */
  renameRequest(from: string, to: string): Promise<Result<void>>;
  /** The request's target with the environment's variables substituted. */
  resolveTarget(file: RequestFile, choice: EnvironmentChoice): Promise<Result<string>>;
  copyAsGrpcurl(file: RequestFile, choice: EnvironmentChoice): Promise<Result<string>>;
  importGrpcurl(text: string): Promise<Result<RequestFile>>;
  /** Calls the engine ran, newest first (empty when the engine has no data folder). */
  listHistory(query: HistoryQuery): Promise<Result<HistoryEntry[]>>;

  /** The one event stream; returns the unsubscribe function. */
  onEvent(listener: (event: FerryEvent) => void): () => void;
}

/**
 * Events, named as facts. Call events come in batches: one FerryEvent per flush, never one per message;
 * a call's last batch ends with its `call.ended` event.
 */
export type FerryEvent =
  | { type: 'call.events'; callId: string; events: CallEvent[] }
  | { type: 'connectivity.changed'; connectionId: string; state: ConnectivityState }
  /** Files of the open workspace changed on disk (an editor, a git pull, or Ferry itself): absolute paths. */
  | { type: 'workspace.changed'; root: string; paths: string[] };

export type FerryCommand = Exclude<keyof FerryApi, 'onEvent'>;

/** Every command name, for transports that build one handler or proxy per command. */
export const FERRY_COMMANDS = [
  'openConnection',
  'reloadSchema',
  'closeConnection',
  'getMessageTemplate',
  'describeSymbol',
  'startCall',
  'sendMessage',
  'halfClose',
  'cancelCall',
  'getMessage',
  'exportSession',
  'checkAssertions',
  'openWorkspace',
  'saveRequest',
  'deleteRequest',
  'renameRequest',
  'resolveTarget',
  'copyAsGrpcurl',
  'importGrpcurl',
  'listHistory',
] as const satisfies readonly FerryCommand[];

// A command missing from FERRY_COMMANDS is a compile error here.
type MissingCommands = Exclude<FerryCommand, (typeof FERRY_COMMANDS)[number]>;
const _allCommandsListed: MissingCommands extends never ? true : never = true;
void _allCommandsListed;

/** Electron IPC channel names are `ferry:<command>`; events travel on `ferry:event`. */
export const IPC_CHANNEL_PREFIX = 'ferry:';
export const IPC_EVENT_CHANNEL = 'ferry:event';
