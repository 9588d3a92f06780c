/**
 * `ferry serve`'s server: the renderer bundle over HTTP and the FerryApi over a WebSocket at /api, on
 * 127.0.0.1 only, behind a per-run token (see security.ts for the checks and why).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { FerryApi } from '../../shared/api';
import { API_PATH } from '../../shared/api/validate';
import { fail } from '../../shared/errors';
import { createClientHub } from '../engine';
import { attachApiSocket } from './api-socket';
import { checkAccess, createToken, securityHeaders, tokenCookie, type AccessPolicy } from './security';
import { defaultStaticDir, resolveStaticTarget, sendFile } from './static-files';

export interface ServeOptions {
  api: FerryApi;
  /** The built renderer: index.html and its assets. Defaults to `defaultStaticDir()` (dist/renderer). */
  staticDir?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Largest command frame answered normally; default 16 MiB (a big message body as JSON text). */
  maxFrameBytes?: number;
}

export interface ServeHandle {
  /** The page URL, token included: `http://127.0.0.1:PORT/?token=TOKEN`. */
  url: string;
  token: string;
  port: number;
  /** Where the server listens: always 127.0.0.1, IPv4. */
  address: AddressInfo;
  /** Closes every socket and the server; calls started over the sockets are cancelled. */
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;
const MAX_PENDING_COMMANDS = 1024;

/** Only path and query are read from it (the Host header is checked separately); undefined when unparseable. */
function requestUrl(req: IncomingMessage): URL | undefined {
  try {
    return new URL(req.url ?? '/', `http://${HOST}`);
  } catch {
    return undefined;
  }
}

function sendText(res: ServerResponse, status: number, text: string, policy: AccessPolicy): void {
  res.writeHead(status, { ...securityHeaders(policy.port), 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(`${text}\n`);
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found' };

async function handleRequest(req: IncomingMessage, res: ServerResponse, policy: AccessPolicy, staticDir: string): Promise<void> {
  const url = requestUrl(req);
  if (!url) return sendText(res, 400, 'Bad Request', policy);
  const access = checkAccess(req, url, policy);
  if (!access.ok) return sendText(res, 403, `Forbidden: ${access.reason}`, policy);
  if (url.pathname === API_PATH) return sendText(res, 426, 'Upgrade Required: the API speaks WebSocket', policy);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return sendText(res, 405, 'Method Not Allowed', policy);
  }
  const target = await resolveStaticTarget(staticDir, url.pathname);
  if (!target.ok) return sendText(res, target.status, STATUS_TEXT[target.status] ?? 'Error', policy);
  // A page opened with ?token= leaves a cookie behind, so its scripts, styles and workers load without it.
  const cookie = access.tokenFrom === 'query' ? { 'Set-Cookie': tokenCookie(policy.port, policy.token) } : {};
  await sendFile(res, target.file, req.method === 'HEAD', { ...securityHeaders(policy.port), ...cookie });
}

function refuseUpgrade(socket: Duplex, status: 400 | 403 | 404, reason: string): void {
  const body = `${STATUS_TEXT[status]}: ${reason}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

function listen(server: Server, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

async function listenOrFail(server: Server, port: number): Promise<AddressInfo> {
  try {
    return await listen(server, port);
  } catch (reason) {
    const code = (reason as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') fail('BAD_INPUT', `port ${port} is already in use; choose another with --port`);
    if (code === 'EACCES') fail('BAD_INPUT', `port ${port} needs privileges; choose one above 1024 with --port`);
    throw reason;
  }
}

export async function startServe(options: ServeOptions): Promise<ServeHandle> {
  const maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  // Frames up to 4× the limit are still read so they can be answered with an error; beyond that ws
  // closes the socket (1009) rather than buffer without bound.
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxFrameBytes * 4 });
  const policy: AccessPolicy = { port: 0, token: createToken() };
  const staticDir = options.staticDir ?? defaultStaticDir();
  // Each socket is one client of the engine: its own calls, connections and events.
  const clients = createClientHub(options.api);
  const server = createServer((req, res) => {
    handleRequest(req, res, policy, staticDir).catch(() => {
      if (!res.headersSent) sendText(res, 500, 'Internal Server Error', policy);
      else res.destroy();
    });
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = requestUrl(req);
    if (!url) return refuseUpgrade(socket, 400, 'unreadable URL');
    const access = checkAccess(req, url, policy);
    if (!access.ok) return refuseUpgrade(socket, 403, access.reason);
    if (url.pathname !== API_PATH) return refuseUpgrade(socket, 404, `the API is at ${API_PATH}`);
    wss.handleUpgrade(req, socket, head, (ws) => attachApiSocket(ws, clients, { maxFrameBytes, maxPendingCommands: MAX_PENDING_COMMANDS }));
  });

  const address = await listenOrFail(server, options.port ?? 0);
  policy.port = address.port;

  return {
    url: `http://${HOST}:${policy.port}/?token=${policy.token}`,
    token: policy.token,
    port: policy.port,
    address,
    close: async () => {
      await closeServer(server, wss);
      clients.dispose();
    },
  };
}

async function closeServer(server: Server, wss: WebSocketServer): Promise<void> {
  // Closing each socket runs its 'close' handler, which releases the calls it started.
  for (const client of wss.clients) client.terminate();
  await new Promise<void>((resolve) => wss.close(() => resolve()));
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
