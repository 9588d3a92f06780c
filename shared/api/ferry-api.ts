import type { Result } from '../errors';
import type { CallEvent, ConnectionConfig, ConnectionInfo, ConnectivityState, MessageTemplate, MetadataEntry } from '../model';

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

  /** The one event stream; returns the unsubscribe function. */
  onEvent(listener: (event: FerryEvent) => void): () => void;
}

/**
 * Events, named as facts. Call events come in batches: one FerryEvent per flush, never one per message;
 * a call's last batch ends with its `call.ended` event.
 */
export type FerryEvent =
  | { type: 'call.events'; callId: string; events: CallEvent[] }
  | { type: 'connectivity.changed'; connectionId: string; state: ConnectivityState };

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
] as const satisfies readonly FerryCommand[];

// A command missing from FERRY_COMMANDS is a compile error here.
type MissingCommands = Exclude<FerryCommand, (typeof FERRY_COMMANDS)[number]>;
const _allCommandsListed: MissingCommands extends never ? true : never = true;
void _allCommandsListed;

/** Electron IPC channel names are `ferry:<command>`; events travel on `ferry:event`. */
export const IPC_CHANNEL_PREFIX = 'ferry:';
export const IPC_EVENT_CHANNEL = 'ferry:event';
