/**
 * A gRPC channel through an HTTP proxy. Ferry decides the route itself (proxy/proxy-route.ts, so gRPC, the web
 * protocols and token requests agree on every host) and hands grpc-js the options its own environment lookup
 * would set: dial the proxy, CONNECT to `grpc.http_connect_target`. grpc-js then takes the TLS server name
 * from that target too (channel-credentials.js, getConnectionOptions), so certificates are checked against
 * the real host. The wrapper below reports the real target, and explains calls that fail before the
 * tunnel or the connection through it is up.
 */
import type * as grpc from '@grpc/grpc-js';
import { format } from 'node:util';
import { trace } from '../diagnostics/trace';
import { authorityOf, proxyRoute, type Destination, type ProxyRoute } from '../proxy';
import { connectionAdvice } from './connection-advice';
import type { ChannelSettings } from './credentials';
import { grpcJs } from './grpc-js';
import type { ParsedTarget } from './parse-target';
import { proxyRefusal, throughProxy } from './proxy-failure';

type Call = ReturnType<grpc.ChannelInterface['createCall']>;
type CallListener = Parameters<Call['start']>[1];

/** The proxy a channel dials and the server it asks the proxy for. */
export interface ProxyHop {
  route: ProxyRoute;
  destination: Destination;
}

/** The hop to `target`, or undefined to dial it directly. A unix socket is never proxied; a bad proxy URL fails (BAD_INPUT). */
export function proxyHopOf(target: ParsedTarget, proxy: string | undefined): ProxyHop | undefined {
  if (target.kind !== 'tcp') return undefined;
  const destination = { host: target.host, port: target.port };
  const route = proxyRoute(proxy, destination, connectionAdvice().proxySetting);
  return route && { route, destination };
}

/** A client whose channel dials the proxy and tunnels to `grpcTarget` (a parsed target's, e.g. `dns:///host:443`). */
export function proxiedClient(grpcTarget: string, hop: ProxyHop, settings: ChannelSettings): grpc.Client {
  quietProxyLog();
  const options: grpc.ChannelOptions = {
    ...settings.channelOptions,
    'grpc.http_connect_target': grpcTarget,
    ...(hop.route.credentials !== undefined && { 'grpc.http_connect_creds': hop.route.credentials }),
    // grpc-js derives the default :authority from the target it dials, which is the proxy.
    'grpc.default_authority': settings.channelOptions['grpc.default_authority'] ?? authorityOf(hop.destination),
  };
  const proxy = `dns:${authorityOf(hop.route)}`;
  const { Channel, Client } = grpcJs();
  const channel = new ProxiedChannel(new Channel(proxy, settings.credentials, options), grpcTarget, hop);
  return new Client(proxy, settings.credentials, { channelOverride: channel });
}

export class ProxiedChannel implements grpc.ChannelInterface {
  private probing: Promise<string | undefined> | undefined;

  constructor(
    private readonly inner: grpc.ChannelInterface,
    private readonly target: string,
    readonly hop: ProxyHop,
  ) {}

  /** The server's target, as a direct channel reports it: calls name where they go, not the proxy. */
  getTarget(): string {
    return this.target;
  }

  close(): void {
    this.inner.close();
  }

  getConnectivityState(tryToConnect: boolean): grpc.connectivityState {
    return this.inner.getConnectivityState(tryToConnect);
  }

  watchConnectivityState(currentState: grpc.connectivityState, deadline: Date | number, callback: (error?: Error) => void): void {
    this.inner.watchConnectivityState(currentState, deadline, callback);
  }

  getChannelzRef(): ReturnType<grpc.ChannelInterface['getChannelzRef']> {
    return this.inner.getChannelzRef();
  }

  createCall(...args: Parameters<grpc.ChannelInterface['createCall']>): Call {
    return new ExplainedCall(this.inner.createCall(...args), this);
  }

  /** Why the proxy gives no tunnel, or undefined when it does. Calls failing together share one question. */
  refusal(): Promise<string | undefined> {
    this.probing ??= proxyRefusal(this.hop.route, this.hop.destination).finally(() => (this.probing = undefined));
    return this.probing;
  }

  /** The status for a call that failed UNAVAILABLE before the server answered: what the proxy says now. */
  async explain(status: grpc.StatusObject): Promise<grpc.StatusObject> {
    const refused = await this.refusal();
    return { ...status, details: refused ?? throughProxy(this.hop.route, status.details) };
  }

  /**
   * An UNAVAILABLE while the channel has failed to connect: the tunnel, or the connection through it, failed.
   * Not a connection that dropped later, nor a call ended by closing the channel (no proxy to ask then).
   */
  failedToConnect(status: grpc.StatusObject): boolean {
    const { status: codes, connectivityState } = grpcJs();
    return status.code === codes.UNAVAILABLE && this.inner.getConnectivityState(false) === connectivityState.TRANSIENT_FAILURE;
  }
}

/** One call on a proxied channel: as the channel's own, but a failure to connect waits for the proxy's reason. */
class ExplainedCall implements Call {
  constructor(
    private readonly call: Call,
    private readonly channel: ProxiedChannel,
  ) {}

  start(metadata: grpc.Metadata, listener: CallListener): void {
    let answered = false;
    this.call.start(metadata, {
      onReceiveMetadata: (headers) => {
        answered = true;
        listener.onReceiveMetadata(headers);
      },
      onReceiveMessage: (message) => listener.onReceiveMessage(message),
      onReceiveStatus: (status) => {
        if (answered || !this.channel.failedToConnect(status)) return listener.onReceiveStatus(status);
        void this.channel.explain(status).then((explained) => listener.onReceiveStatus(explained));
      },
    });
  }

  cancelWithStatus(...args: Parameters<Call['cancelWithStatus']>): void {
    this.call.cancelWithStatus(...args);
  }

  getPeer(): string {
    return this.call.getPeer();
  }

  sendMessageWithContext(...args: Parameters<Call['sendMessageWithContext']>): void {
    this.call.sendMessageWithContext(...args);
  }

  startRead(): void {
    this.call.startRead();
  }

  halfClose(): void {
    this.call.halfClose();
  }

  getCallNumber(): number {
    return this.call.getCallNumber();
  }

  setCredentials(...args: Parameters<Call['setCredentials']>): void {
    this.call.setCredentials(...args);
  }

  getAuthContext(): ReturnType<Call['getAuthContext']> {
    return this.call.getAuthContext();
  }
}

let quieted = false;
const GRPC_PROXY_LOG = /^Failed to connect to (?:proxy |\S+ through proxy )/;

/**
 * grpc-js logs a refused tunnel as an error on stderr ("E Failed to connect to … through proxy … with status
 * 407") beside the status Ferry words better: those lines go to FERRY_TRACE=channel, every other line to
 * stderr as grpc-js's default logger writes them (console.error in logging.js). Done once, when the first
 * proxied channel opens.
 */
function quietProxyLog(): void {
  if (quieted) return;
  quieted = true;
  const write =
    (letter: string) =>
    (message?: unknown, ...rest: unknown[]): void => {
      if (typeof message === 'string' && GRPC_PROXY_LOG.test(message)) return trace('channel', `grpc-js: ${message}`);
      process.stderr.write(`${format(`${letter} ${String(message)}`, ...rest)}\n`);
    };
  grpcJs().setLogger({ error: write('E'), info: write('I'), debug: write('D') });
}
