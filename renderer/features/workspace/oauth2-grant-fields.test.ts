import { describe, expect, it } from 'vitest';
import type { OAuth2Grant } from '../../../shared/model';
import { grantDraftOf, grantOf } from './oauth2-grant-fields';

describe('the grant as the editor holds it', () => {
  it('writes a client credentials grant as before: no grant name, no default credentials, no sign-in fields', () => {
    const grant: OAuth2Grant = { tokenUrl: 'https://auth.example.com/token', clientId: 'ci', clientSecret: '{{secret}}' };
    expect(grantOf(grantDraftOf(grant))).toEqual(grant);
    // Fields of the other grants typed and then switched away from are not written.
    expect(grantOf({ ...grantDraftOf(grant), authUrl: 'https://auth.example.com/authorize', redirectPort: '8765', username: 'alice', password: '{{userPassword}}' })).toEqual(grant);
  });

  it('round-trips a password grant with its username and password, trimmed, and drops them for another grant', () => {
    const grant: OAuth2Grant = { grant: 'password', tokenUrl: 'https://auth.example.com/token', clientId: 'ci', username: '{{user}}', password: '{{userPassword}}', scope: 'orders.read' };
    const draft = grantDraftOf(grant);
    expect(draft).toMatchObject({ grant: 'password', username: '{{user}}', password: '{{userPassword}}', authUrl: '', redirectPort: '' });
    expect(grantOf({ ...draft, username: ' {{user}} ', authUrl: 'https://auth.example.com/authorize', redirectPort: '8765' })).toEqual(grant);
    const { grant: _, username: _user, password: _password, ...clientCredentials } = grant;
    expect(grantOf({ ...draft, grant: 'client_credentials' })).toEqual(clientCredentials);
    expect(grantOf({ ...draft, grant: 'authorization_code', authUrl: 'https://auth.example.com/authorize' })).toEqual({ ...clientCredentials, grant: 'authorization_code', authUrl: 'https://auth.example.com/authorize' });
  });

  it('round-trips an authorization code grant with its authorization URL and redirect port, trimmed', () => {
    const grant: OAuth2Grant = { grant: 'authorization_code', tokenUrl: 'https://auth.example.com/token', authUrl: 'https://auth.example.com/authorize', clientId: 'desk', scope: 'openid', redirectPort: 8765 };
    const draft = grantDraftOf(grant);
    expect(draft).toMatchObject({ grant: 'authorization_code', redirectPort: '8765', clientSecret: '' });
    expect(grantOf({ ...draft, authUrl: ' https://auth.example.com/authorize ' })).toEqual(grant);
    const { redirectPort: _, ...anyPort } = grant;
    expect(grantOf({ ...draft, redirectPort: ' ' })).toEqual(anyPort);
  });

  it('round-trips a device code grant with its device authorization URL, trimmed, and drops it for another grant', () => {
    const grant: OAuth2Grant = { grant: 'device_code', tokenUrl: 'https://auth.example.com/token', deviceAuthUrl: 'https://auth.example.com/device/code', clientId: 'cli', scope: 'openid offline_access' };
    const draft = grantDraftOf(grant);
    expect(draft).toMatchObject({ grant: 'device_code', deviceAuthUrl: 'https://auth.example.com/device/code', authUrl: '', redirectPort: '' });
    // The sign-in fields of the authorization code grant, and the password grant's, are not a device grant's.
    expect(grantOf({ ...draft, deviceAuthUrl: ' https://auth.example.com/device/code ', authUrl: 'https://auth.example.com/authorize', redirectPort: '8765', username: 'alice', password: '{{pw}}' })).toEqual(grant);
    const { grant: _, deviceAuthUrl: _url, ...clientCredentials } = grant;
    expect(grantOf({ ...draft, grant: 'client_credentials' })).toEqual(clientCredentials);
    expect(grantOf({ ...draft, grant: 'authorization_code', authUrl: 'https://auth.example.com/authorize' })).toEqual({ ...clientCredentials, grant: 'authorization_code', authUrl: 'https://auth.example.com/authorize' });
  });

  it('round-trips how the token endpoint is trusted on every grant, writing each only when set', () => {
    const base: OAuth2Grant = { tokenUrl: 'https://auth.corp/token', clientId: 'ci' };
    for (const grant of [
      { ...base, caCertPath: 'certs/internal-ca.pem' },
      { ...base, grant: 'password', username: 'alice', password: '{{pw}}', insecureSkipVerify: true },
      { ...base, grant: 'authorization_code', authUrl: 'https://auth.corp/authorize', caCertPath: '{{certDir}}/ca.pem', insecureSkipVerify: true },
    ] satisfies OAuth2Grant[]) {
      expect(grantOf(grantDraftOf(grant))).toEqual(grant);
    }
    expect(grantDraftOf(base)).toMatchObject({ caCertPath: '', insecureSkipVerify: false });
    expect(grantOf({ ...grantDraftOf(base), caCertPath: '  ' })).toEqual(base);
    expect(grantOf({ ...grantDraftOf(base), caCertPath: ' certs/ca.pem ' })).toEqual({ ...base, caCertPath: 'certs/ca.pem' });
  });

  it('round-trips a proxy for the token endpoint, trimmed, and leaves an empty one out', () => {
    const grant: OAuth2Grant = { tokenUrl: 'https://auth.example.com/token', clientId: 'ci', proxy: 'http://{{proxyUser}}@proxy.corp:3128' };
    const draft = grantDraftOf(grant);
    expect(draft.proxy).toBe('http://{{proxyUser}}@proxy.corp:3128');
    expect(grantOf({ ...draft, proxy: ' http://{{proxyUser}}@proxy.corp:3128 ' })).toEqual(grant);
    const { proxy: _, ...direct } = grant;
    expect(grantOf({ ...draft, proxy: '  ' })).toEqual(direct);
  });
});
