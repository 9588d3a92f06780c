import type { TlsSettings, TransportSettings } from '../../shared/model';
import type { ConnectionOptions } from '../engine';

/** The TLS part of a connection config, from the channel options the flags describe. */
export function tlsSettingsOf(options: ConnectionOptions): TlsSettings {
  if (!options.tls) return { mode: 'plaintext', ...(options.authority !== undefined && { authority: options.authority }) };
  const { caCertPath, certPath, keyPath, pfxPath, passphrase, insecureSkipVerify, authority } = options;
  return {
    mode: 'tls',
    ...(caCertPath !== undefined && { caCertPath }),
    ...(certPath !== undefined && { certPath }),
    ...(keyPath !== undefined && { keyPath }),
    ...(pfxPath !== undefined && { pfxPath }),
    ...(passphrase !== undefined && { passphrase }),
    ...(insecureSkipVerify !== undefined && { insecureSkipVerify }),
    ...(authority !== undefined && { authority }),
  };
}

/** The transport part of a connection config (keepalive, message size, compression, user agent, proxy). */
export function transportSettingsOf(options: ConnectionOptions): TransportSettings {
  return {
    ...(options.keepaliveTimeMs !== undefined && { keepaliveTimeMs: options.keepaliveTimeMs }),
    ...(options.maxReceiveMessageBytes !== undefined && { maxMessageBytes: options.maxReceiveMessageBytes }),
    ...(options.compression && { compression: options.compression }),
    ...(options.userAgent !== undefined && { userAgent: options.userAgent }),
    ...(options.proxy !== undefined && { proxy: options.proxy }),
  };
}
