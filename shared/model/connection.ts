import type { MetadataEntry } from './call';
import type { SchemaSource, ServiceSummary } from './schema';

/** Transport security for a connection. File paths are read by the engine, never by the renderer. */
export type TlsSettings =
  | { mode: 'plaintext' }
  | {
      mode: 'tls';
      caCertPath?: string;
      certPath?: string;
      keyPath?: string;
      insecureSkipVerify?: boolean;
      /** Overrides the :authority header and the name checked against the server certificate (SNI). */
      authority?: string;
    };

/** Everything needed to reach a server and know its schema. */
export interface ConnectionConfig {
  /** `host:port`, `dns:///host:port` or `unix:///path`. */
  target: string;
  tls: TlsSettings;
  schema: SchemaSource;
  /** Sent with reflection requests too (servers behind auth proxies need them). */
  metadata?: MetadataEntry[];
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
