/**
 * Raw HTTP and WebSocket probes for serve's tests. node:http rather than fetch: fetch normalises paths
 * (so `..` never reaches the server) and will not send a forged Host header, and both are what we test.
 */
import { request, type IncomingHttpHeaders } from 'node:http';
import { WebSocket } from 'ws';
import { unwrap, type Result } from '../../../shared/errors';

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export function rawGet(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, agent: false, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Resolves the handshake's outcome: 101 for an opened socket (closed again at once), else the HTTP status. */
export function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.on('open', () => {
      socket.close();
      resolve(101);
    });
    socket.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      socket.terminate();
    });
    socket.on('error', reject);
  });
}

/** An open `ws` socket and its received frames, parsed; `next()` waits for the next one matching. */
export async function openRawSocket(url: string): Promise<{ socket: WebSocket; next(match?: (frame: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> }> {
  const socket = new WebSocket(url);
  const frames: Record<string, unknown>[] = [];
  const waiters: { match: (frame: Record<string, unknown>) => boolean; resolve: (frame: Record<string, unknown>) => void }[] = [];
  socket.on('message', (data) => {
    const frame = JSON.parse(String(data)) as Record<string, unknown>;
    const waiter = waiters.find((w) => w.match(frame));
    if (waiter) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(frame);
    } else {
      frames.push(frame);
    }
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return {
    socket,
    next(match = () => true) {
      const index = frames.findIndex(match);
      if (index !== -1) return Promise.resolve(frames.splice(index, 1)[0]!);
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
  };
}

/** The value of an answer frame's Result (`{ id, result }`); a failed command fails the test with its error. */
export function answerValue<T>(frame: Record<string, unknown>): T {
  return unwrap(frame.result as Result<T>);
}
