import type { ConnectionAdvice } from '../../engine';

/**
 * Connection advice in grpcurl's words: its single-dash flags, and the proxy environment variables it reads
 * (it has no proxy flag, nor one for a key's passphrase).
 */
export const GRPCURL_CONNECTION_ADVICE: ConnectionAdvice = {
  usePlaintext: 'use -plaintext',
  useTls: 'drop -plaintext',
  clientCertificate: 'pass -cert and -key',
  keyForCertificate: 'pass the key with -key',
  certificateForKey: 'pass the certificate with -cert',
  swappedCertificateAndKey: 'did you swap -cert and -key?',
  authority: 'use -authority with a name it holds, or -insecure',
  trustServerCa: 'pass -cacert with its CA, or -insecure',
  expiredCertificate: 'renew it (or check the clock), or use -insecure',
  checkTls: 'check -plaintext (server without TLS) and -cacert (CA of the server certificate)',
  checkAddress: 'check the address and port, and whether the server uses TLS (-plaintext when it does not)',
  proxySetting: 'the proxy setting',
  maxMessageSize: 'raise the limit with -max-msg-sz BYTES (4 MiB unless set)',
  keyPassphrase: 'grpcurl reads unencrypted keys only: `ferry call --key … --pass-env NAME` takes this one',
  checkProxy: 'check https_proxy, or name the host in no_proxy to dial it directly',
};
