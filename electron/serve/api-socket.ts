/**
 * One browser connection: carries FerryApi commands in and results and events out (protocol in
 * shared/api/validate/ws-protocol.ts). Every frame is checked before it reaches the engine, and every
 * failure is answered as a value: a bad frame never closes the socket or crashes the server.
 */
import type { RawData, WebSocket } from 'ws';
import type { FerryApi, FerryCommand, FerryEvent } from '../../shared/api';
import { parseCommandFrame, peekFrameId, type CommandArgs, type ServerFrame } from '../../shared/api/validate';
import { ferryError, isFerryError, toFerryError, type FerryError, type Result } from '../../shared/errors';

export interface ApiSocketOptions {
  /** Larger text frames are answered with BAD_INPUT without being parsed. */
  maxFrameBytes: number;
  /** Commands in flight per socket; more are answered with RESOURCE_EXHAUSTED. */
  maxPendingCommands: number;
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { ok?: unknown; error?: unknown };
  return candidate.ok === true || (candidate.ok === false && isFerryError(candidate.error));
}

/** Calls the engine; whatever it throws or returns that is not a Result becomes an INTERNAL_BUG value. */
async function invoke(api: FerryApi, command: FerryCommand, args: CommandArgs<FerryCommand>): Promise<Result<unknown>> {
  try {
    // Arguments were validated against this command's own parameter list, so the spread is sound.
    const method = api[command] as (...values: unknown[]) => Promise<unknown>;
    const result = await method.apply(api, args);
    if (isResult(result)) return result;
    return { ok: false, error: ferryError('INTERNAL_BUG', `internal error: ${command} did not answer a Result`) };
  } catch (reason) {
    return { ok: false, error: toFerryError(reason) };
  }
}

function callEnded(event: FerryEvent): string | undefined {
  if (event.type !== 'call.events') return undefined;
  return event.events.some((e) => e.type === 'call.ended') ? event.callId : undefined;
}

export function attachApiSocket(socket: WebSocket, api: FerryApi, options: ApiSocketOptions): void {
  // Calls this socket started and that have not ended: cancelled when the socket goes away, so a closed
  // tab does not leave streams running on the server.
  const openCalls = new Set<string>();
  let pending = 0;
  let closed = false;

  function send(frame: ServerFrame): void {
    if (closed || socket.readyState !== socket.OPEN) return;
    let text: string;
    try {
      text = JSON.stringify(frame);
    } catch (reason) {
      // Only a response can get here with an unserialisable value (a bug); answer it as one.
      if (!('id' in frame)) return;
      text = JSON.stringify({ id: frame.id, result: { ok: false, error: toFerryError(reason) } } satisfies ServerFrame);
    }
    socket.send(text);
  }

  function answerError(id: number | null, error: FerryError): void {
    send({ id, result: { ok: false, error } });
  }

  const unsubscribe = api.onEvent((event) => {
    const ended = callEnded(event);
    if (ended !== undefined) openCalls.delete(ended);
    send({ event });
  });

  function trackStartedCall(result: Result<unknown>): void {
    if (!result.ok) return;
    const callId = (result.value as { callId?: unknown } | undefined)?.callId;
    if (typeof callId !== 'string') return;
    // The socket may have closed while the call was starting: nobody is left to watch it.
    if (closed) void api.cancelCall(callId).catch(() => undefined);
    else openCalls.add(callId);
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
    const result = await invoke(api, parsed.command, parsed.args).finally(() => pending--);
    if (parsed.command === 'startCall') trackStartedCall(result);
    send({ id: parsed.id, result });
  }

  socket.on('message', (data, isBinary) => {
    void handleFrame(data, isBinary);
  });
  // 'error' is always followed by 'close'; listening keeps it from being an uncaught exception.
  socket.on('error', () => undefined);
  socket.on('close', () => {
    closed = true;
    unsubscribe();
    for (const callId of openCalls) void api.cancelCall(callId).catch(() => undefined);
    openCalls.clear();
  });
}
