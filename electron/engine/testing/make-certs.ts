import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Unlocks the encrypted client keys and the PKCS#12 bundle below; distinctive, so a test can look for it in any output. */
export const TEST_PASSPHRASE = 'ferry-test-passphrase-5uJq';

/** PEM files for TLS tests, made fresh with the system's openssl so no key material lives in the repo. */
export interface TestCertificates {
  /** Directory holding every file below as `<name>.pem` (the bundle as `client-bundle.p12`); removed by `dispose()`. */
  dir: string;
  caCert: Buffer;
  serverCert: Buffer;
  serverKey: Buffer;
  clientCert: Buffer;
  clientKey: Buffer;
  /** `clientKey` encrypted with TEST_PASSPHRASE: PKCS#8 (`ENCRYPTED PRIVATE KEY`), and OpenSSL's legacy form (`Proc-Type: 4,ENCRYPTED`). */
  clientKeyEncrypted: Buffer;
  clientKeyEncryptedLegacy: Buffer;
  /** `clientCert` and `clientKey` as a PKCS#12 bundle protected by TEST_PASSPHRASE. */
  clientBundle: Buffer;
  /** A CA that signed nothing here: trusting it must fail the handshake. */
  otherCaCert: Buffer;
  /** A server certificate signed by the CA that expired a day before it was made (for localhost and 127.0.0.1). */
  expiredServerCert: Buffer;
  expiredServerKey: Buffer;
  /** Path of a PEM file in `dir`, e.g. `path('ca-cert')`. */
  path(name: CertificateName): string;
  dispose(): void;
}

export type CertificateName =
  | 'ca-cert'
  | 'server-cert'
  | 'server-key'
  | 'client-cert'
  | 'client-key'
  | 'client-key-encrypted'
  | 'client-key-encrypted-legacy'
  | 'client-bundle'
  | 'other-ca-cert'
  | 'expired-server-cert'
  | 'expired-server-key';

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

function makeCa(dir: string, name: string, subject: string): void {
  openssl(dir, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', subject,
    '-keyout', `${name}-key.pem`, '-out', `${name}-cert.pem`]);
}

/** `days` -1 makes a certificate that expired the day before it was made. */
function makeLeaf(dir: string, name: string, subject: string, extensions: string, days = '2'): void {
  writeFileSync(join(dir, `${name}.ext`), extensions);
  openssl(dir, ['req', '-newkey', 'rsa:2048', '-nodes', '-subj', subject, '-keyout', `${name}-key.pem`, '-out', `${name}.csr`]);
  openssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca-cert.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial',
    '-days', days, '-extfile', `${name}.ext`, '-out', `${name}-cert.pem`]);
}

export function makeTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-certs-'));
  makeCa(dir, 'ca', '/CN=Ferry Test CA');
  makeCa(dir, 'other-ca', '/CN=Ferry Unrelated CA');
  const serverExtensions = 'subjectAltName=DNS:localhost,DNS:bench.ferry.test,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n';
  makeLeaf(dir, 'server', '/CN=localhost', serverExtensions);
  makeLeaf(dir, 'expired-server', '/CN=localhost', serverExtensions, '-1');
  makeLeaf(dir, 'client', '/CN=ferry-client', 'extendedKeyUsage=clientAuth\n');
  openssl(dir, ['pkey', '-in', 'client-key.pem', '-aes256', '-passout', `pass:${TEST_PASSPHRASE}`, '-out', 'client-key-encrypted.pem']);
  openssl(dir, ['rsa', '-in', 'client-key.pem', '-aes256', '-traditional', '-passout', `pass:${TEST_PASSPHRASE}`, '-out', 'client-key-encrypted-legacy.pem']);
  openssl(dir, ['pkcs12', '-export', '-in', 'client-cert.pem', '-inkey', 'client-key.pem', '-out', 'client-bundle.p12', '-passout', `pass:${TEST_PASSPHRASE}`]);
  const fileOf = (name: CertificateName): string => join(dir, name === 'client-bundle' ? `${name}.p12` : `${name}.pem`);
  const read = (name: CertificateName): Buffer => readFileSync(fileOf(name));
  return {
    dir,
    caCert: read('ca-cert'),
    serverCert: read('server-cert'),
    serverKey: read('server-key'),
    clientCert: read('client-cert'),
    clientKey: read('client-key'),
    clientKeyEncrypted: read('client-key-encrypted'),
    clientKeyEncryptedLegacy: read('client-key-encrypted-legacy'),
    clientBundle: read('client-bundle'),
    otherCaCert: read('other-ca-cert'),
    expiredServerCert: read('expired-server-cert'),
    expiredServerKey: read('expired-server-key'),
    path: fileOf,
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * A self-signed certificate for 127.0.0.1 and localhost, as a dev server has, in a directory of its own
 * (`cert.pem`, `key.pem`); removed by `dispose()`.
 */
export function makeSelfSignedCertificate(): { dir: string; cert: Buffer; key: Buffer; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-self-signed-'));
  openssl(dir, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', 'key.pem', '-out', 'cert.pem']);
  return { dir, cert: readFileSync(join(dir, 'cert.pem')), key: readFileSync(join(dir, 'key.pem')), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
