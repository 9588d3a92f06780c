/**
 * The files TLS options name, read and checked before anything is dialed: the CA, and the client's identity
 * for mTLS, either a PEM certificate and key (the key possibly encrypted, then decrypted here in memory) or a
 * PKCS#12 bundle (.p12/.pfx). OpenSSL's own words ("mac verify failure", "bad decrypt", "wrong tag") name
 * neither the file nor the fix, so each failure is told in a sentence of ours; none holds the passphrase.
 */
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type * as tls from 'node:tls';
import { FerryFailure, fail, ioReason } from '../../../shared/errors';
import { nodeTls } from '../protocols/node-network';
import { connectionAdvice } from './connection-advice';
import type { TlsOptions } from './credentials';

/** A PKCS#12 bundle, checked to open with `passphrase` (absent: it needs none). */
export interface Pkcs12Bundle {
  pfx: Buffer;
  passphrase?: string;
}

/** The files named by TLS options, read and checked; used by gRPC channels, the web protocols and the connection check. */
export interface TlsMaterial {
  ca: Buffer | null;
  cert: Buffer | null;
  /** Unencrypted PEM: an encrypted key file is decrypted in memory, so no consumer needs the passphrase. */
  key: Buffer | null;
  /** The client's certificate and key as a PKCS#12 bundle, instead of `cert` and `key`. */
  pkcs12: Pkcs12Bundle | null;
}

export function readTlsMaterial(options: Extract<TlsOptions, { tls: true }>): TlsMaterial {
  const advice = connectionAdvice();
  // An empty passphrase (a variable without a value) unlocks nothing: it counts as none.
  const passphrase = options.passphrase || undefined;
  if (options.pfxPath && (options.certPath || options.keyPath)) {
    fail('TLS_ERROR', 'give either a PKCS#12 bundle (pfxPath) or a certificate and key (certPath, keyPath), not both', { file: options.pfxPath });
  }
  if (options.certPath && !options.keyPath) fail('TLS_ERROR', `client certificate ${options.certPath} was given without a key`, { file: options.certPath, hint: advice.keyForCertificate });
  if (options.keyPath && !options.certPath) fail('TLS_ERROR', `client key ${options.keyPath} was given without a certificate`, { file: options.keyPath, hint: advice.certificateForKey });
  const ca = options.caCertPath ? readCertificate(options.caCertPath, 'CA certificate') : null;
  const pkcs12 = options.pfxPath ? readPkcs12(options.pfxPath, passphrase) : null;
  const cert = options.certPath ? readCertificate(options.certPath, 'client certificate') : null;
  const key = options.keyPath ? readPrivateKey(options.keyPath, passphrase) : null;
  if (cert && key) checkKeyMatches(cert.certificate, options.certPath!, key, options.keyPath!);
  return { ca: ca?.pem ?? null, cert: cert?.pem ?? null, key: key?.pem ?? null, pkcs12 };
}

/** The client identity as Node's TLS options take it: `cert` and `key`, or `pfx` and its `passphrase`. */
export function identityOptions(material: TlsMaterial): Pick<tls.SecureContextOptions, 'cert' | 'key' | 'pfx' | 'passphrase'> {
  if (material.pkcs12) return { pfx: material.pkcs12.pfx, ...(material.pkcs12.passphrase !== undefined && { passphrase: material.pkcs12.passphrase }) };
  return { ...(material.cert && { cert: material.cert }), ...(material.key && { key: material.key }) };
}

/** A client certificate is set, as PEM or in a bundle (mTLS). */
export const hasClientIdentity = (material: TlsMaterial): boolean => material.cert !== null || material.pkcs12 !== null;

function readTlsFile(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (reason) {
    return fail('IO_ERROR', `cannot read ${what} ${path}: ${ioReason(reason)}`, { file: path });
  }
}

interface ReadCertificate {
  pem: Buffer;
  certificate: X509Certificate;
}

interface ReadKey {
  pem: Buffer;
  key: KeyObject;
}

function readCertificate(path: string, what: string): ReadCertificate {
  const pem = readTlsFile(path, what);
  const text = pem.toString('latin1');
  if (!text.includes('-----BEGIN CERTIFICATE-----')) {
    const hint = text.includes('PRIVATE KEY-----') ? `it holds a private key; ${connectionAdvice().swappedCertificateAndKey}` : 'expected a PEM file with -----BEGIN CERTIFICATE-----';
    fail('TLS_ERROR', `${what} ${path} is not a PEM certificate`, { file: path, hint });
  }
  return { pem, certificate: parsed(() => new X509Certificate(pem), path, `${what} ${path} is not a valid certificate`) };
}

/** PKCS#8 (`ENCRYPTED PRIVATE KEY`) or OpenSSL's legacy form (`Proc-Type: 4,ENCRYPTED` headers of an RSA or EC key). */
const ENCRYPTED_PEM_KEY = /-----BEGIN ENCRYPTED PRIVATE KEY-----|^Proc-Type: *4, *ENCRYPTED/m;

function readPrivateKey(path: string, passphrase: string | undefined): ReadKey {
  const file = readTlsFile(path, 'client key');
  const text = file.toString('latin1');
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) {
    fail('TLS_ERROR', `client key ${path} is not a PEM private key`, { file: path, hint: 'expected -----BEGIN PRIVATE KEY-----' });
  }
  // A passphrase given for a key that needs none is not an error: it unlocks nothing here.
  if (!ENCRYPTED_PEM_KEY.test(text)) return { pem: file, key: parsed(() => createPrivateKey(file), path, `client key ${path} is not a valid private key`) };
  if (passphrase === undefined) return fail('TLS_ERROR', `client key ${path} is encrypted`, { file: path, hint: connectionAdvice().keyPassphrase });
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: file, passphrase });
  } catch {
    // OpenSSL says "bad decrypt" (BoringSSL, in Electron, words it otherwise); a damaged key fails alike.
    return fail('TLS_ERROR', `the passphrase does not unlock client key ${path}`, { file: path });
  }
  // Decrypted once, in memory: grpc-js's createSsl and Node's TLS options then take a plain PEM key.
  return { pem: Buffer.from(key.export({ type: 'pkcs8', format: 'pem' })), key };
}

// What OpenSSL (and BoringSSL) say when a bundle's password is wrong or missing, when it uses an algorithm left
// out of OpenSSL 3's default provider (RC2 and 3DES of older tools), and when the file is no PKCS#12 at all.
const WRONG_PASSWORD = /mac verify failure|incorrect password|invalid password|bad decrypt|mac_verify/i;
const UNSUPPORTED_ALGORITHM = /unsupported/i;

/** Why `pfx` does not open with `passphrase`; undefined when it opens. */
function openFailure(pfx: Buffer, passphrase: string | undefined): string | undefined {
  try {
    nodeTls().createSecureContext({ pfx, ...(passphrase !== undefined && { passphrase }) });
    return undefined;
  } catch (reason) {
    return reason instanceof Error ? reason.message : String(reason);
  }
}

function readPkcs12(path: string, passphrase: string | undefined): Pkcs12Bundle {
  const pfx = readTlsFile(path, 'PKCS#12 bundle');
  const failure = openFailure(pfx, passphrase);
  if (failure === undefined) return { pfx, ...(passphrase !== undefined && { passphrase }) };
  if (WRONG_PASSWORD.test(failure)) {
    if (passphrase === undefined) return fail('TLS_ERROR', `PKCS#12 bundle ${path} is protected by a passphrase`, { file: path, hint: connectionAdvice().keyPassphrase });
    // A bundle made without a password does not open with one: the passphrase unlocks nothing here.
    if (openFailure(pfx, undefined) === undefined) return { pfx };
    return fail('TLS_ERROR', `the passphrase does not unlock PKCS#12 bundle ${path}`, { file: path });
  }
  if (UNSUPPORTED_ALGORITHM.test(failure)) {
    return fail('TLS_ERROR', `PKCS#12 bundle ${path} is encrypted with an algorithm this Ferry cannot read (${failure})`, {
      file: path,
      hint: 'export it again with AES (OpenSSL 3: openssl pkcs12 -export), or give its certificate and key as PEM files',
    });
  }
  const pem = pfx.toString('latin1').includes('-----BEGIN');
  return fail('TLS_ERROR', `${path} is not a PKCS#12 bundle (.p12/.pfx)`, { file: path, ...(pem && { hint: 'it is a PEM file: give it as the client certificate or key instead' }) });
}

/** OpenSSL would only say "key values mismatch", without naming either file. */
function checkKeyMatches(certificate: X509Certificate, certPath: string, key: ReadKey, keyPath: string): void {
  if (certificate.checkPrivateKey(key.key)) return;
  fail('TLS_ERROR', `client key ${keyPath} does not belong to client certificate ${certPath}`, { file: keyPath, hint: 'give the key the certificate was made with' });
}

function parsed<T>(parse: () => T, file: string, message: string): T {
  try {
    return parse();
  } catch (reason) {
    if (reason instanceof FerryFailure) throw reason;
    return fail('TLS_ERROR', `${message}: ${(reason as Error).message}`, { file });
  }
}
