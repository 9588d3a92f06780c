/**
 * A connection's settings read once for a check: where to dial, the TLS files, the proxy route, the metadata.
 * Settings that cannot be used (a malformed target or proxy URL, unreadable or mismatched TLS files, metadata
 * HTTP/2 would refuse) fail here, before anything is dialed, with the errors opening the connection gives.
 */
import { isIP } from 'node:net';
import type { ConnectionConfig, HttpVersion, MetadataEntry, WireProtocol } from '../../../shared/model';
import { checkMetadata } from '../calls/metadata';
import { connectionAdvice } from '../channels/connection-advice';
import { hasClientIdentity, readTlsMaterial, type TlsMaterial } from '../channels/tls-material';
import { parseTarget } from '../channels/parse-target';
import { checkTimerMs } from '../channels/transport-limits';
import { refuseWebOnlyChoices } from '../engine-connections';
import { parseWebTarget } from '../protocols/web-target';
import { authorityOf, proxyRoute, type ProxyRoute } from '../proxy';

/** How long each step may take when the connection sets no connect timeout. */
export const DEFAULT_STEP_TIMEOUT_MS = 10_000;

export type Endpoint = { kind: 'tcp'; host: string; port: number } | { kind: 'unix'; path: string };

export interface CheckTls {
  material: TlsMaterial;
  /** What the certificate must name: the authority override, else the target's host (`localhost` for a socket). */
  serverName: string;
  /** Sent as SNI; absent for an IP address, which SNI may not carry. */
  sni?: string;
  insecureSkipVerify: boolean;
  /** A client certificate is set (mTLS), as PEM files or a PKCS#12 bundle. */
  clientCertificate: boolean;
}

export interface CheckTarget {
  config: ConnectionConfig;
  protocol: WireProtocol;
  endpoint: Endpoint;
  /** `host:port` or the socket's path, as sentences name the server. */
  where: string;
  tls?: CheckTls;
  /** The HTTP proxy connections go through (the setting's or the environment's); absent: direct. */
  route?: ProxyRoute;
  /** Sent with the health check and reflection, as with a connection's reflection. */
  metadata: readonly MetadataEntry[];
  /** The web protocols' forced HTTP version, when the connection sets one. */
  httpVersion?: HttpVersion;
  timeoutMs: number;
}

function endpointOf(config: ConnectionConfig, protocol: WireProtocol): Endpoint {
  if (protocol !== 'grpc') {
    const web = parseWebTarget(config.target, config.tls.mode === 'tls');
    return { kind: 'tcp', host: web.host, port: web.port };
  }
  refuseWebOnlyChoices(config);
  const parsed = parseTarget(config.target);
  return parsed.kind === 'tcp' ? { kind: 'tcp', host: parsed.host, port: parsed.port } : { kind: 'unix', path: parsed.path };
}

function tlsOf(config: ConnectionConfig, endpoint: Endpoint): CheckTls | undefined {
  const { tls } = config;
  if (tls.mode === 'plaintext') return undefined;
  const { mode: _mode, ...files } = tls;
  const material = readTlsMaterial({ tls: true, ...files });
  const serverName = tls.authority ?? (endpoint.kind === 'tcp' ? endpoint.host : 'localhost');
  return {
    material,
    serverName,
    ...(isIP(serverName) === 0 && { sni: serverName }),
    insecureSkipVerify: tls.insecureSkipVerify === true,
    clientCertificate: hasClientIdentity(material),
  };
}

export function readCheckTarget(config: ConnectionConfig): CheckTarget {
  const protocol = config.protocol ?? 'grpc';
  const timeoutMs = config.connectTimeoutMs ?? DEFAULT_STEP_TIMEOUT_MS;
  checkTimerMs(timeoutMs, 'the connect timeout');
  const endpoint = endpointOf(config, protocol);
  const metadata = config.metadata ?? [];
  checkMetadata(metadata);
  const tls = tlsOf(config, endpoint);
  const route = endpoint.kind === 'tcp' ? proxyRoute(config.transport?.proxy, endpoint, connectionAdvice().proxySetting) : undefined;
  return {
    config,
    protocol,
    endpoint,
    where: endpoint.kind === 'tcp' ? authorityOf(endpoint) : endpoint.path,
    ...(tls && { tls }),
    ...(route && { route }),
    metadata,
    ...(protocol !== 'grpc' && config.httpVersion !== undefined && { httpVersion: config.httpVersion }),
    timeoutMs,
  };
}
