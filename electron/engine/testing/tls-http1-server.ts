/**
 * An HTTPS server that offers only `http/1.1` in ALPN and answers every request with a small HTML page: what
 * a gRPC client meets behind a TLS-terminating proxy or load balancer that does not pass HTTP/2 on. Listens on
 * 127.0.0.1 port 0.
 */
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { HostileServer } from './hostile-servers';

export async function startTlsHttp1Server(tls: { cert: Buffer; key: Buffer }): Promise<HostileServer> {
  const server = https.createServer({ cert: tls.cert, key: tls.key, ALPNProtocols: ['http/1.1'] }, (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end('<html><body>not gRPC</body></html>\n');
  });
  // A client that closes mid-handshake must not fail the test run.
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    target: `127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
