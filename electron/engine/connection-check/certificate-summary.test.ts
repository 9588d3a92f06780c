import { X509Certificate } from 'node:crypto';
import type { DetailedPeerCertificate, PeerCertificate } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSelfSignedCertificate, makeTestCertificates, type TestCertificates } from '../testing/make-certs';
import { certificateChain, distinguishedName, subjectAltNames, summarizeCertificate, verifyErrorText } from './certificate-summary';

/** A certificate as `getPeerCertificate()` gives it, from PEM. */
const peer = (pem: Buffer): DetailedPeerCertificate => new X509Certificate(pem).toLegacyObject() as DetailedPeerCertificate;

describe('distinguishedName', () => {
  it('writes the attributes most specific first, as RFC 4514 does', () => {
    expect(distinguishedName({ C: 'US', O: 'Example Inc', CN: 'api.example.com' } as PeerCertificate['subject'])).toBe('CN=api.example.com, O=Example Inc, C=US');
    expect(distinguishedName({ CN: 'localhost' } as PeerCertificate['subject'])).toBe('CN=localhost');
  });

  it('writes each value of a repeated attribute, and escapes what would read as a separator', () => {
    const name = { OU: ['Platform', 'Edge'], O: 'Example, Inc', CN: ' padded' } as unknown as PeerCertificate['subject'];
    expect(distinguishedName(name)).toBe('CN=\\ padded, O=Example\\, Inc, OU=Edge, OU=Platform');
  });

  it('is empty for no name', () => {
    expect(distinguishedName(undefined)).toBe('');
  });
});

describe('subjectAltNames', () => {
  it('splits Node\'s list, naming IP addresses IP: as OpenSSL\'s config does', () => {
    expect(subjectAltNames('DNS:localhost, DNS:bench.ferry.test, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1')).toEqual([
      'DNS:localhost',
      'DNS:bench.ferry.test',
      'IP:127.0.0.1',
      'IP:0:0:0:0:0:0:0:1',
    ]);
  });

  it('keeps a quoted entry whole, and unquotes it', () => {
    expect(subjectAltNames('DNS:"evil.example, DNS:good.example", URI:https://ferry.test/a, email:ops@ferry.test')).toEqual([
      'DNS:evil.example, DNS:good.example',
      'URI:https://ferry.test/a',
      'email:ops@ferry.test',
    ]);
  });

  it('is empty without the extension', () => {
    expect(subjectAltNames(undefined)).toEqual([]);
    expect(subjectAltNames('')).toEqual([]);
  });
});

describe('summarizeCertificate and certificateChain', () => {
  let certs: TestCertificates;
  beforeAll(() => {
    certs = makeTestCertificates();
  });
  afterAll(() => certs.dispose());

  it('summarizes a server certificate: names, ISO dates, whole days left, the fingerprint as openssl prints it', () => {
    const leaf = peer(certs.serverCert);
    const validTo = Date.parse(new X509Certificate(certs.serverCert).validTo);
    const summary = summarizeCertificate(leaf, validTo - 36 * 3600_000);
    expect(summary).toEqual({
      subject: 'CN=localhost',
      issuer: 'CN=Ferry Test CA',
      subjectAltNames: ['DNS:localhost', 'DNS:bench.ferry.test', 'IP:127.0.0.1'],
      validFrom: new Date(new X509Certificate(certs.serverCert).validFrom).toISOString(),
      validTo: new Date(validTo).toISOString(),
      daysLeft: 1,
      fingerprint256: new X509Certificate(certs.serverCert).fingerprint256,
      selfSigned: false,
    });
    expect(summary.validTo).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
    expect(summary.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });

  it('counts days left negative once a certificate has expired', () => {
    expect(summarizeCertificate(peer(certs.expiredServerCert)).daysLeft).toBeLessThan(0);
    expect(summarizeCertificate(peer(certs.serverCert), Date.now() + 3 * 24 * 3600_000).daysLeft).toBeLessThan(0);
  });

  it('tells a self-signed certificate (a root, a dev server\'s) from one a CA signed', () => {
    const selfSigned = makeSelfSignedCertificate();
    try {
      expect(summarizeCertificate(peer(selfSigned.cert)).selfSigned).toBe(true);
    } finally {
      selfSigned.dispose();
    }
    expect(summarizeCertificate(peer(certs.caCert)).selfSigned).toBe(true);
    expect(summarizeCertificate(peer(certs.serverCert)).selfSigned).toBe(false);
  });

  it('follows the chain leaf first until a certificate that issued itself, or one whose issuer is unknown', () => {
    const leaf = peer(certs.serverCert);
    const ca = peer(certs.caCert);
    ca.issuerCertificate = ca;
    leaf.issuerCertificate = ca;
    expect(certificateChain(leaf).map((c) => c.subject)).toEqual(['CN=localhost', 'CN=Ferry Test CA']);
    expect(certificateChain(peer(certs.serverCert)).map((c) => c.subject)).toEqual(['CN=localhost']);
    // Node links a missing issuer as an empty object in some versions.
    const alone = peer(certs.serverCert);
    alone.issuerCertificate = {} as DetailedPeerCertificate;
    expect(certificateChain(alone)).toHaveLength(1);
  });
});

describe('verifyErrorText', () => {
  it('says a verification code in OpenSSL\'s words, the code kept for searching', () => {
    expect(verifyErrorText('UNABLE_TO_VERIFY_LEAF_SIGNATURE')).toBe('unable to verify the first certificate (UNABLE_TO_VERIFY_LEAF_SIGNATURE)');
    expect(verifyErrorText('CERT_HAS_EXPIRED')).toBe('certificate has expired (CERT_HAS_EXPIRED)');
    expect(verifyErrorText('SOMETHING_NEW')).toBe('SOMETHING_NEW');
  });
});
