/**
 * Hostile servers for fault tests: each listens on 127.0.0.1 port 0 and misbehaves the way a broken gRPC
 * server, or something that is not a gRPC server at all, does on the wire.
 *
 *   startHttp2Server(answer)  plaintext HTTP/2 (h2c, as gRPC dials it) answering every stream with `answer`;
 *                             `grpcAnswers` holds the usual misbehaviours:
 *     ok()                      a valid answer: one empty message and status OK (to look at what was sent)
 *     status(text)              trailers-only response with `grpc-status: <text>` (`abc`, `99`, `-1`)
 *     compressedWithoutEncoding a message frame with the compressed flag set and no `grpc-encoding`
 *     contentType(type, body)   a 200 response of another content type (`text/html`), its body as is
 *     recording(seen, options)  records what arrived (headers, the first frame's compressed flag, HTTP/2
 *                               PINGs, the flow-control windows the client offered) and answers OK, with
 *                               `afterPing` only once the client has pinged
 *   startHttp1Server()        HTTP/1.1 only: answers anything with a small HTML page
 *   startTcpServer(greeting)  raw TCP: writes `greeting` (junk) on every connection and closes it
 */
import * as http from 'node:http';
import * as http2 from 'node:http2';
import * as net from 'node:net';

export interface HostileServer {
  /** `127.0.0.1:<port>`. */
  target: string;
  port: number;
  close(): Promise<void>;
}

export type Http2Answer = (stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders) => void;

/** One request as the server saw it on the wire. */
export interface SeenRequest {
  headers: http2.IncomingHttpHeaders;
  /** The compressed flag of its first message frame; undefined until that frame arrived. */
  firstFrameCompressed?: boolean;
  /** HTTP/2 PING frames the client sent on the connection while this request was open. */
  pings: number;
  /** The flow-control window the client offered for this stream (its SETTINGS_INITIAL_WINDOW_SIZE). */
  clientStreamWindow?: number;
  /** What the server may still send on the whole connection when the first message frame arrived. */
  clientConnectionWindow?: number;
}

/** One length-prefixed gRPC message frame: a flag byte (1 = compressed), a 4-byte big-endian length, the bytes. */
export function grpcFrame(payload: Uint8Array, compressed = false): Buffer {
  const header = Buffer.alloc(5);
  header.writeUInt8(compressed ? 1 : 0, 0);
  header.writeUInt32BE(payload.byteLength, 1);
  return Buffer.concat([header, payload]);
}

export const grpcAnswers = {
  ok: (): Http2Answer => (stream) => {
    stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
    stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
    stream.end(grpcFrame(new Uint8Array(0)));
  },
  status: (grpcStatus: string, grpcMessage = 'hostile server'): Http2Answer => (stream) => {
    stream.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-status': grpcStatus, 'grpc-message': grpcMessage }, { endStream: true });
  },
  compressedWithoutEncoding: (): Http2Answer => (stream) => {
    stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
    stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
    stream.end(grpcFrame(Buffer.from([0x0a, 0x01, 0x78]), true));
  },
  contentType: (contentType: string, body: string): Http2Answer => (stream) => {
    stream.respond({ ':status': 200, 'content-type': contentType });
    stream.end(body);
  },
  /**
   * Records each request in `seen` and answers OK once its first message arrived; with `afterPing`, only
   * once the client has also sent a PING: a client without keepalive then waits until its deadline.
   */
  recording: (seen: SeenRequest[], options: { afterPing?: boolean } = {}): Http2Answer => (stream, headers) => {
    const request: SeenRequest = { headers, pings: 0 };
    const clientStreamWindow = stream.session?.remoteSettings.initialWindowSize;
    if (clientStreamWindow !== undefined) request.clientStreamWindow = clientStreamWindow;
    seen.push(request);
    let answered = false;
    const answerWhenDue = () => {
      if (answered || request.firstFrameCompressed === undefined || (options.afterPing && request.pings === 0)) return;
      answered = true;
      grpcAnswers.ok()(stream, headers);
    };
    const onPing = () => {
      request.pings++;
      answerWhenDue();
    };
    stream.session?.on('ping', onPing);
    stream.on('close', () => stream.session?.off('ping', onPing));
    stream.once('data', (chunk: Buffer) => {
      request.firstFrameCompressed = chunk[0] === 1;
      const connectionWindow = stream.session?.state.remoteWindowSize;
      if (connectionWindow !== undefined) request.clientConnectionWindow = connectionWindow;
      answerWhenDue();
    });
  },
};

async function listen(server: net.Server, closeAll: () => void): Promise<HostileServer> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    target: `127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        closeAll();
        server.close(() => resolve());
      }),
  };
}

export function startHttp2Server(answer: Http2Answer): Promise<HostileServer> {
  const server = http2.createServer();
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  // A client that gives up mid-answer resets the stream; the server must not crash the test run over it.
  server.on('stream', (stream, headers) => {
    stream.on('error', () => {});
    answer(stream, headers);
  });
  return listen(server, () => sessions.forEach((session) => session.destroy()));
}

export function startHttp1Server(): Promise<HostileServer> {
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end('<html><body>not gRPC</body></html>\n');
  });
  return listen(server, () => server.closeAllConnections());
}

export function startTcpServer(greeting: string): Promise<HostileServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.end(greeting);
  });
  return listen(server, () => sockets.forEach((socket) => socket.destroy()));
}
