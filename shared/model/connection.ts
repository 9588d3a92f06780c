import type { MetadataEntry } from './call';
import type { SchemaSource, ServiceSummary } from './schema';

/** Transport security for a connection. File paths are read by the engine, never by the renderer. */
export type TlsSettings =
  | {
      mode: 'plaintext';
      /** Sets the :authority header (grpcurl's --authority without TLS). */
      authority?: string;
    }
  | {
      mode: 'tls';
      caCertPath?: string;
      certPath?: string;
      keyPath?: string;
      /**
       * A PKCS#12 bundle (.p12, .pfx) holding the client certificate and its key (and possibly their chain),
       * instead of `certPath` and `keyPath`.
       */
      pfxPath?: string;
      /**
       * Unlocks an encrypted client key (`keyPath`) or a PKCS#12 bundle (`pfxPath`). In a saved request only as
       * `{{variables}}` (a secret one): a file in git never holds the passphrase itself.
       */
      passphrase?: string;
      insecureSkipVerify?: boolean;
      /** Overrides the :authority header and the name checked against the server certificate (SNI). */
      authority?: string;
    };

/** How the channel to the server behaves (grpcurl's --keepalive-time, --max-msg-size, --compress). */
export interface TransportSettings {
  /** Time between keepalive pings on an idle connection, in ms. */
  keepaliveTimeMs?: number;
  /** Largest message sent or received, in bytes (grpc-js's default receive limit is 4 MiB). */
  maxMessageBytes?: number;
  compression?: 'gzip';
  /** Sent in front of grpc-js's own user agent on every request (grpcurl's `-H 'user-agent: …'`). */
  userAgent?: string;
  /**
   * The HTTP proxy every connection of this server goes through (HTTP CONNECT, for gRPC and the web protocols
   * alike): `http://[user:password@]host:port`, or `direct` for none. Absent: the proxy environment variables
   * where the engine runs (`grpc_proxy`, `https_proxy`, `http_proxy`, and `no_grpc_proxy`, `no_proxy`), read
   * as grpc-js and curl read them. May hold `{{variables}}`.
   */
  proxy?: string;
}

/** How calls travel: gRPC (HTTP/2), or a browser-facing protocol over HTTP/1.1 or HTTP/2. */
export type WireProtocol = 'grpc' | 'grpc-web' | 'grpc-web-text' | 'connect';
export const WIRE_PROTOCOLS: readonly WireProtocol[] = ['grpc', 'grpc-web', 'grpc-web-text', 'connect'];
export type HttpVersion = '1.1' | '2';
/** Connect's message codecs; the other protocols always use `proto`. */
export type ConnectCodec = 'proto' | 'json';

/** The protocol part of a connection or saved request; every field absent means plain gRPC. */
export interface ProtocolChoice {
  /** Default `grpc`. */
  protocol?: WireProtocol;
  /** Web protocols only. Absent: ALPN decides over TLS, plaintext uses HTTP/1.1. */
  httpVersion?: HttpVersion;
  /** `connect` only; default `proto`. */
  codec?: ConnectCodec;
}

/** Everything needed to reach a server and know its schema. */
export interface ConnectionConfig extends ProtocolChoice {
  /** `host:port`, `dns:///host:port` or `unix:///path`; web protocols also take a URL (`https://host/prefix`). */
  target: string;
  tls: TlsSettings;
  schema: SchemaSource;
  /** Sent with reflection requests only (servers behind auth proxies need them); calls carry their own. */
  metadata?: MetadataEntry[];
  transport?: TransportSettings;
  /**
   * Dial the server before loading the schema and fail with UNAVAILABLE when it does not answer within this
   * many ms (grpcurl's --connect-timeout). Absent: no dial up front; reflection has its own deadline.
   */
  connectTimeoutMs?: number;
  /**
   * Substitute `{{name}}` variables in the target, the authority and the reflection metadata: built-ins and,
   * when `environment` is set, that environment of the open workspace. Absent: taken as written.
   */
  variables?: { environment?: string };
}

export type ConnectivityState = 'IDLE' | 'CONNECTING' | 'READY' | 'TRANSIENT_FAILURE' | 'SHUTDOWN';

export interface ConnectionInfo {
  connectionId: string;
  target: string;
  services: ServiceSummary[];
  /** Which reflection API answered, when the schema came from reflection. */
  reflectionVersion?: 'v1' | 'v1alpha';
  connectivity: ConnectivityState;
}

/** A message type's shape for the editor: example body, JSON Schema and docs. */
export interface MessageTemplate {
  typeName: string;
  /** Example ProtoJSON body, pretty-printed. */
  example: string;
  /** JSON Schema of the ProtoJSON form (draft-07), for completion, hover and markers. */
  jsonSchema: Record<string, unknown>;
  /** The message in .proto syntax, for the docs panel. */
  protoText: string;
  doc?: string;
}
