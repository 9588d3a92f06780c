import type * as grpc from '@grpc/grpc-js';
import { fail } from '../../../shared/errors';
import type { ConnectivityState } from '../../../shared/model';
import { byCodeUnits } from '../../../shared/util';
import { trace } from '../diagnostics/trace';
import { buildChannelSettings, type ConnectionOptions } from './credentials';
import { grpcJs } from './grpc-js';
import { parseTarget } from './parse-target';
import { proxiedClient, proxyHopOf } from './proxied-channel';
import { proxyName } from './proxy-failure';

/** Reported by `watch`, named as the fact it is. */
export interface ConnectivityChanged {
  type: 'connectivity.changed';
  target: string;
  state: ConnectivityState;
}

export interface ChannelPool {
  /** The pooled client for this target and options, created on first use. Bad targets, TLS files and proxy URLs fail (throw). */
  acquire(target: string, options: ConnectionOptions): grpc.Client;
  /** Current state; a channel not acquired yet reports IDLE. `connect` asks an idle channel to dial. */
  connectivity(target: string, options: ConnectionOptions, connect?: boolean): ConnectivityState;
  /** Reports every state change (acquiring the channel if needed) until the returned disposer is called. */
  watch(target: string, options: ConnectionOptions, listener: (change: ConnectivityChanged) => void): () => void;
  /** Closes the channel of this target and options, if open; the next `acquire` opens a new one. */
  release(target: string, options: ConnectionOptions): void;
  /** Number of open channels. */
  readonly size: number;
  /** Closes every channel; in-flight calls end with UNAVAILABLE or CANCELLED. */
  close(): void;
}

let stateNames: Record<grpc.connectivityState, ConnectivityState> | undefined;

/** Our name for a channel's state; the table is made on first use, so loading this module loads no grpc-js. */
function stateName(state: grpc.connectivityState): ConnectivityState {
  const { connectivityState: s } = grpcJs();
  stateNames ??= { [s.IDLE]: 'IDLE', [s.CONNECTING]: 'CONNECTING', [s.READY]: 'READY', [s.TRANSIENT_FAILURE]: 'TRANSIENT_FAILURE', [s.SHUTDOWN]: 'SHUTDOWN' };
  return stateNames[state];
}

/**
 * The key last made for each options object (a connection's never changes) and its target: every call needs
 * its key three times (its channel, and holding and letting go of it), and handing back the same string
 * spares building and hashing a new one each time.
 */
const lastKeys = new WeakMap<ConnectionOptions, { target: string; key: string }>();

/** Stable key: the same target and options in any property order share one channel. */
export function poolKey(target: string, options: ConnectionOptions): string {
  const last = lastKeys.get(options);
  if (last?.target === target) return last.key;
  const sorted = Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined && value !== false).sort(([a], [b]) => byCodeUnits(a, b)),
  );
  const key = `${target}\n${JSON.stringify(sorted)}`;
  lastKeys.set(options, { target, key });
  return key;
}

export function createChannelPool(): ChannelPool {
  const clients = new Map<string, grpc.Client>();

  function acquire(target: string, options: ConnectionOptions): grpc.Client {
    const key = poolKey(target.trim(), options);
    const existing = clients.get(key);
    if (existing) return existing;
    const parsed = parseTarget(target);
    const { grpcTarget } = parsed;
    const settings = buildChannelSettings(options);
    // Decided once, when the channel is made: a pooled channel keeps its route.
    const hop = proxyHopOf(parsed, options.proxy);
    let client: grpc.Client;
    try {
      client = hop ? proxiedClient(grpcTarget, hop, settings) : new (grpcJs().Client)(grpcTarget, settings.credentials, settings.channelOptions);
    } catch (reason) {
      // grpc-js validates the target and options synchronously; anything left is a bad input we did not foresee.
      return fail('BAD_INPUT', `cannot open a channel to "${target}": ${(reason as Error).message}`);
    }
    clients.set(key, client);
    const via = hop ? ` through ${proxyName(hop.route)}` : '';
    trace('channel', () => `opened ${grpcTarget} (${options.tls ? 'tls' : 'plaintext'})${via}; ${clients.size} open`);
    return client;
  }

  function connectivity(target: string, options: ConnectionOptions, connect = false): ConnectivityState {
    const client = clients.get(poolKey(target.trim(), options));
    if (!client) return 'IDLE';
    return stateName(client.getChannel().getConnectivityState(connect));
  }

  function watch(target: string, options: ConnectionOptions, listener: (change: ConnectivityChanged) => void): () => void {
    const channel = acquire(target, options).getChannel();
    let active = true;
    const follow = (current: grpc.connectivityState) => {
      // grpc-js has no way to remove a watcher: a disposed watch just stops re-arming at the next change.
      channel.watchConnectivityState(current, Infinity, () => {
        if (!active) return;
        const next = channel.getConnectivityState(false);
        trace('channel', `${target} is ${stateName(next)}`);
        listener({ type: 'connectivity.changed', target, state: stateName(next) });
        if (next !== grpcJs().connectivityState.SHUTDOWN) follow(next);
      });
    };
    follow(channel.getConnectivityState(false));
    return () => void (active = false);
  }

  function release(target: string, options: ConnectionOptions): void {
    const key = poolKey(target.trim(), options);
    clients.get(key)?.close();
    if (clients.delete(key)) trace('channel', () => `closed ${target}; ${clients.size} open`);
  }

  function close(): void {
    for (const client of clients.values()) client.close();
    trace('channel', `closed ${clients.size} channels`);
    clients.clear();
  }

  return {
    acquire,
    connectivity,
    watch,
    release,
    close,
    get size() {
      return clients.size;
    },
  };
}
