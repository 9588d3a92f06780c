/**
 * One form POST over node:http or node:https, as the token requests need it: Node's global `fetch` takes no
 * CA certificates without the undici package, and an identity provider behind a company's CA needs them.
 * Through an HTTP proxy it goes as the web protocols do, in a CONNECT tunnel (TLS inside it for https).
 */
import { isIP, type Socket } from 'node:net';
import type { ClientRequestArgs, IncomingMessage } from 'node:http';
import type { SecureContextOptions } from 'node:tls';
import type { ProxyRoute } from '../proxy';
import { connectThroughProxy, destinationOf } from '../protocols/connect-through-proxy';
import { nodeHttp, nodeHttps } from '../protocols/node-network';

/** TLS for an https URL: the CAs to trust (absent: Node's own), or no check at all. */
export type PostTls = Pick<SecureContextOptions, 'ca'> & { rejectUnauthorized?: boolean };

/** The answer, whatever its status; or why none came (`certificate`: the server's certificate failed the check). */
export type PostResult = { ok: true; status: number; text: string } | { ok: false; reason: string; certificate?: boolean };

/** The statuses `fetch` with `redirect: 'error'` refused (the Fetch standard's redirect statuses). */
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * OpenSSL's certificate verification codes as Node reports them (`SELF_SIGNED_CERT_IN_CHAIN`,
 * `UNABLE_TO_VERIFY_LEAF_SIGNATURE`, `CERT_HAS_EXPIRED`, …) and Node's own host name check
 * (`ERR_TLS_CERT_ALTNAME_INVALID`); `ERR_SSL_*` are handshake failures of other kinds.
 */
const CERTIFICATE_CODE = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY|DECRYPT|DECODE)|INVALID_CA|INVALID_PURPOSE|PATH_LENGTH_EXCEEDED|HOSTNAME_MISMATCH/;

function isCertificateFailure(error: Error & { code?: unknown }): boolean {
  return typeof error.code === 'string' && !error.code.startsWith('ERR_SSL') && CERTIFICATE_CODE.test(error.code);
}

/**
 * How the request gets its connection through `proxy`: Node's ClientRequest waits for the socket handed to
 * the callback (no agent is involved when `createConnection` is given), so the tunnel and the TLS handshake
 * count against the exchange's timeout, and their failures reach the request's 'error'. The tunnel's own limit
 * is the same and starts first, so a silent proxy is named as such rather than as a silent endpoint.
 */
function tunneled(url: URL, tls: PostTls, proxy: ProxyRoute, timeoutMs: number): Pick<ClientRequestArgs, 'createConnection'> {
  const destination = destinationOf(url);
  const secure = url.protocol === 'https:' ? { ...tls, ...(isIP(destination.host) ? {} : { servername: destination.host }) } : undefined;
  return {
    createConnection: (_options, done) => {
      connectThroughProxy(proxy, destination, secure, timeoutMs).then(
        (socket: Socket) => done(null, socket),
        (error: Error) => done(error, undefined as never),
      );
      return undefined;
    },
  };
}

/**
 * POSTs `body` to `url`, following no redirect, giving up after `timeoutMs` for the whole exchange; through
 * `proxy` when given.
 */
export function postForm(url: URL, headers: Readonly<Record<string, string>>, body: string, tls: PostTls, timeoutMs: number, proxy?: ProxyRoute): Promise<PostResult> {
  return new Promise((resolve) => {
    const https = url.protocol === 'https:';
    // A token is asked for rarely: a connection each (agent: false, or a tunnel of its own), none left open to be reused stale.
    const connection = proxy ? tunneled(url, tls, proxy, timeoutMs) : { agent: false as const };
    const options = { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, ...connection };
    const request = https ? nodeHttps().request(url, { ...options, ...tls }) : nodeHttp().request(url, options);
    const timer = setTimeout(() => {
      done({ ok: false, reason: `no answer within ${timeoutMs / 1000} s` });
      request.destroy();
    }, timeoutMs);
    // The first outcome wins: a timeout's destroy, or a redirect's, then also reports an error.
    function done(result: PostResult): void {
      clearTimeout(timer);
      resolve(result);
    }
    request.on('error', (error: Error & { code?: unknown }) => done({ ok: false, reason: error.message, ...(isCertificateFailure(error) && { certificate: true }) }));
    request.on('response', (response: IncomingMessage) => {
      const status = response.statusCode ?? 0;
      if (REDIRECTS.has(status)) {
        done({ ok: false, reason: 'unexpected redirect' });
        request.destroy();
        return;
      }
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => done({ ok: true, status, text: Buffer.concat(chunks).toString('utf8') }));
      // A body cut short reads as none, as fetch's `text()` failing did.
      response.on('error', () => done({ ok: true, status, text: '' }));
      response.on('close', () => done({ ok: true, status, text: '' }));
    });
    request.end(body);
  });
}
