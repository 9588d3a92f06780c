import { randomUUID } from 'node:crypto';
import { fail } from '../../shared/errors';
import type { ConnectionConfig, ConnectionInfo, ConnectivityState } from '../../shared/model';
import { waitForReady, type ChannelPool, type ConnectionOptions, type TransportOptions } from './channels';
import type { ChannelUsers } from './channel-users';
import { loadSchema } from './load-schema';
import { schemaChangesSince } from './schema-changes';
import { createWebClient, type WebClient } from './protocols';
import type { SchemaCache, SchemaRegistry } from './schema';

/** One server the UI has opened: its settings, its schema and its connectivity watch. */
export interface OpenConnection {
  id: string;
  config: ConnectionConfig;
  options: ConnectionOptions;
  /** Calls over gRPC-Web or Connect go through this client; plain gRPC uses the channel pool. */
  web?: WebClient;
  registry: SchemaRegistry;
  reflectionVersion?: 'v1' | 'v1alpha';
  stopWatching?: () => void;
}

function transportOptionsOf(config: ConnectionConfig): TransportOptions {
  const { keepaliveTimeMs, maxMessageBytes, compression, userAgent, proxy } = config.transport ?? {};
  return {
    ...(keepaliveTimeMs !== undefined && { keepaliveTimeMs }),
    ...(maxMessageBytes !== undefined && { maxSendMessageBytes: maxMessageBytes, maxReceiveMessageBytes: maxMessageBytes }),
    ...(compression && { compression }),
    ...(userAgent !== undefined && { userAgent }),
    ...(proxy !== undefined && { proxy }),
  };
}

export function connectionOptionsOf(config: ConnectionConfig): ConnectionOptions {
  const { tls } = config;
  if (tls.mode === 'plaintext') return { tls: false, ...(tls.authority !== undefined && { authority: tls.authority }), ...transportOptionsOf(config) };
  const { mode: _mode, ...rest } = tls;
  return { tls: true, ...rest, ...transportOptionsOf(config) };
}

/** A gRPC connection takes no HTTP version or codec: those are the web protocols'. */
export function refuseWebOnlyChoices(config: ConnectionConfig): undefined {
  if (config.httpVersion !== undefined || config.codec !== undefined) fail('BAD_INPUT', 'an HTTP version or codec applies to the web protocols only (gRPC always uses HTTP/2 and proto)');
  return undefined;
}

/** A web-protocol client for a connection whose protocol is not gRPC; bad settings fail here, before any I/O. */
function webClientOf(config: ConnectionConfig, options: ConnectionOptions): WebClient | undefined {
  const protocol = config.protocol ?? 'grpc';
  if (protocol === 'grpc') return refuseWebOnlyChoices(config);
  if (config.codec === 'json' && protocol !== 'connect') fail('BAD_INPUT', `the json codec is only supported with the connect protocol (${protocol} uses proto)`);
  return createWebClient({ ...options, target: config.target, protocol, ...(config.codec && { codec: config.codec }), ...(config.httpVersion && { http: config.httpVersion }) });
}

/** Keeps the open connections and loads their schemas; connectivity changes go to `onConnectivity`. */
export function createConnectionTable(pool: ChannelPool, users: ChannelUsers, onConnectivity: (connectionId: string, state: ConnectivityState) => void, schemaCache?: SchemaCache) {
  const cache = schemaCache ? { cache: schemaCache } : {};
  const connections = new Map<string, OpenConnection>();

  async function load(config: ConnectionConfig, options: ConnectionOptions, web: WebClient | undefined): Promise<SchemaRegistry> {
    if (web) return loadSchema({ source: config.schema, web, metadata: config.metadata ?? [], ...cache });
    if (config.connectTimeoutMs !== undefined) await waitForReady(pool.acquire(config.target, options), config.target, config.connectTimeoutMs);
    return loadSchema({ source: config.schema, target: config.target, connection: options, pool, metadata: config.metadata ?? [], ...cache });
  }

  function info(connection: OpenConnection): ConnectionInfo {
    return {
      connectionId: connection.id,
      target: connection.config.target,
      services: connection.registry.listServices(),
      // Web protocols open HTTP connections per need and keep no channel state to watch.
      connectivity: connection.web ? 'IDLE' : pool.connectivity(connection.config.target, connection.options),
      ...(connection.registry.reflectionVersion && { reflectionVersion: connection.registry.reflectionVersion }),
    };
  }

  function watch(connection: OpenConnection): void {
    if (connection.web) return;
    connection.stopWatching = pool.watch(connection.config.target, connection.options, (change) => onConnectivity(connection.id, change.state));
  }

  return {
    async open(config: ConnectionConfig): Promise<ConnectionInfo> {
      const options = connectionOptionsOf(config);
      const web = webClientOf(config, options);
      let registry: SchemaRegistry;
      try {
        registry = await load(config, options, web);
      } catch (reason) {
        web?.close();
        throw reason;
      }
      const connection: OpenConnection = { id: randomUUID(), config, options, registry, ...(web && { web }) };
      connections.set(connection.id, connection);
      users.hold(config.target, options);
      watch(connection);
      return info(connection);
    },
    async reload(connectionId: string): Promise<ConnectionInfo> {
      const connection = this.get(connectionId);
      connection.registry = await load(connection.config, connection.options, connection.web);
      return info(connection);
    },
    /** The files the connection's schema was read from that changed on disk since (see schema-changes.ts). */
    schemaChanges(connectionId: string): Promise<string[]> {
      return schemaChangesSince(this.get(connectionId).registry.readFrom);
    },
    close(connectionId: string): void {
      const connection = this.get(connectionId);
      connection.stopWatching?.();
      connection.web?.close();
      connections.delete(connectionId);
      users.letGo(connection.config.target, connection.options);
    },
    get(connectionId: string): OpenConnection {
      return connections.get(connectionId) ?? fail('NOT_FOUND', `no open connection with id ${connectionId}`);
    },
    dispose(): void {
      for (const connection of connections.values()) {
        connection.stopWatching?.();
        connection.web?.close();
      }
      connections.clear();
    },
  };
}

export type ConnectionTable = ReturnType<typeof createConnectionTable>;
