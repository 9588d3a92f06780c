/**
 * The sockets of the mock's web listener: one port for HTTP/1.1 and HTTP/2. Over TLS, ALPN decides (Node's
 * secure HTTP/2 server with allowHTTP1). In plaintext HTTP/2 comes only with prior knowledge (h2c, as Ferry's
 * `--http2` and `buf curl --http2-prior-knowledge` send it), and Node's plaintext HTTP/2 server cannot fall
 * back to HTTP/1.1 (it answers a browser's request with a protocol error): so a connection's first bytes are
 * read, and one that opens with HTTP/2's preface goes to an HTTP/2 server, any other to an HTTP/1.1 server.
 */
import type * as http from 'node:http';
import type * as http2 from 'node:http2';
import type { AddressInfo, Server, Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { fail } from '../../../shared/errors';
import { nodeHttp, nodeHttp2, nodeNet } from '../protocols/node-network';

/** The request and response objects both HTTP versions give a handler (Node's compatibility API for HTTP/2). */
export type WebRequest = http.IncomingMessage | http2.Http2ServerRequest;
export type WebResponse = http.ServerResponse | http2.Http2ServerResponse;
export type WebHandler = (request: WebRequest, response: WebResponse) => void;

export interface HttpListenerOptions {
  host: string;
  /** 0: any free port. */
  port: number;
  /** PEM certificate chain and key: serve HTTPS (HTTP/2 or HTTP/1.1 by ALPN). */
  tls?: { cert: Buffer; key: Buffer };
  handler: WebHandler;
}

export interface HttpListener {
  port: number;
  /** Stops listening and drops every connection (a browser's keep-alive one would otherwise hold it open). */
  close(): Promise<void>;
}

const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');

/**
 * A stream that reads `head` and then the socket's data, and writes to the socket. Node's HTTP/2 server reads
 * a real socket's handle directly, past any data put back with `unshift`; given a plain Duplex it reads through
 * JavaScript instead, where the bytes already read can go first.
 */
function withHead(socket: Socket, head: Buffer): Duplex {
  const stream = new Duplex({
    read: () => void socket.resume(),
    write: (chunk: Buffer, _encoding, done) => void socket.write(chunk, done),
    final: (done) => void socket.end(done),
    destroy: (error, done) => {
      socket.destroy(error ?? undefined);
      done(error);
    },
  });
  stream.push(head);
  socket.on('data', (chunk: Buffer) => {
    if (!stream.push(chunk)) socket.pause();
  });
  socket.on('end', () => stream.push(null));
  socket.on('close', () => stream.destroy());
  socket.resume();
  return stream;
}

/** Reads a connection's first bytes until they are HTTP/2's preface or cannot be, then hands it over. */
function routeByPreface(socket: Socket, route: (isHttp2: boolean, head: Buffer) => void): void {
  let head = Buffer.alloc(0);
  const onData = (chunk: Buffer) => {
    head = Buffer.concat([head, chunk]);
    const compared = Math.min(head.byteLength, PREFACE.byteLength);
    const isHttp2 = head.subarray(0, compared).equals(PREFACE.subarray(0, compared));
    if (isHttp2 && head.byteLength < PREFACE.byteLength) return;
    socket.off('data', onData);
    socket.pause();
    route(isHttp2, head);
  };
  socket.on('data', onData);
}

function plaintextServer(handler: WebHandler): Server {
  const http1Server = nodeHttp().createServer(handler);
  const http2Server = nodeHttp2().createServer(handler);
  return nodeNet().createServer((socket) => {
    // A client that resets the connection is no failure of the mock's.
    socket.on('error', () => undefined);
    routeByPreface(socket, (isHttp2, head) => {
      if (isHttp2) return void http2Server.emit('connection', withHead(socket, head));
      socket.unshift(head);
      http1Server.emit('connection', socket);
      socket.resume();
    });
  });
}

function secureServer(tls: { cert: Buffer; key: Buffer }, handler: WebHandler): Server {
  return nodeHttp2().createSecureServer({ cert: tls.cert, key: tls.key, allowHTTP1: true }, handler);
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Listens, failing with the socket's own reason, in the words the gRPC listener uses. */
export async function listenHttp(options: HttpListenerOptions): Promise<HttpListener> {
  const server = options.tls ? secureServer(options.tls, options.handler) : plaintextServer(options.handler);
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  let port: number;
  try {
    port = await listen(server, options.host, options.port);
  } catch (reason) {
    return fail('IO_ERROR', `cannot listen on ${options.host}:${options.port}: ${(reason as Error).message}`);
  }
  return {
    port,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
