/**
 * The advice that ends a connection error ("…; pass --cacert with its CA"), in the words of the front end
 * that shows it. By default it names the settings as the UI labels them (the desktop app and `ferry serve`);
 * the CLI's dialing commands switch to their flag names. A process runs one front end, so this is set once.
 */
export interface ConnectionAdvice {
  /** The server has no TLS on this port. */
  usePlaintext: string;
  /** A plaintext client met a TLS server. */
  useTls: string;
  /** The server wants a client certificate it trusts. */
  clientCertificate: string;
  /** A client certificate was given without its key. */
  keyForCertificate: string;
  /** A client key was given without its certificate. */
  certificateForKey: string;
  /** The certificate setting holds a key (or the other way round). */
  swappedCertificateAndKey: string;
  /** The server certificate does not name the host dialed. */
  authority: string;
  /** The server certificate is signed by a CA nobody trusts here. */
  trustServerCa: string;
  /** The server certificate has expired or is not valid yet. */
  expiredCertificate: string;
  /** A handshake failed for a reason we cannot tell apart. */
  checkTls: string;
  /** Nothing answered in time. */
  checkAddress: string;
  /** The HTTP proxy (the setting's or the environment's) cannot be reached, or says nothing. */
  checkProxy: string;
  /** The proxy setting's name, as messages about its value name it. */
  proxySetting: string;
  /** An encrypted client key or PKCS#12 bundle was given without its passphrase. */
  keyPassphrase: string;
  /** A message was larger than the connection's limit (4 MiB unless set). */
  maxMessageSize: string;
}

export const UI_CONNECTION_ADVICE: ConnectionAdvice = {
  usePlaintext: 'set Security to Plaintext',
  useTls: 'set Security to TLS',
  clientCertificate: 'set a Client certificate path and Client key path the server trusts',
  keyForCertificate: 'set the Client key path too',
  certificateForKey: 'set the Client certificate path too',
  swappedCertificateAndKey: 'did you swap the Client certificate path and the Client key path?',
  authority: 'set Authority override to a name the certificate holds, or tick Skip certificate verification',
  trustServerCa: 'set CA certificate path to the CA that signed it, or tick Skip certificate verification',
  expiredCertificate: 'renew it (or check the clock), or tick Skip certificate verification',
  checkTls: 'check Security (Plaintext or TLS) and the CA certificate path',
  checkAddress: 'check the address and port, and Security (Plaintext when the server has no TLS)',
  proxySetting: 'the Proxy setting',
  keyPassphrase: 'set Key passphrase (best a secret {{variable}})',
  maxMessageSize: 'raise Max message size (the connection\'s Advanced settings; 4 MiB unless set)',
  checkProxy: "set Proxy (the connection's Advanced settings) to a proxy that answers, or to direct to dial without one",
};

let current: ConnectionAdvice = UI_CONNECTION_ADVICE;

/** Called once by a front end that names its settings differently (the CLI's flags). */
export function useConnectionAdvice(advice: ConnectionAdvice): void {
  current = advice;
}

export function connectionAdvice(): ConnectionAdvice {
  return current;
}
