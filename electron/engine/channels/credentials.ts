import type * as grpc from '@grpc/grpc-js';
import { fail } from '../../../shared/errors';
import { nodeTls } from '../protocols/node-network';
import { grpcJs } from './grpc-js';
import { identityOptions, readTlsMaterial } from './tls-material';
import { checkTransportOptions } from './transport-limits';

/** TLS settings, as grpcurl's --plaintext / --cacert / --cert / --key / --insecure / --authority. */
export type TlsOptions =
  | { tls: false }
  | {
      tls: true;
      /** PEM bundle of CAs to trust instead of the system roots. */
      caCertPath?: string;
      /** Client certificate (PEM) for mTLS; needs `keyPath`. */
      certPath?: string;
      /** The client certificate's key (PEM), encrypted or not. */
      keyPath?: string;
      /** A PKCS#12 bundle with the client certificate and key, instead of `certPath` and `keyPath`. */
      pfxPath?: string;
      /** Unlocks an encrypted `keyPath` or the `pfxPath` bundle. A secret: never in a message, trace or history. */
      passphrase?: string;
      /** Accept any server certificate (grpcurl --insecure). */
      insecureSkipVerify?: boolean;
      /** Overrides the :authority header and the TLS server name (SNI and certificate check). */
      authority?: string;
    };

export interface TransportOptions {
  keepaliveTimeMs?: number;
  keepaliveTimeoutMs?: number;
  maxSendMessageBytes?: number;
  maxReceiveMessageBytes?: number;
  compression?: 'gzip';
  /** For plaintext channels: sets the :authority header. */
  authority?: string;
  /** Sent in front of grpc-js's own `grpc-node-js/<version>` in every request's user-agent header. */
  userAgent?: string;
  /** The connection's proxy setting as given (`http://…`, `direct`); absent: the environment's (proxy/proxy-route.ts). */
  proxy?: string;
  /**
   * A further channel of one connection (a load test over several connections): 1, 2… give channels, and
   * so sockets, of their own. Only the pool's key reads it.
   */
  lane?: number;
}

export type ConnectionOptions = TlsOptions & TransportOptions;

export interface ChannelSettings {
  credentials: grpc.ChannelCredentials;
  channelOptions: grpc.ChannelOptions;
}

/** Reads certificate files and turns connection options into grpc-js credentials and channel options. */
export function buildChannelSettings(options: ConnectionOptions): ChannelSettings {
  checkTransportOptions(options);
  return { credentials: buildCredentials(options), channelOptions: buildChannelOptions(options) };
}

function buildCredentials(options: ConnectionOptions): grpc.ChannelCredentials {
  if (!options.tls) return grpcJs().credentials.createInsecure();
  const material = readTlsMaterial(options);
  const { ca, cert, key, pkcs12 } = material;
  // grpc-js passes these to tls.connect: rejectUnauthorized covers the chain, checkServerIdentity the host name.
  const verify: grpc.VerifyOptions = options.insecureSkipVerify ? { rejectUnauthorized: false, checkServerIdentity: () => undefined } : {};
  try {
    if (!pkcs12) return grpcJs().credentials.createSsl(ca, key, cert, verify);
    // createSsl takes PEM only. A context of our own keeps the verify options (and the name override, which
    // grpc-js applies per connection), but not GRPC_DEFAULT_SSL_ROOTS_FILE_PATH: without a CA, Node's roots.
    const context = nodeTls().createSecureContext({ ...(ca && { ca }), ...identityOptions(material) });
    return grpcJs().credentials.createFromSecureContext(context, verify);
  } catch (reason) {
    const message = reason instanceof Error ? reason.message : String(reason);
    const files = [options.caCertPath, options.certPath, options.keyPath, options.pfxPath].filter(Boolean);
    return fail('TLS_ERROR', `cannot use the TLS files (${files.join(', ')}): ${message}`, { file: files[0]! });
  }
}

/**
 * HTTP/2 flow-control window Ferry offers servers, per stream and per connection. grpc-js keeps HTTP/2's
 * default of 64 KiB, so a server sending 64 KiB messages stops about once a message until Ferry's window
 * update reaches it: over loopback that held `bench:stream`'s 64 KiB row to ~3,000 messages/s, and over a
 * 50 ms link it caps any stream near 1.3 MB/s. grpc-go and C-core grow theirs by estimating the bandwidth-delay
 * product, up to 16 MiB; a fixed 4 MiB gave the loopback bench most of the gain (2 MiB clearly less, 16 MiB
 * no more) and bounds what one connection can have in flight toward Ferry.
 */
export const RECEIVE_WINDOW_BYTES = 4 * 1024 * 1024;

function buildChannelOptions(options: ConnectionOptions): grpc.ChannelOptions {
  const channel: grpc.ChannelOptions = {};
  if (options.authority) {
    channel['grpc.default_authority'] = options.authority;
    if (options.tls) channel['grpc.ssl_target_name_override'] = options.authority;
  }
  if (options.keepaliveTimeMs !== undefined) channel['grpc.keepalive_time_ms'] = options.keepaliveTimeMs;
  if (options.keepaliveTimeoutMs !== undefined) channel['grpc.keepalive_timeout_ms'] = options.keepaliveTimeoutMs;
  if (options.maxSendMessageBytes !== undefined) channel['grpc.max_send_message_length'] = options.maxSendMessageBytes;
  if (options.maxReceiveMessageBytes !== undefined) channel['grpc.max_receive_message_length'] = options.maxReceiveMessageBytes;
  if (options.compression === 'gzip') channel['grpc.default_compression_algorithm'] = grpcJs().compressionAlgorithms.gzip;
  if (options.userAgent !== undefined) channel['grpc.primary_user_agent'] = options.userAgent;
  // One subchannel per pooled channel, so closing a pool entry really closes its connection.
  channel['grpc.use_local_subchannel_pool'] = 1;
  // grpc-js would read the proxy variables itself, by rules of its own (no NO_PROXY, no port in no_proxy
  // entries): Ferry decides every route with proxy/proxy-route.ts instead (proxied-channel.ts).
  channel['grpc.enable_http_proxy'] = 0;
  channel['grpc-node.flow_control_window'] = RECEIVE_WINDOW_BYTES;
  return channel;
}
