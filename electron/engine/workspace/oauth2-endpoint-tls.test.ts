import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OAuth2Grant } from '../../../shared/model';
import { rejectionOf } from '../../../tests/kit/failure-of';
import { tempDir } from '../../../tests/kit/temp-dir';
import { makeSelfSignedCertificate, makeTestCertificates, type TestCertificates } from '../testing/make-certs';
import { startOAuth2Server, type OAuth2Server } from '../testing/oauth2-server';
import { exchangeCode } from './oauth2-token-request';
import { createTokenSource } from './oauth2-tokens';

describe('OAuth 2.0 token endpoints over HTTPS: a private CA, a self-signed dev certificate', () => {
  let certs: TestCertificates;
  let selfSigned: ReturnType<typeof makeSelfSignedCertificate>;
  /** Signed by the test CA, sending its chain up to that CA, as an identity provider behind a company's CA does. */
  let company: OAuth2Server;
  let dev: OAuth2Server;
  beforeAll(async () => {
    certs = makeTestCertificates();
    selfSigned = makeSelfSignedCertificate();
    company = await startOAuth2Server({ ferry: 's3cret' }, { users: { alice: 'wonder' }, tls: { cert: Buffer.concat([certs.serverCert, certs.caCert]), key: certs.serverKey } });
    dev = await startOAuth2Server({ ferry: 's3cret' }, { tls: { cert: selfSigned.cert, key: selfSigned.key } });
  });
  afterAll(async () => {
    await company?.close();
    await dev?.close();
    certs?.dispose();
    selfSigned?.dispose();
  });

  const grant = (server: OAuth2Server, overrides: Partial<OAuth2Grant> = {}): OAuth2Grant => ({ tokenUrl: server.tokenUrl, clientId: 'ferry', clientSecret: 's3cret', ...overrides });

  it('fails an untrusted certificate naming the endpoint, what failed and what to do', async () => {
    expect(await rejectionOf(createTokenSource().token('accessToken', grant(company)))).toEqual({
      code: 'TLS_ERROR',
      message: `OAuth 2.0 token {{accessToken}}: the token endpoint ${company.tokenUrl} failed the certificate check (self-signed certificate in certificate chain): set caCertPath to the PEM file of the CA that issued it (or, for a dev server's self-signed certificate, insecureSkipVerify)`,
    });
    expect((await rejectionOf(createTokenSource().token('t', grant(dev)))).message).toContain('failed the certificate check (self-signed certificate): set caCertPath');
    const wrongCa = await rejectionOf(createTokenSource().token('t', grant(company, { caCertPath: certs.path('other-ca-cert') })));
    expect(wrongCa).toMatchObject({ code: 'TLS_ERROR', message: expect.stringContaining(`caCertPath ${certs.path('other-ca-cert')} holds no CA that issued it`) });
  });

  it('trusts the CA of caCertPath besides Node\'s own, for every grant and for a refresh', async () => {
    let clock = 1_000_000;
    const tokens = createTokenSource({ now: () => clock });
    const trusted = grant(company, { caCertPath: certs.path('ca-cert') });
    company.answer.refreshTokens = true;
    const first = await tokens.token('accessToken', trusted);
    expect(first).toMatch(/^token-\d+$/);
    clock += 3_600_000;
    expect(await tokens.token('accessToken', trusted)).not.toBe(first);
    expect(company.seen.at(-1)?.form.grant_type).toBe('refresh_token');
    expect(await tokens.token('userToken', { ...trusted, grant: 'password', username: 'alice', password: 'wonder' })).toMatch(/^token-\d+$/);
    // The code exchange reaches the endpoint too: it refuses a code it never gave, which it could only say over TLS.
    expect(await rejectionOf(exchangeCode('signIn', trusted, { code: 'never-given', redirectUri: 'http://127.0.0.1:1/callback', verifier: 'v' }))).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringContaining('answered 400: invalid_grant') });
  });

  it('skips the check with insecureSkipVerify, and keeps tokens of differently trusted grants apart', async () => {
    const tokens = createTokenSource();
    expect(await tokens.token('t', grant(dev, { insecureSkipVerify: true }))).toMatch(/^token-\d+$/);
    // The self-signed certificate is its own CA.
    expect(await tokens.token('t', grant(dev, { caCertPath: join(selfSigned.dir, 'cert.pem') }))).toMatch(/^token-\d+$/);
    expect((await rejectionOf(tokens.token('t', grant(dev)))).code).toBe('TLS_ERROR');
  });

  it('refuses a CA file that is missing or not PEM certificates as BAD_INPUT naming the variable, field and path, and reads it anew each time', async () => {
    const dir = tempDir();
    const missing = join(dir, 'missing.pem');
    expect(await rejectionOf(createTokenSource().token('accessToken', grant(company, { caCertPath: missing })))).toEqual({
      code: 'BAD_INPUT',
      message: expect.stringMatching(new RegExp(`^OAuth 2\\.0 token \\{\\{accessToken\\}\\}: cannot read caCertPath ${missing.replace(/[.\\]/g, '\\$&')}: `)),
      details: { fieldPath: 'caCertPath', file: missing, expected: 'a PEM file of CA certificates (-----BEGIN CERTIFICATE-----)' },
    });
    const garbage = join(dir, 'garbage.pem');
    writeFileSync(garbage, 'not a certificate');
    expect(await rejectionOf(createTokenSource().token('t', grant(company, { caCertPath: garbage })))).toMatchObject({ code: 'BAD_INPUT', message: `OAuth 2.0 token {{t}}: caCertPath ${garbage} is not a PEM file of CA certificates` });
    writeFileSync(garbage, '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n');
    expect(await rejectionOf(createTokenSource().token('t', grant(company, { caCertPath: garbage })))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining(`caCertPath ${garbage} is not a PEM file of CA certificates: `) });
    // Fixed on disk, the same grant works: the file is read when a token is asked for.
    const tokens = createTokenSource();
    writeFileSync(garbage, certs.otherCaCert);
    expect((await rejectionOf(tokens.token('t', grant(company, { caCertPath: garbage })))).code).toBe('TLS_ERROR');
    writeFileSync(garbage, certs.caCert);
    expect(await tokens.token('t', grant(company, { caCertPath: garbage }))).toMatch(/^token-\d+$/);
  });
});
