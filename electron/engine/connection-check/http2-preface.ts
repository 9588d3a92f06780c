/**
 * Does the other end speak HTTP/2? Ferry sends the client's connection preface and an empty SETTINGS frame
 * (RFC 9113 §3.4, what a client with prior knowledge sends, TLS or not) and reads what comes back: an HTTP/2
 * server's first frame is its SETTINGS. Raw frames rather than node:http2 so the answer of a server that is not
 * HTTP/2 can be named (an HTTP/1.1 status line, a TLS alert), on any socket, a proxy's tunnel too.
 */
import type { Socket } from 'node:net';
import { errorCode, errorText, seconds, TimedOut, within, type CheckContext } from './check-steps';

const PREFACE = Buffer.concat([
  Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1'),
  // An empty SETTINGS frame: length 0, type 0x4, no flags, stream 0.
  Buffer.from([0, 0, 0, 0x04, 0, 0, 0, 0, 0]),
]);
// GOAWAY (type 0x7) on stream 0: last stream 0, NO_ERROR; a polite goodbye before closing.
const GOAWAY = Buffer.from([0, 0, 8, 0x07, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
const FRAME_HEADER_BYTES = 9;
const SETTINGS = 0x04;

export type PrefaceAnswer =
  | { kind: 'http2' }
  /** An HTTP/1.x server's status line (`HTTP/1.1 400 Bad Request`). */
  | { kind: 'http1'; statusLine: string }
  /** A TLS record (an alert or a handshake): the server wants TLS on this port. */
  | { kind: 'tls' }
  | { kind: 'other'; bytes: string }
  | { kind: 'closed' }
  | { kind: 'error'; code: string | undefined; text: string }
  /** Nothing within the step's time limit. */
  | { kind: 'silent'; ms: number };

const hex = (bytes: Buffer): string => [...bytes.subarray(0, 8)].map((byte) => byte.toString(16).padStart(2, '0')).join(' ');

function read(first: Buffer): PrefaceAnswer | undefined {
  const text = first.subarray(0, 5).toString('latin1');
  if (text.startsWith('HTTP/')) {
    const end = first.indexOf('\r\n');
    if (end === -1 && first.length < 200) return undefined;
    return { kind: 'http1', statusLine: first.subarray(0, end === -1 ? 80 : Math.min(end, 80)).toString('latin1') };
  }
  if (first.length >= 2 && (first[0] === 0x15 || first[0] === 0x16) && first[1] === 0x03) return { kind: 'tls' };
  if ('HTTP/'.startsWith(text)) return undefined;
  if (first.length < FRAME_HEADER_BYTES) return undefined;
  if (first[3] === SETTINGS && first.readUInt32BE(5) === 0) return { kind: 'http2' };
  return { kind: 'other', bytes: hex(first) };
}

/**
 * Sends the preface on `socket` and waits for the server's first frame, or what it sent instead, or its close.
 * Nothing within the step's time limit is an answer too (`silent`); leaves the socket closed.
 */
export async function sendPreface(socket: Socket, context: CheckContext): Promise<PrefaceAnswer> {
  try {
    return await exchangePreface(socket, context);
  } catch (reason) {
    if (reason instanceof TimedOut) return { kind: 'silent', ms: reason.ms };
    throw reason;
  }
}

function exchangePreface(socket: Socket, context: CheckContext): Promise<PrefaceAnswer> {
  return within(context, (stop) => {
    return new Promise<PrefaceAnswer>((resolve) => {
      let received = Buffer.alloc(0);
      const done = (answer: PrefaceAnswer) => {
        socket.removeListener('data', data);
        socket.removeListener('error', failed);
        socket.removeListener('close', closed);
        if (answer.kind === 'http2') socket.end(GOAWAY);
        else socket.destroy();
        resolve(answer);
      };
      const data = (chunk: Buffer) => {
        received = Buffer.concat([received, chunk]);
        const answer = read(received);
        if (answer) done(answer);
      };
      const failed = (error: Error) => done({ kind: 'error', code: errorCode(error), text: errorText(error) });
      const closed = () => done(received.length > 0 ? { kind: 'other', bytes: hex(received) } : { kind: 'closed' });
      stop.addEventListener('abort', () => socket.destroy(), { once: true });
      socket.on('data', data);
      socket.on('error', failed);
      socket.on('close', closed);
      socket.write(PREFACE);
    });
  });
}

/** What the server answered instead of HTTP/2, as the end of a sentence. */
export function describeAnswer(answer: PrefaceAnswer): string {
  switch (answer.kind) {
    case 'http2':
      return 'its HTTP/2 SETTINGS';
    case 'http1':
      return `it answered "${answer.statusLine}"`;
    case 'tls':
      return 'it answered with TLS';
    case 'other':
      return `it answered bytes that are not HTTP/2 (${answer.bytes})`;
    case 'closed':
      return 'it closed the connection without answering';
    case 'error':
      return `the connection failed: ${answer.code ?? answer.text}`;
    case 'silent':
      return `it sent nothing within ${seconds(answer.ms)}`;
  }
}
