/**
 * The TLS step: a handshake on the TCP step's socket (the proxy's tunnel too) that accepts any certificate so
 * the chain can be shown, then Ferry's own verdict on it, as a call would reach it: the chain against the CA
 * setting (else the system's roots) and the certificate's names against the authority override (else the host).
 */
import type { Socket } from 'node:net';
import type { ConnectionOptions, DetailedPeerCertificate, TLSSocket } from 'node:tls';
import type { CheckStep, TlsDetails } from '../../../shared/model';
import { connectionAdvice } from '../channels/connection-advice';
import { identityOptions } from '../channels/tls-material';
import { handshake } from '../protocols/connect-through-proxy';
import { nodeTls } from '../protocols/node-network';
import { certificateChain, isValidityError, verifyErrorText } from './certificate-summary';
import { errorCode, errorText, isCancel, seconds, step, stopwatch, TimedOut, within, type CheckContext } from './check-steps';
import type { CheckTarget, CheckTls } from './check-target';
import { dial } from './check-network';
import { sendPreface, type PrefaceAnswer } from './http2-preface';

/** A certificate of the chain that ends sooner than this is worth a warning. */
export const EXPIRY_WARNING_DAYS = 14;

export interface TlsFinding {
  step: CheckStep;
  details?: TlsDetails;
  /** The server's answer to the HTTP/2 preface over TLS, when ALPN agreed h2 (for the http2 step). */
  preface?: PrefaceAnswer;
}

// OpenSSL's words when the server refuses the client's certificate, or wants one it was not given.
const CLIENT_CERTIFICATE_ALERT = /certificate required|bad certificate|unknown ca|certificate unknown|unsupported certificate|access denied|certificate revoked|certificate expired/i;
// What a server that speaks no TLS on this port makes OpenSSL say.
const NOT_TLS = /wrong version number|packet length too long|http request|unknown protocol|record layer failure/i;

function tlsOptions(settings: CheckTls, socket: Socket): ConnectionOptions {
  const { material } = settings;
  return {
    socket,
    ALPNProtocols: ['h2', 'http/1.1'],
    ...(settings.sni !== undefined && { servername: settings.sni }),
    ...(material.ca && { ca: material.ca }),
    ...identityOptions(material),
    // Every chain is let through so it can be shown; the verdict is made below, as a call would make it.
    rejectUnauthorized: false,
    checkServerIdentity: () => undefined,
  };
}

/** `authorizationError` is a verification code at run time (Node's typings say Error). */
function chainError(socket: TLSSocket): string | undefined {
  if (socket.authorized) return undefined;
  const raw = socket.authorizationError as unknown;
  if (typeof raw === 'string') return raw;
  if (raw instanceof Error) return errorCode(raw) ?? raw.message;
  return 'CERT_UNTRUSTED';
}

interface Verdict {
  trusted: boolean;
  /** What fails, in words, and the advice for it. */
  failure?: { text: string; advice: string };
  trustError?: string;
}

function verdictOf(socket: TLSSocket, peer: DetailedPeerCertificate, settings: CheckTls, details: Pick<TlsDetails, 'chain'>): Verdict {
  const advice = connectionAdvice();
  const code = chainError(socket);
  const leaf = details.chain[0];
  if (code !== undefined) {
    const words = verifyErrorText(code);
    const text = `the certificate${leaf ? ` ${leaf.subject}` : ''} is not trusted: ${words}`;
    return { trusted: false, trustError: words, failure: { text, advice: isValidityError(code) ? advice.expiredCertificate : advice.trustServerCa } };
  }
  const identity = Object.keys(peer).length > 0 ? nodeTls().checkServerIdentity(settings.serverName, peer) : new Error('the server sent no certificate');
  if (identity) {
    const names = leaf && leaf.subjectAltNames.length > 0 ? ` (${leaf.subjectAltNames.join(', ')})` : leaf ? ` (${leaf.subject})` : '';
    return { trusted: false, trustError: identity.message, failure: { text: `the certificate${names} does not name ${settings.serverName}`, advice: advice.authority } };
  }
  return { trusted: true };
}

/** Waits a moment after the handshake for an alert: TLS 1.3 servers refuse a client certificate only then. */
function alertAfter(socket: TLSSocket, waitMs: number): Promise<PrefaceAnswer | undefined> {
  return new Promise((resolve) => {
    const finish = (answer: PrefaceAnswer | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => finish(undefined), waitMs);
    socket.once('error', (error) => finish({ kind: 'error', code: errorCode(error), text: errorText(error) }));
  });
}

function clientCertificateRefusal(text: string, settings: CheckTls): { text: string; advice: string } {
  const said = settings.clientCertificate ? `the server did not accept the client certificate (${text})` : `the server wants a client certificate (${text})`;
  return { text: said, advice: connectionAdvice().clientCertificate };
}

function expiringSoon(details: TlsDetails): string | undefined {
  const soonest = [...details.chain].sort((a, b) => a.daysLeft - b.daysLeft)[0];
  if (!soonest || soonest.daysLeft >= EXPIRY_WARNING_DAYS) return undefined;
  const days = soonest.daysLeft === 1 ? '1 day' : `${soonest.daysLeft} days`;
  return `${soonest.subject} expires in ${days} (${soonest.validTo})`;
}

async function handshakeFailure(reason: unknown, target: CheckTarget, context: CheckContext, durationMs: number): Promise<TlsFinding> {
  const settings = target.tls!;
  const advice = connectionAdvice();
  const text = reason instanceof TimedOut ? `no TLS handshake within ${seconds(reason.ms)}` : errorText(reason);
  const failed = (summary: string, fix: string): TlsFinding => ({ step: step('tls', 'failed', summary, { advice: fix, durationMs }) });
  if (CLIENT_CERTIFICATE_ALERT.test(text) || (/handshake failure/i.test(text) && !settings.clientCertificate)) {
    const refusal = clientCertificateRefusal(text, settings);
    return failed(`TLS handshake failed: ${refusal.text}`, refusal.advice);
  }
  const closed = errorCode(reason) === 'ECONNRESET' || /socket disconnected|socket hang up/i.test(text);
  if (NOT_TLS.test(text) || closed) {
    const plaintext = await plaintextAnswer(target, context);
    if (plaintext) return failed(`the server speaks ${plaintext} in plaintext on this port, not TLS (${text})`, advice.usePlaintext);
    if (NOT_TLS.test(text)) return failed(`the server does not speak TLS on this port (${text})`, advice.usePlaintext);
  }
  return failed(`TLS handshake failed: ${text}`, advice.checkTls);
}

/** `HTTP/2` or `HTTP/1.1` when a fresh connection answers that in plaintext; undefined otherwise. */
async function plaintextAnswer(target: CheckTarget, context: CheckContext): Promise<string | undefined> {
  let socket: Socket;
  try {
    socket = await dial(target, context);
  } catch (reason) {
    if (isCancel(reason)) throw reason;
    return undefined;
  }
  const answer = await sendPreface(socket, context);
  return answer.kind === 'http2' ? 'HTTP/2' : answer.kind === 'http1' ? 'HTTP/1.1' : undefined;
}

export async function checkTls(target: CheckTarget, context: CheckContext, socket: Socket | undefined): Promise<TlsFinding> {
  const settings = target.tls;
  if (!settings || !socket) return { step: step('tls', 'skipped', 'plaintext: no TLS') };
  const watch = stopwatch();
  let secure: TLSSocket;
  try {
    secure = await within(
      context,
      (stop) => {
        stop.addEventListener('abort', () => socket.destroy(), { once: true });
        return handshake(tlsOptions(settings, socket));
      },
      (late) => late.destroy(),
    );
  } catch (reason) {
    if (isCancel(reason)) throw reason;
    return handshakeFailure(reason, target, context, watch.elapsed());
  }
  secure.on('error', () => {});
  const durationMs = watch.elapsed();
  const peer = secure.getPeerCertificate(true);
  const chain = Object.keys(peer).length > 0 ? certificateChain(peer) : [];
  const verdict = verdictOf(secure, peer, settings, { chain });
  const details: TlsDetails = {
    protocol: secure.getProtocol() ?? 'TLS',
    cipher: secure.getCipher().standardName ?? secure.getCipher().name,
    alpn: typeof secure.alpnProtocol === 'string' ? secure.alpnProtocol : null,
    serverName: settings.serverName,
    trusted: verdict.trusted,
    ...(verdict.trustError !== undefined && { trustError: verdict.trustError }),
    chain,
  };
  // Over h2 the preface brings the server's SETTINGS, or the alert of a server refusing the client certificate.
  const preface = details.alpn === 'h2' ? await sendPreface(secure, context) : await alertAfter(secure, Math.min(context.timeoutMs, Math.max(100, 2 * durationMs)));
  return { ...decide(details, verdict, settings, preface, durationMs), details, ...(preface && { preface }) };
}

function decide(details: TlsDetails, verdict: Verdict, settings: CheckTls, after: PrefaceAnswer | undefined, durationMs: number): { step: CheckStep } {
  const head = `${details.protocol}, ALPN ${details.alpn ?? 'none'}`;
  if (after?.kind === 'error' && (CLIENT_CERTIFICATE_ALERT.test(after.text) || /handshake failure|alert/i.test(after.text))) {
    const refusal = clientCertificateRefusal(after.text, settings);
    return { step: step('tls', 'failed', `${head}; ${refusal.text}`, { advice: refusal.advice, durationMs }) };
  }
  const { failure } = verdict;
  if (failure && !settings.insecureSkipVerify) return { step: step('tls', 'failed', `${head}; ${failure.text}`, { advice: failure.advice, durationMs }) };
  if (failure) {
    const summary = `${head}; not verified: certificate verification is skipped, and without that it would fail: ${failure.text}`;
    return { step: step('tls', 'warning', summary, { advice: failure.advice, durationMs }) };
  }
  const leaf = details.chain[0];
  const who = leaf ? `${leaf.subject} (issued by ${leaf.issuer})` : 'the certificate';
  const expiring = expiringSoon(details);
  if (expiring) return { step: step('tls', 'warning', `${head}; ${who} is trusted for ${details.serverName}, but ${expiring}`, { advice: 'renew it before it expires', durationMs }) };
  return { step: step('tls', 'ok', `${head}; ${who} is trusted for ${details.serverName}`, { durationMs }) };
}
