/**
 * The certificates a TLS server sent, as the check shows them: names as `CN=…, O=…`, alternative names one
 * per entry, dates as ISO instants, days left, the SHA-256 fingerprint; and OpenSSL's verification codes in
 * its own words.
 */
import { X509Certificate } from 'node:crypto';
import type { DetailedPeerCertificate, PeerCertificate } from 'node:tls';
import type { CertificateSummary } from '../../../shared/model';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Certificates of a real chain are a handful; this bounds a loop through a chain that never ends in a root. */
const MAX_CHAIN = 16;

type Name = PeerCertificate['subject'];

/**
 * A distinguished name as RFC 4514 writes it, most specific attribute first (`CN=api.example.com, O=Example
 * Inc`), as `openssl x509 -nameopt RFC2253` and Go print one. Node gives the attributes in the certificate's
 * order, a repeated attribute as an array.
 */
export function distinguishedName(name: Name | undefined): string {
  if (!name) return '';
  const attributes = Object.entries(name as Record<string, string | string[] | undefined>).flatMap(([key, value]) =>
    (Array.isArray(value) ? value : value === undefined ? [] : [value]).map((one) => `${key}=${escapeValue(one)}`),
  );
  return attributes.reverse().join(', ');
}

/** RFC 4514's special characters, escaped, so a comma inside a value cannot read as a separator. */
function escapeValue(value: string): string {
  return value.replace(/[,+"\\<>;]/g, '\\$&').replace(/^[ #]|[ ]$/g, '\\$&');
}

/**
 * `DNS:localhost, IP Address:127.0.0.1` (Node's form) as `['DNS:localhost', 'IP:127.0.0.1']`. Node quotes an
 * entry holding a comma or quote as a JSON string (`DNS:"a,b"`, since Node 17), so the split respects quotes.
 */
export function subjectAltNames(text: string | undefined): string[] {
  if (!text) return [];
  const entries = text.match(/(?:[^,"]|"(?:[^"\\]|\\.)*")+/g) ?? [];
  return entries.map((entry) => {
    const trimmed = entry.trim();
    const colon = trimmed.indexOf(':');
    const kind = colon === -1 ? '' : trimmed.slice(0, colon);
    let value = colon === -1 ? trimmed : trimmed.slice(colon + 1);
    if (value.startsWith('"')) value = unquote(value);
    return kind === '' ? value : `${kind === 'IP Address' ? 'IP' : kind}:${value}`;
  });
}

function unquote(value: string): string {
  try {
    return JSON.parse(value) as string;
  } catch {
    return value;
  }
}

/** OpenSSL's date text (`Dec  8 00:37:11 2026 GMT`) as an ISO instant; kept as written when it does not read. */
function isoDate(text: string): string {
  const time = Date.parse(text);
  return Number.isNaN(time) ? text : new Date(time).toISOString();
}

/** Signed by its own key: a root CA, or a server's self-signed certificate. */
function isSelfSigned(cert: PeerCertificate): boolean {
  if (distinguishedName(cert.subject) !== distinguishedName(cert.issuer)) return false;
  try {
    const x509 = new X509Certificate(cert.raw);
    return x509.verify(x509.publicKey);
  } catch {
    return false;
  }
}

export function summarizeCertificate(cert: PeerCertificate, now: number = Date.now()): CertificateSummary {
  const validTo = isoDate(cert.valid_to);
  const end = Date.parse(validTo);
  return {
    subject: distinguishedName(cert.subject),
    issuer: distinguishedName(cert.issuer),
    subjectAltNames: subjectAltNames(cert.subjectaltname),
    validFrom: isoDate(cert.valid_from),
    validTo,
    daysLeft: Number.isNaN(end) ? 0 : Math.floor((end - now) / DAY_MS),
    fingerprint256: cert.fingerprint256,
    selfSigned: isSelfSigned(cert),
  };
}

/**
 * The chain leaf first, as `getPeerCertificate(true)` links it: each certificate's issuer, until one issued
 * by itself (Node links a root to itself) or one whose issuer the server did not send and nobody here knows.
 */
export function certificateChain(leaf: DetailedPeerCertificate, now: number = Date.now()): CertificateSummary[] {
  const chain: CertificateSummary[] = [];
  const seen = new Set<string>();
  for (let cert: DetailedPeerCertificate | undefined = leaf; cert && Object.keys(cert).length > 0 && chain.length < MAX_CHAIN; cert = cert.issuerCertificate) {
    if (seen.has(cert.fingerprint256)) break;
    seen.add(cert.fingerprint256);
    chain.push(summarizeCertificate(cert, now));
  }
  return chain;
}

// X509_verify_cert_error_string's words for the codes a server's chain commonly fails with.
const VERIFY_ERRORS: Readonly<Record<string, string>> = {
  UNABLE_TO_GET_ISSUER_CERT: 'unable to get issuer certificate',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unable to get local issuer certificate',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unable to verify the first certificate',
  UNABLE_TO_DECRYPT_CERT_SIGNATURE: "unable to decrypt certificate's signature",
  UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY: 'unable to decode issuer public key',
  CERT_SIGNATURE_FAILURE: 'certificate signature failure',
  CERT_NOT_YET_VALID: 'certificate is not yet valid',
  CERT_HAS_EXPIRED: 'certificate has expired',
  ERROR_IN_CERT_NOT_BEFORE_FIELD: "format error in certificate's notBefore field",
  ERROR_IN_CERT_NOT_AFTER_FIELD: "format error in certificate's notAfter field",
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in certificate chain',
  CERT_CHAIN_TOO_LONG: 'certificate chain too long',
  CERT_REVOKED: 'certificate revoked',
  INVALID_CA: 'invalid CA certificate',
  PATH_LENGTH_EXCEEDED: 'path length constraint exceeded',
  INVALID_PURPOSE: 'unsupported certificate purpose',
  CERT_UNTRUSTED: 'certificate not trusted',
  CERT_REJECTED: 'certificate rejected',
  HOSTNAME_MISMATCH: 'hostname mismatch',
  EE_KEY_TOO_SMALL: 'EE certificate key too weak',
  CA_KEY_TOO_SMALL: 'CA certificate key too weak',
  CA_MD_TOO_WEAK: 'CA signature digest algorithm too weak',
};

/** `socket.authorizationError` (a code) in OpenSSL's words, the code kept after them for searching. */
export function verifyErrorText(code: string): string {
  const words = VERIFY_ERRORS[code];
  return words === undefined ? code : `${words} (${code})`;
}

/** The verification codes that mean "not valid at this time" rather than "signed by a CA nobody trusts". */
export function isValidityError(code: string): boolean {
  return code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID';
}
