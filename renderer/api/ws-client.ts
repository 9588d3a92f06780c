/**
 * The FerryApi over `ferry serve`'s WebSocket (protocol in shared/api/validate/ws-protocol.ts): one
 * socket, request ids matched to answers, events handed to `onEvent` listeners after validation.
 * It does not reconnect: once the socket is gone every pending and later command answers UNAVAILABLE,
 * and the UI can say so instead of waiting forever.
 */
import { FERRY_COMMANDS, type FerryApi, type FerryCommand, type FerryEvent } from '../../shared/api';
import { API_PATH, parseServerFrame, peekFrameId } from '../../shared/api/validate';
import { err, ferryError, toFerryError, type FerryError, type Result } from '../../shared/errors';

/** What the client needs of a WebSocket: the browser's, or the `ws` package's in Node tests (Node 20 has none). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

export type WebSocketConstructorLike = new (url: string) => WebSocketLike;

export interface WsClientOptions {
  /** Defaults to `globalThis.WebSocket`. */
  WebSocket?: WebSocketConstructorLike;
  /** Frames the client could not use (malformed, or an answer to nothing it asked); ignored by default. */
  onProtocolError?: (error: FerryError) => void;
}

/** A FerryApi whose transport can be closed (tests, page unload). */
export type WsClient = FerryApi & { close(): void };

const OPEN = 1;

function connectionLost<T>(): Result<T> {
  return err(ferryError('UNAVAILABLE', 'connection to Ferry lost'));
}

function withToken(url: string, token: string | undefined): string {
  if (token === undefined) return url;
  const parsed = new URL(url);
  parsed.searchParams.set('token', token);
  return parsed.toString();
}

/** The API socket URL and token for a page served by `ferry serve` (`http://127.0.0.1:PORT/?token=…`). */
export function wsApiEndpoint(pageUrl: string): { url: string; token?: string } {
  const page = new URL(pageUrl);
  const url = `${page.protocol === 'https:' ? 'wss:' : 'ws:'}//${page.host}${API_PATH}`;
  const token = page.searchParams.get('token');
  return token === null ? { url } : { url, token };
}

export function createWsClient(url: string, token?: string, options: WsClientOptions = {}): WsClient {
  const Socket = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructorLike }).WebSocket;
  if (!Socket) throw new Error('createWsClient: no WebSocket implementation (pass options.WebSocket)');
  const socket = new Socket(withToken(url, token));
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const listeners = new Set<(event: FerryEvent) => void>();
  // Commands issued before the socket opens wait here, in order.
  let queue: string[] = [];
  let closed = false;
  let nextId = 1;

  const reportProtocolError = (error: FerryError) => options.onProtocolError?.(error);

  function settle(id: number | null, result: Result<unknown>): void {
    const resolve = id === null ? undefined : pending.get(id);
    if (id === null || !resolve) return reportProtocolError(result.ok ? ferryError('INTERNAL_BUG', `answer to unknown request ${id}`) : result.error);
    pending.delete(id);
    resolve(result);
  }

  function dispatch(event: FerryEvent): void {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (reason) {
        // One failing listener must not starve the others; rethrown outside so it still shows up.
        queueMicrotask(() => {
          throw reason;
        });
      }
    }
  }

  function receive(data: unknown): void {
    if (typeof data !== 'string') return reportProtocolError(ferryError('BAD_INPUT', 'binary frame from Ferry ignored'));
    const frame = parseServerFrame(data);
    if (!frame.ok) {
      // A malformed answer still settles its request when its id is readable, so nothing waits forever.
      const id = peekFrameId(data);
      if (id !== null && pending.has(id)) return settle(id, err({ ...frame.error, message: `invalid answer from Ferry: ${frame.error.message}` }));
      return reportProtocolError(frame.error);
    }
    if ('event' in frame.value) dispatch(frame.value.event);
    else settle(frame.value.id, frame.value.result);
  }

  function shutDown(): void {
    if (closed) return;
    closed = true;
    queue = [];
    const waiting = [...pending.values()];
    pending.clear();
    for (const resolve of waiting) resolve(connectionLost());
  }

  function transmit(text: string): void {
    try {
      socket.send(text);
    } catch {
      shutDown();
    }
  }

  socket.addEventListener('open', () => {
    const waiting = queue;
    queue = [];
    waiting.forEach(transmit);
  });
  socket.addEventListener('message', (event) => receive(event.data));
  socket.addEventListener('close', shutDown);
  // A failed handshake (403) or a broken connection: 'close' follows and does the work.
  socket.addEventListener('error', () => undefined);

  function call(command: FerryCommand, args: unknown[]): Promise<Result<unknown>> {
    if (closed) return Promise.resolve(connectionLost());
    let text: string;
    try {
      text = JSON.stringify({ id: nextId, command, args });
    } catch (reason) {
      return Promise.resolve(err(toFerryError(reason)));
    }
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      if (socket.readyState === OPEN) transmit(text);
      else queue.push(text);
    });
  }

  const commands = Object.fromEntries(FERRY_COMMANDS.map((command) => [command, (...args: unknown[]) => call(command, args)]));
  return {
    // Each entry forwards its own command with its own arguments; the server validates them again.
    ...(commands as Omit<FerryApi, 'onEvent'>),
    onEvent(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    close() {
      socket.close(1000, 'client closed');
      shutDown();
    },
  };
}
