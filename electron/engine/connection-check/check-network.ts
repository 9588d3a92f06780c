/**
 * The network steps of a connection check: the name (DNS), the HTTP proxy (a CONNECT tunnel) and the TCP
 * connection, whose socket the TLS and HTTP/2 steps go on with. `dial` opens another connection the same way,
 * for the probes that tell a plaintext server from a TLS one.
 */
import type { LookupAddress } from 'node:dns';
import { isIP, type Socket } from 'node:net';
import type { CheckStep } from '../../../shared/model';
import { connectionAdvice } from '../channels/connection-advice';
import { proxyName } from '../channels/proxy-failure';
import { nodeNet } from '../protocols/node-network';
import { noProxyVariable, openTunnel, proxyFromEnv, ProxyTunnelError } from '../proxy';
import { errorCode, errorText, isCancel, seconds, step, stopwatch, TimedOut, within, type CheckContext } from './check-steps';
import type { CheckTarget, Endpoint } from './check-target';

/** Addresses named in the DNS step's sentence; the rest are counted. */
const SHOWN_ADDRESSES = 6;

const DNS_ADVICE = 'check the host name in the target (a name only a VPN or another network knows needs that network)';

function lookupAll(host: string): Promise<LookupAddress[]> {
  const dns = require('node:dns') as typeof import('node:dns');
  return dns.promises.lookup(host, { all: true, verbatim: true });
}

function addressList(addresses: readonly LookupAddress[]): string {
  const unique = [...new Set(addresses.map((a) => a.address))];
  const shown = unique.slice(0, SHOWN_ADDRESSES).join(', ');
  return unique.length > SHOWN_ADDRESSES ? `${shown} and ${unique.length - SHOWN_ADDRESSES} more` : shown;
}

export async function checkDns(target: CheckTarget, context: CheckContext): Promise<CheckStep> {
  const { endpoint } = target;
  if (endpoint.kind === 'unix') return step('dns', 'skipped', `${endpoint.path} is a unix socket: no name to resolve`);
  const { host } = endpoint;
  if (isIP(host) !== 0) return step('dns', 'skipped', `${host} is an address`);
  if (target.route) return step('dns', 'skipped', `${proxyName(target.route)} resolves ${host}`);
  const watch = stopwatch();
  try {
    const addresses = await within(context, () => lookupAll(host));
    if (addresses.length === 0) return step('dns', 'failed', `${host} resolves to no address`, { advice: DNS_ADVICE, durationMs: watch.elapsed() });
    return step('dns', 'ok', `${host} is ${addressList(addresses)}`, { durationMs: watch.elapsed() });
  } catch (reason) {
    if (isCancel(reason)) throw reason;
    const durationMs = watch.elapsed();
    if (reason instanceof TimedOut) return step('dns', 'failed', `no answer resolving ${host} within ${seconds(reason.ms)}`, { advice: "check the network's DNS, or a VPN it needs", durationMs });
    const code = errorCode(reason);
    if (code === 'ENOTFOUND' || code === 'ENODATA') return step('dns', 'failed', `${host} does not resolve (${code})`, { advice: DNS_ADVICE, durationMs });
    if (code === 'EAI_AGAIN') return step('dns', 'failed', `the resolver gave no answer for ${host} (EAI_AGAIN)`, { advice: "check the network's DNS, or a VPN it needs", durationMs });
    return step('dns', 'failed', `cannot resolve ${host}: ${code ?? errorText(reason)}`, { advice: DNS_ADVICE, durationMs });
  }
}

/** What the proxy step leaves the TCP step: the tunnel, or the proxy's word that the server cannot be reached. */
export interface ProxyFinding {
  step: CheckStep;
  tunnel?: Socket;
  /** The proxy answered the CONNECT but could not connect to the server itself (502, 503, 504). */
  unreachable?: string;
  durationMs?: number;
}

/** Why a server is dialed directly, in the words of proxy/proxy-route.ts's rules. */
function whyDirect(target: CheckTarget): string {
  if (target.endpoint.kind === 'unix') return 'no proxy: a unix socket is never proxied';
  const setting = target.config.transport?.proxy?.trim();
  if (setting) return `no proxy: ${connectionAdvice().proxySetting} is direct`;
  const named = proxyFromEnv()?.name;
  if (named === undefined) return 'no proxy: none set, and no proxy environment variable names one';
  return `no proxy: ${named} names one, but ${noProxyVariable() ?? 'no_proxy'} names ${target.endpoint.host}`;
}

export async function checkProxy(target: CheckTarget, context: CheckContext): Promise<ProxyFinding> {
  const { route, endpoint } = target;
  if (!route || endpoint.kind !== 'tcp') return { step: step('proxy', 'skipped', whyDirect(target)) };
  const name = proxyName(route);
  const watch = stopwatch();
  try {
    const tunnel = await within(context, () => openTunnel(route, endpoint, context.timeoutMs), (late) => late.destroy());
    tunnel.on('error', () => {});
    const durationMs = watch.elapsed();
    return { step: step('proxy', 'ok', `tunnel to ${target.where} through ${name}`, { durationMs }), tunnel, durationMs };
  } catch (reason) {
    if (isCancel(reason)) throw reason;
    const durationMs = watch.elapsed();
    if (reason instanceof ProxyTunnelError && reason.status !== undefined && [502, 503, 504].includes(reason.status)) {
      return { step: step('proxy', 'ok', `${name} answered, but could not connect to ${target.where} itself`, { durationMs }), unreachable: reason.message };
    }
    if (reason instanceof TimedOut) {
      return { step: step('proxy', 'failed', `${name} did not open a tunnel to ${target.where} within ${seconds(reason.ms)}`, { advice: connectionAdvice().checkProxy, durationMs }) };
    }
    const message = reason instanceof ProxyTunnelError ? reason.message : `cannot use ${name}: ${errorText(reason)}`;
    // A 407's sentence says what to give; a proxy that cannot be reached, or refuses this server, is the setting's.
    const status = reason instanceof ProxyTunnelError ? reason.status : undefined;
    const advice = status === 407 ? undefined : connectionAdvice().checkProxy;
    return { step: step('proxy', 'failed', message, { ...(advice !== undefined && { advice }), durationMs }) };
  }
}

/** A TCP connection (or a unix socket's) straight to the endpoint; `stop` destroys it while it connects. */
function connectDirect(endpoint: Endpoint, stop: AbortSignal): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = endpoint.kind === 'tcp' ? nodeNet().connect({ host: endpoint.host, port: endpoint.port }) : nodeNet().connect({ path: endpoint.path });
    const failed = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    stop.addEventListener('abort', () => socket.destroy(), { once: true });
    socket.once('error', failed);
    socket.once('connect', () => {
      socket.removeListener('error', failed);
      // Whoever takes the socket listens for what matters to it; an error nobody awaits must not end the process.
      socket.on('error', () => {});
      resolve(socket);
    });
  });
}

/** Another connection to the server, as the TCP step made its own: directly, or a tunnel through the proxy. */
export function dial(target: CheckTarget, context: CheckContext): Promise<Socket> {
  const { route, endpoint } = target;
  const opened = (socket: Socket) => (socket.on('error', () => {}), socket);
  if (route && endpoint.kind === 'tcp') return within(context, () => openTunnel(route, endpoint, context.timeoutMs).then(opened), (late) => late.destroy());
  return within(context, (stop) => connectDirect(endpoint, stop), (late) => late.destroy());
}

function peerOf(socket: Socket, target: CheckTarget): string {
  if (target.endpoint.kind === 'unix') return target.endpoint.path;
  const address = socket.remoteAddress;
  if (address === undefined) return target.where;
  const peer = address.includes(':') ? `[${address}]:${socket.remotePort}` : `${address}:${socket.remotePort}`;
  return isIP(target.endpoint.host) !== 0 ? peer : `${target.endpoint.host} (${peer})`;
}

function connectFailure(reason: unknown, target: CheckTarget): string {
  const { where } = target;
  if (reason instanceof TimedOut) return `no answer from ${where} within ${seconds(reason.ms)}`;
  const code = errorCode(reason);
  if (code === 'ECONNREFUSED') return `${where} refused the connection (ECONNREFUSED): nothing listens on this port`;
  if (code === 'ENOENT') return `no socket at ${where} (ENOENT)`;
  if (code === 'EACCES') return `not allowed to connect to ${where} (EACCES)`;
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return `${where} cannot be reached from this network (${code})`;
  if (code === 'ETIMEDOUT') return `no answer from ${where} (ETIMEDOUT)`;
  return `cannot connect to ${where}: ${code ?? errorText(reason)}`;
}

export async function checkTcp(target: CheckTarget, context: CheckContext, proxy: ProxyFinding): Promise<{ step: CheckStep; socket?: Socket }> {
  const advice = connectionAdvice().checkAddress;
  if (proxy.unreachable !== undefined) return { step: step('tcp', 'failed', proxy.unreachable, { advice }) };
  if (proxy.tunnel) {
    const summary = `connected to ${target.where} through the tunnel (the proxy made the TCP connection)`;
    return { step: step('tcp', 'ok', summary, { ...(proxy.durationMs !== undefined && { durationMs: proxy.durationMs }) }), socket: proxy.tunnel };
  }
  const watch = stopwatch();
  try {
    const socket = await within(context, (stop) => connectDirect(target.endpoint, stop), (late) => late.destroy());
    const durationMs = watch.elapsed();
    return { step: step('tcp', 'ok', `connected to ${peerOf(socket, target)}`, { durationMs }), socket };
  } catch (reason) {
    if (isCancel(reason)) throw reason;
    return { step: step('tcp', 'failed', connectFailure(reason, target), { advice, durationMs: watch.elapsed() }) };
  }
}
