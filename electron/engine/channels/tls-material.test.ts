/**
 * readTlsMaterial with the client identities enterprises hand out: encrypted PEM keys (PKCS#8 and OpenSSL's
 * legacy form) and PKCS#12 bundles, with their passphrase; every failure one sentence naming the file, and
 * the passphrase in none of them.
 */
import { execFileSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FerryError } from '../../../shared/errors';
import { failureOf } from '../../../tests/kit/failure-of';
import { tempDir } from '../../../tests/kit/temp-dir';
import { makeTestCertificates, TEST_PASSPHRASE, type TestCertificates } from '../testing/make-certs';
import { identityOptions, readTlsMaterial } from './tls-material';

const WRONG = 'not-the-passphrase-Zx81';

let certs: TestCertificates;
let dir: string;
beforeAll(() => {
  certs = makeTestCertificates();
  dir = tempDir('ferry-tls-material-');
});
afterAll(() => certs.dispose());

/** The error, checked to hold neither the right nor the wrong passphrase anywhere. */
function refusal(action: () => unknown): FerryError {
  const error = failureOf(action);
  expect(JSON.stringify(error)).not.toContain(TEST_PASSPHRASE);
  expect(JSON.stringify(error)).not.toContain(WRONG);
  return error;
}

const plainKeyPem = () => createPrivateKey(certs.clientKey).export({ type: 'pkcs8', format: 'pem' });

describe('an encrypted client key (PEM)', () => {
  it.each([
    ['PKCS#8 (ENCRYPTED PRIVATE KEY)', 'client-key-encrypted'],
    ['legacy (Proc-Type: 4,ENCRYPTED)', 'client-key-encrypted-legacy'],
  ] as const)('%s: the passphrase decrypts it in memory, and the plain key is what is used', (_what, name) => {
    const material = readTlsMaterial({ tls: true, certPath: certs.path('client-cert'), keyPath: certs.path(name), passphrase: TEST_PASSPHRASE });
    expect(material.key!.toString()).toBe(plainKeyPem());
    expect(material.key!.toString()).not.toContain('ENCRYPTED');
    expect(material.cert).toEqual(certs.clientCert);
    expect(material.pkcs12).toBeNull();
    expect(identityOptions(material)).toEqual({ cert: certs.clientCert, key: material.key });
  });

  it('without a passphrase: says it is encrypted and how to fix it', () => {
    const keyPath = certs.path('client-key-encrypted');
    expect(refusal(() => readTlsMaterial({ tls: true, certPath: certs.path('client-cert'), keyPath }))).toEqual({
      code: 'TLS_ERROR',
      message: `client key ${keyPath} is encrypted`,
      details: { file: keyPath, hint: 'set Key passphrase (best a secret {{variable}})' },
    });
  });

  it.each(['client-key-encrypted', 'client-key-encrypted-legacy'] as const)('%s with a wrong passphrase: says the passphrase does not unlock it', (name) => {
    const keyPath = certs.path(name);
    expect(refusal(() => readTlsMaterial({ tls: true, certPath: certs.path('client-cert'), keyPath, passphrase: WRONG }))).toEqual({
      code: 'TLS_ERROR',
      message: `the passphrase does not unlock client key ${keyPath}`,
      details: { file: keyPath },
    });
  });

  it('a passphrase given for a key that needs none is ignored', () => {
    const material = readTlsMaterial({ tls: true, certPath: certs.path('client-cert'), keyPath: certs.path('client-key'), passphrase: WRONG });
    expect(material.key).toEqual(certs.clientKey);
  });

  it('still checks the decrypted key belongs to the certificate', () => {
    const keyPath = join(dir, 'other-key-encrypted.pem');
    execFileSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-aes256', '-pass', `pass:${TEST_PASSPHRASE}`, '-out', keyPath], { stdio: 'pipe' });
    const error = refusal(() => readTlsMaterial({ tls: true, certPath: certs.path('client-cert'), keyPath, passphrase: TEST_PASSPHRASE }));
    expect(error).toMatchObject({ code: 'TLS_ERROR', message: `client key ${keyPath} does not belong to client certificate ${certs.path('client-cert')}` });
  });
});

describe('a PKCS#12 bundle (pfxPath)', () => {
  it('opens with its passphrase; the bundle and passphrase are handed to TLS as pfx and passphrase', () => {
    const material = readTlsMaterial({ tls: true, caCertPath: certs.path('ca-cert'), pfxPath: certs.path('client-bundle'), passphrase: TEST_PASSPHRASE });
    expect(material).toEqual({ ca: certs.caCert, cert: null, key: null, pkcs12: { pfx: certs.clientBundle, passphrase: TEST_PASSPHRASE } });
    expect(identityOptions(material)).toEqual({ pfx: certs.clientBundle, passphrase: TEST_PASSPHRASE });
  });

  it('without a passphrase: says it is protected by one', () => {
    const pfxPath = certs.path('client-bundle');
    expect(refusal(() => readTlsMaterial({ tls: true, pfxPath }))).toEqual({
      code: 'TLS_ERROR',
      message: `PKCS#12 bundle ${pfxPath} is protected by a passphrase`,
      details: { file: pfxPath, hint: 'set Key passphrase (best a secret {{variable}})' },
    });
  });

  it('with a wrong passphrase: says the passphrase does not unlock it', () => {
    const pfxPath = certs.path('client-bundle');
    expect(refusal(() => readTlsMaterial({ tls: true, pfxPath, passphrase: WRONG }))).toEqual({
      code: 'TLS_ERROR',
      message: `the passphrase does not unlock PKCS#12 bundle ${pfxPath}`,
      details: { file: pfxPath },
    });
  });

  it('a bundle made without a password opens with or without a passphrase (one given is dropped)', () => {
    const pfxPath = join(dir, 'no-password.p12');
    execFileSync('openssl', ['pkcs12', '-export', '-in', certs.path('client-cert'), '-inkey', certs.path('client-key'), '-out', pfxPath, '-passout', 'pass:'], { stdio: 'pipe' });
    expect(readTlsMaterial({ tls: true, pfxPath }).pkcs12).toEqual({ pfx: expect.any(Buffer) });
    expect(readTlsMaterial({ tls: true, pfxPath, passphrase: WRONG }).pkcs12).toEqual({ pfx: expect.any(Buffer) });
  });

  it('a PEM file given as the bundle: not a PKCS#12 bundle, and what it is instead', () => {
    const pfxPath = certs.path('client-cert');
    expect(refusal(() => readTlsMaterial({ tls: true, pfxPath, passphrase: WRONG }))).toEqual({
      code: 'TLS_ERROR',
      message: `${pfxPath} is not a PKCS#12 bundle (.p12/.pfx)`,
      details: { file: pfxPath, hint: 'it is a PEM file: give it as the client certificate or key instead' },
    });
  });

  it('any other file: not a PKCS#12 bundle', () => {
    const pfxPath = join(dir, 'random.p12');
    writeFileSync(pfxPath, Buffer.from('this is no bundle at all'));
    expect(refusal(() => readTlsMaterial({ tls: true, pfxPath }))).toEqual({ code: 'TLS_ERROR', message: `${pfxPath} is not a PKCS#12 bundle (.p12/.pfx)`, details: { file: pfxPath } });
  });

  it('an unreadable bundle: IO_ERROR naming it', () => {
    const pfxPath = join(dir, 'missing.p12');
    expect(refusal(() => readTlsMaterial({ tls: true, pfxPath, passphrase: TEST_PASSPHRASE }))).toMatchObject({
      code: 'IO_ERROR',
      message: expect.stringMatching(new RegExp(`^cannot read PKCS#12 bundle ${pfxPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `)),
      details: { file: pfxPath },
    });
  });

  it.each([
    ['certPath', { certPath: 'client-cert.pem' }],
    ['keyPath', { keyPath: 'client-key.pem' }],
    ['both', { certPath: 'client-cert.pem', keyPath: 'client-key.pem' }],
  ])('with %s too: one or the other, not both (before any file is read)', (_what, pem) => {
    expect(refusal(() => readTlsMaterial({ tls: true, pfxPath: 'client.p12', ...pem, passphrase: TEST_PASSPHRASE }))).toEqual({
      code: 'TLS_ERROR',
      message: 'give either a PKCS#12 bundle (pfxPath) or a certificate and key (certPath, keyPath), not both',
      details: { file: 'client.p12' },
    });
  });

  // OpenSSL 3 reads RC2 and 3DES bundles (older tools' default) only with its legacy provider, which Node leaves out.
  it('a bundle in an algorithm Node cannot read: says so and how to export it again', (context) => {
    const pfxPath = join(dir, 'legacy.p12');
    try {
      execFileSync('openssl', ['pkcs12', '-export', '-legacy', '-in', certs.path('client-cert'), '-inkey', certs.path('client-key'), '-out', pfxPath, '-passout', `pass:${TEST_PASSPHRASE}`], { stdio: 'pipe' });
    } catch {
      // An openssl without -legacy (1.1, which writes these by default, or 3 without its legacy provider).
      return context.skip();
    }
    expect(refusal(() => readTlsMaterial({ tls: true, pfxPath, passphrase: TEST_PASSPHRASE }))).toMatchObject({
      code: 'TLS_ERROR',
      message: expect.stringContaining(`PKCS#12 bundle ${pfxPath} is encrypted with an algorithm this Ferry cannot read (`),
      details: { file: pfxPath, hint: 'export it again with AES (OpenSSL 3: openssl pkcs12 -export), or give its certificate and key as PEM files' },
    });
  });
});
