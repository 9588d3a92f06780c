/**
 * What `checkConnection` (and `ferry check`) found about reaching one server, step by step: the name, the
 * proxy, the TCP connection, TLS (the certificate chain, the host name, ALPN), then gRPC itself (the health
 * service, server reflection). Each step says what it found in one sentence and, when it is not fine, what
 * to change: the first question of anyone whose call fails with UNAVAILABLE.
 */

export type CheckOutcome = 'ok' | 'warning' | 'failed' | 'skipped';

export type CheckStepName = 'dns' | 'proxy' | 'tcp' | 'tls' | 'http2' | 'health' | 'reflection';

export interface CheckStep {
  step: CheckStepName;
  outcome: CheckOutcome;
  /** What was found, one sentence: `localhost is 127.0.0.1, ::1`, `TLSv1.3, ALPN h2`, `SERVING`. */
  summary: string;
  /** What to change when the outcome is a warning or a failure, in the words of the front end's settings. */
  advice?: string;
  /** How long the step took, when it did something. */
  durationMs?: number;
}

/** One certificate of the chain the server sent, leaf first. */
export interface CertificateSummary {
  /** `CN=localhost`, `CN=api.example.com, O=Example Inc` (the subject's attributes in order). */
  subject: string;
  issuer: string;
  /** DNS names and IP addresses (`DNS:localhost`, `IP:127.0.0.1`), as the certificate lists them. */
  subjectAltNames: string[];
  /** ISO 8601 instants. */
  validFrom: string;
  validTo: string;
  /** Whole days from the check to `validTo`; negative once expired. */
  daysLeft: number;
  /** SHA-256 fingerprint, colon-separated hex as openssl prints it. */
  fingerprint256: string;
  selfSigned: boolean;
}

export interface TlsDetails {
  /** `TLSv1.3`. */
  protocol: string;
  cipher: string;
  /** What ALPN agreed (`h2`, `http/1.1`), or null when the server chose none. */
  alpn: string | null;
  /** The name the certificate was checked against (the authority override, else the target's host). */
  serverName: string;
  /** Whether the chain is trusted (the CA setting, else the system's) and names `serverName`. */
  trusted: boolean;
  /** Why not, in OpenSSL's and Node's words (`unable to verify the first certificate`). */
  trustError?: string;
  chain: CertificateSummary[];
}

export interface ConnectionCheck {
  /** The target as checked, its variables filled in. */
  target: string;
  steps: CheckStep[];
  /** Present once a TLS handshake completed (also when its certificate is not trusted). */
  tls?: TlsDetails;
  /** The worst outcome of any step: `failed` when one failed, else `warning` when one warned, else `ok`. */
  outcome: Exclude<CheckOutcome, 'skipped'>;
}
