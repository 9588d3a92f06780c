/**
 * The HTTP/2 step. gRPC needs HTTP/2: over TLS the server must agree h2 in ALPN (and then send its SETTINGS);
 * in plaintext it must answer the preface of a client with prior knowledge. The web protocols work over
 * HTTP/1.1 and HTTP/2 alike, so for them the step reports which one calls will use.
 */
import type { Socket } from 'node:net';
import type { CheckStep } from '../../../shared/model';
import { connectionAdvice } from '../channels/connection-advice';
import { handshake } from '../protocols/connect-through-proxy';
import { dial } from './check-network';
import { isCancel, step, stopwatch, within, type CheckContext } from './check-steps';
import type { CheckTarget } from './check-target';
import type { TlsFinding } from './check-tls';
import { describeAnswer, sendPreface, type PrefaceAnswer } from './http2-preface';

const NO_H2_BEHIND = 'gRPC needs HTTP/2; a TLS-terminating proxy or load balancer in front of it may not pass HTTP/2 on';
const NO_H2_ADVICE = 'if the server also speaks gRPC-Web or Connect, choose that protocol; otherwise whatever is in front of it must pass HTTP/2 (h2) on';

/** Whether a fresh connection completes a TLS handshake (any certificate): a server that wants TLS here. */
async function speaksTls(target: CheckTarget, context: CheckContext): Promise<boolean> {
  let socket: Socket;
  try {
    socket = await dial(target, context);
  } catch (reason) {
    if (isCancel(reason)) throw reason;
    return false;
  }
  const host = target.endpoint.kind === 'tcp' ? target.endpoint.host : 'localhost';
  try {
    const secure = await within(context, () => handshake({ socket, rejectUnauthorized: false, ALPNProtocols: ['h2', 'http/1.1'], checkServerIdentity: () => undefined, host }), (late) => late.destroy());
    secure.destroy();
    return true;
  } catch (reason) {
    if (isCancel(reason)) throw reason;
    socket.destroy();
    return false;
  }
}

/** HTTP/2 in plaintext with prior knowledge, on the TCP step's socket. */
async function plaintextHttp2(target: CheckTarget, context: CheckContext, socket: Socket): Promise<CheckStep> {
  const watch = stopwatch();
  const answer = await sendPreface(socket, context);
  const durationMs = watch.elapsed();
  if (answer.kind === 'http2') return step('http2', 'ok', 'the server answers HTTP/2 in plaintext (it sent its SETTINGS)', { durationMs });
  const said = describeAnswer(answer);
  // A TLS server closes on the preface (or answers an alert); one that says nothing at all is not asked again.
  const tls = answer.kind === 'tls' || (['closed', 'other', 'error'].includes(answer.kind) && (await speaksTls(target, context)));
  if (tls) return step('http2', 'failed', `the server does not answer HTTP/2 in plaintext (${said}): it speaks TLS on this port`, { advice: connectionAdvice().useTls, durationMs });
  return step('http2', 'failed', `the server does not answer HTTP/2 in plaintext (${said}): is it an HTTP/1.1 server, or does it want TLS?`, { advice: connectionAdvice().checkAddress, durationMs });
}

/** HTTP/2 over TLS: what ALPN agreed, and the server's answer to the preface when it agreed h2. */
function tlsHttp2(alpn: string | null, preface: PrefaceAnswer | undefined, why: string, advice: string): CheckStep {
  if (alpn !== 'h2') return step('http2', 'failed', `the server did not agree h2 in ALPN (it chose ${alpn ?? 'none'}): ${why}`, { advice });
  if (preface?.kind === 'http2') return step('http2', 'ok', 'ALPN agreed h2, and the server sent its HTTP/2 SETTINGS');
  return step('http2', 'failed', `ALPN agreed h2, but the server did not answer HTTP/2: ${preface ? describeAnswer(preface) : 'no answer'}`, { advice });
}

function webHttp2(target: CheckTarget, tls: TlsFinding): CheckStep | undefined {
  const alpn = tls.details?.alpn ?? null;
  if (target.httpVersion === '1.1') {
    return step('http2', 'skipped', `HTTP/1.1, as the connection sets${tls.details ? ` (ALPN would choose ${alpn ?? 'none'})` : ''}`);
  }
  if (tls.details && target.httpVersion === '2') {
    return tlsHttp2(alpn, tls.preface, 'HTTP/2 is set for this connection', 'let ALPN choose the HTTP version, or choose HTTP/1.1');
  }
  if (tls.details) {
    const version = alpn === 'h2' ? 'HTTP/2' : 'HTTP/1.1';
    return step('http2', 'ok', alpn === null ? `the server chose no protocol in ALPN: calls use ${version}` : `ALPN chose ${alpn}: calls use ${version}`);
  }
  if (target.httpVersion === undefined) return step('http2', 'skipped', 'HTTP/1.1 in plaintext (HTTP/2 without TLS needs the HTTP version set to 2)');
  return undefined;
}

export async function checkHttp2(target: CheckTarget, context: CheckContext, socket: Socket | undefined, tls: TlsFinding): Promise<CheckStep> {
  if (target.protocol !== 'grpc') {
    const web = webHttp2(target, tls);
    if (web) return web;
  } else if (tls.details) {
    return tlsHttp2(tls.details.alpn, tls.preface, NO_H2_BEHIND, NO_H2_ADVICE);
  }
  if (!socket) return step('http2', 'skipped', 'not checked: no connection');
  return plaintextHttp2(target, context, socket);
}
