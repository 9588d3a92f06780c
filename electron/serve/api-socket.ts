/**
 * One browser connection: carries FerryApi commands in and results and events out (protocol in
 * shared/api/validate/ws-protocol.ts). Every frame is checked before it reaches the engine, and every
 * failure is answered as a value: a bad frame never closes the socket or crashes the server. The socket is
 * one client of the engine (see engine/clients): it sees only its own calls and connections, and closing it
 * releases them. Events wait while the socket's send buffer is full, coalesced (see EventOutbox).
 */
import type { RawData, WebSocket } from 'ws';
import type { FerryEvent } from '../../shared/api';
import { parseCommandFrame, peekFrameId, type ServerFrame } from '../../shared/api/validate';
import { err, ferryError, toFerryError, type FerryError } from '../../shared/errors';
import { invokeCommand, type ClientHub } from '../engine';

export interface ApiSocketOptions {
  /** Larger text frames are answered with BAD_INPUT without being parsed. */
  maxFrameBytes: number;
  /** Commands in flight per socket; more are answered with RESOURCE_EXHAUSTED. */
  maxPendingCommands: number;
  /** Bytes waiting in the socket's send buffer above which the socket counts as behind (default 1 MiB). */
  maxBufferedBytes?: number;
}

const MAX_BUFFERED_BYTES = 1024 * 1024;

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}

export function attachApiSocket(socket: WebSocket, clients: ClientHub, options: ApiSocketOptions): void {
  let pending = 0;
  let closed = false;
  const maxBuffered = options.maxBufferedBytes ?? MAX_BUFFERED_BYTES;

  function send(frame: ServerFrame): void {
    if (closed || socket.readyState !== socket.OPEN) return;
    let text: string;
    try {
      text = JSON.stringify(frame);
    } catch (reason) {
      // Only a response can get here with an unserialisable value (a bug); answer it as one.
      if (!('id' in frame)) return;
      text = JSON.stringify({ id: frame.id, result: err(toFerryError(reason)) } satisfies ServerFrame);
    }
    socket.send(text);
  }

  const client = clients.open({
    deliver: (events: FerryEvent[]) => events.forEach((event) => send({ event })),
    isBehind: () => socket.bufferedAmount > maxBuffered,
    sendsEachEvent: true,
  });

  function answerError(id: number | null, error: FerryError): void {
    send({ id, result: err(error) });
  }

  async function handleFrame(data: RawData, isBinary: boolean): Promise<void> {
    if (isBinary) return answerError(null, ferryError('BAD_INPUT', 'binary frames are not accepted; send JSON text'));
    const bytes = toBuffer(data);
    if (bytes.byteLength > options.maxFrameBytes) {
      const id = peekFrameId(bytes.subarray(0, 64).toString('utf8'));
      const message = `frame of ${bytes.byteLength} bytes is larger than the limit of ${options.maxFrameBytes} bytes`;
      return answerError(id, ferryError('BAD_INPUT', message, { expected: `at most ${options.maxFrameBytes} bytes` }));
    }
    const parsed = parseCommandFrame(bytes.toString('utf8'));
    if (!parsed.ok) return answerError(parsed.id, parsed.error);
    if (pending >= options.maxPendingCommands) {
      return answerError(parsed.id, ferryError('RESOURCE_EXHAUSTED', `more than ${options.maxPendingCommands} commands in flight on this connection`));
    }
    pending++;
    const result = await invokeCommand(client, parsed.command, parsed.args).finally(() => pending--);
    send({ id: parsed.id, result });
  }

  socket.on('message', (data, isBinary) => {
    void handleFrame(data, isBinary);
  });
  // 'error' is always followed by 'close'; listening keeps it from being an uncaught exception.
  socket.on('error', () => undefined);
  socket.on('close', () => {
    closed = true;
    client.close();
  });
}
