import { describe, expect, it } from 'vitest';
import { sampleEnvironment } from '../workspace-test-kit';
import { parseEnvironmentFile, serializeEnvironmentFile } from './environment-file';
import { parseManifestFile, serializeManifestFile } from './manifest-file';

describe('environment files', () => {
  it('round-trips byte-identically and keeps non-string values', () => {
    const text = serializeEnvironmentFile(sampleEnvironment());
    const parsed = parseEnvironmentFile(text, 'environments/local.ferry-env.json');
    expect(parsed).toEqual({ ok: true, value: sampleEnvironment() });
    if (parsed.ok) expect(serializeEnvironmentFile(parsed.value)).toBe(text);
    expect(text).toContain('{\n      "name": "token",\n      "secret": true\n    }');
  });

  it('never writes the value of a secret, whatever the caller passes', () => {
    const text = serializeEnvironmentFile({ formatVersion: 1, variables: [{ name: 'token', value: 's3cr3t', secret: true }] });
    expect(text).not.toContain('s3cr3t');
  });

  it('rejects a secret with a value in the file, naming the line', () => {
    const text = '{\n  "formatVersion": 1,\n  "variables": [\n    { "name": "token", "secret": true,\n      "value": "oops" }\n  ]\n}';
    const parsed = parseEnvironmentFile(text, 'environments/ci.ferry-env.json');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error.details).toMatchObject({ file: 'environments/ci.ferry-env.json', line: 5, fieldPath: 'variables[0].value' });
      expect(parsed.error.message).toContain('must not have a value');
    }
  });

  it('rejects duplicate and invalid names', () => {
    const duplicate = parseEnvironmentFile('{"formatVersion":1,"variables":[{"name":"a","value":1},{"name":"a","value":2}]}', 'e.json');
    expect(!duplicate.ok && duplicate.error.details?.fieldPath).toBe('variables[1].name');
    const invalid = parseEnvironmentFile('{"formatVersion":1,"variables":[{"name":"1a","value":1}]}', 'e.json');
    expect(!invalid.ok && invalid.error.message).toContain('not a valid variable name');
  });
});

describe('metadata of an environment', () => {
  it('round-trips metadata as a request file writes it, and writes none when there is none', () => {
    const file = { formatVersion: 1, variables: [], metadata: [{ key: 'authorization', value: 'Bearer {{accessToken}}', enabled: true }, { key: 'x-debug', value: '1', enabled: false }] };
    const text = serializeEnvironmentFile(file);
    expect(parseEnvironmentFile(text, 'e.json')).toEqual({ ok: true, value: file });
    expect(serializeEnvironmentFile({ formatVersion: 1, variables: [] })).not.toContain('metadata');
  });

  it('names a metadata key that is not a header name', () => {
    const parsed = parseEnvironmentFile('{\n  "formatVersion": 1,\n  "variables": [],\n  "metadata": [{ "key": "Bad Key", "value": "x" }]\n}', 'e.json');
    expect(!parsed.ok && parsed.error.details).toMatchObject({ fieldPath: 'metadata[0].key', line: 4 });
  });
});

describe('OAuth 2.0 token variables in environment files', () => {
  const grant = { tokenUrl: '{{authUrl}}/oauth/token', clientId: 'ferry-ci', clientSecret: '{{clientSecret}}', scope: 'orders.read', audience: 'https://api', credentials: 'body' as const };

  const signIn = { grant: 'authorization_code' as const, tokenUrl: '{{issuer}}/token', authUrl: '{{issuer}}/authorize?prompt=login', clientId: 'ferry-app', scope: 'openid', redirectPort: 8765 };

  it('round-trips an authorization code grant with its authUrl and redirectPort, and the grant names', () => {
    const file = { formatVersion: 1, variables: [{ name: 'userToken', secret: true, oauth2: signIn }, { name: 'ci', secret: true, oauth2: { grant: 'client_credentials' as const, tokenUrl: 'https://auth/t', clientId: 'c' } }] };
    expect(parseEnvironmentFile(serializeEnvironmentFile(file), 'e.json')).toEqual({ ok: true, value: file });
  });

  it('lists the grants Ferry knows when the file names another', () => {
    const parsed = parseEnvironmentFile(JSON.stringify({ formatVersion: 1, variables: [{ name: 't', oauth2: { ...signIn, grant: 'implicit' } }] }), 'environments/dev.ferry-env.json');
    expect(!parsed.ok && parsed.error.message).toMatch(/^environments\/dev\.ferry-env\.json:1:\d+: variables\[0\]\.oauth2\.grant: grant "implicit" is not one Ferry knows$/);
    expect(!parsed.ok && parsed.error.details?.expected).toBe('one of "client_credentials", "authorization_code", "password", "device_code" (absent: client_credentials)');
  });

  const device = { grant: 'device_code' as const, tokenUrl: '{{issuer}}/token', deviceAuthUrl: '{{issuer}}/device', clientId: 'ferry-cli', scope: 'openid offline_access' };

  it('round-trips a device code grant with its deviceAuthUrl', () => {
    const file = { formatVersion: 1, variables: [{ name: 'userToken', secret: true, oauth2: device }, { name: 'confidential', secret: true, oauth2: { ...device, clientSecret: '{{secret}}', caCertPath: 'ca.pem' } }] };
    expect(parseEnvironmentFile(serializeEnvironmentFile(file), 'e.json')).toEqual({ ok: true, value: file });
  });

  const password = { grant: 'password' as const, tokenUrl: '{{issuer}}/token', clientId: 'ferry-ci', username: '{{user}}', password: '{{userPassword}}', scope: 'orders.read' };

  it('round-trips a password grant with its username and password', () => {
    const file = { formatVersion: 1, variables: [{ name: 'userToken', secret: true, oauth2: password }] };
    expect(parseEnvironmentFile(serializeEnvironmentFile(file), 'e.json')).toEqual({ ok: true, value: file });
  });

  it('never quotes a password it refuses', () => {
    const parsed = parseEnvironmentFile(JSON.stringify({ formatVersion: 1, variables: [{ name: 't', oauth2: { ...password, password: 271828 } }] }), 'environments/dev.ferry-env.json');
    expect(!parsed.ok && parsed.error.message).toMatch(/^environments\/dev\.ferry-env\.json:1:\d+: variables\[0\]\.oauth2\.password: password is not a string$/);
    expect(JSON.stringify(parsed)).not.toContain('271828');
  });

  it('round-trips a token variable as secret, with no value written', () => {
    const file = { formatVersion: 1, variables: [{ name: 'accessToken', secret: true, oauth2: grant }, { name: 'plain', secret: true, oauth2: { tokenUrl: 'https://auth/t', clientId: 'c' } }] };
    const text = serializeEnvironmentFile(file);
    expect(text).not.toContain('"secret"');
    expect(parseEnvironmentFile(text, 'e.json')).toEqual({ ok: true, value: file });
  });

  it('round-trips how the token endpoint is trusted, on any grant', () => {
    const variables = [
      { name: 'ci', secret: true, oauth2: { ...grant, caCertPath: 'certs/internal-ca.pem' } },
      { name: 'dev', secret: true, oauth2: { ...password, caCertPath: '{{certDir}}/ca.pem', insecureSkipVerify: false } },
      { name: 'local', secret: true, oauth2: { ...signIn, insecureSkipVerify: true } },
    ];
    expect(parseEnvironmentFile(serializeEnvironmentFile({ formatVersion: 1, variables }), 'e.json')).toEqual({ ok: true, value: { formatVersion: 1, variables } });
  });

  it('reads a proxy on any grant and writes the file back byte for byte, the proxy last whatever the order given', () => {
    const text = [
      '{',
      '  "formatVersion": 1,',
      '  "variables": [',
      '    {',
      '      "name": "accessToken",',
      '      "oauth2": {',
      '        "tokenUrl": "https://sso.corp.example/token",',
      '        "clientId": "orders-ci",',
      '        "caCertPath": "certs/internal-ca.pem",',
      '        "proxy": "http://{{proxyUser}}:{{proxyPassword}}@proxy.corp.example:3128"',
      '      }',
      '    },',
      '    {',
      '      "name": "userToken",',
      '      "oauth2": {',
      '        "grant": "device_code",',
      '        "tokenUrl": "{{issuer}}/token",',
      '        "deviceAuthUrl": "{{issuer}}/device",',
      '        "clientId": "ferry-cli",',
      '        "proxy": "direct"',
      '      }',
      '    }',
      '  ]',
      '}',
      '',
    ].join('\n');
    const parsed = parseEnvironmentFile(text, 'environments/corp.ferry-env.json');
    expect(parsed.ok && parsed.value.variables.map((variable) => variable.oauth2?.proxy)).toEqual(['http://{{proxyUser}}:{{proxyPassword}}@proxy.corp.example:3128', 'direct']);
    if (!parsed.ok) return;
    expect(serializeEnvironmentFile(parsed.value)).toBe(text);
    // As an editor might build it: proxy first, the rest after.
    const [first, second] = parsed.value.variables;
    const { proxy, ...rest } = first!.oauth2!;
    const reordered = { ...parsed.value, variables: [{ ...first!, oauth2: { proxy, ...rest } }, second!] };
    expect(serializeEnvironmentFile(reordered)).toBe(text);
  });

  it.each([
    ['a token variable with a value', { value: 'x', oauth2: grant }, 'variables[0].value', 'is an OAuth 2.0 token: it takes no "value"'],
    ['a token variable marked secret', { secret: true, oauth2: grant }, 'variables[0].secret', 'it takes no "secret"'],
    ['no tokenUrl', { oauth2: { clientId: 'c' } }, 'variables[0].oauth2.tokenUrl', 'tokenUrl'],
    ['an empty clientId', { oauth2: { tokenUrl: 'https://a/t', clientId: ' ' } }, 'variables[0].oauth2.clientId', 'clientId is empty'],
    ['a tokenUrl that is not http(s)', { oauth2: { tokenUrl: 'auth.example.com/token', clientId: 'c' } }, 'variables[0].oauth2.tokenUrl', 'is not an http(s) URL'],
    ['an unknown way to send credentials', { oauth2: { ...grant, credentials: 'header' } }, 'variables[0].oauth2.credentials', 'neither "basic" nor "body"'],
    ['an unknown field', { oauth2: { ...grant, scopes: 'x' } }, 'variables[0].oauth2.scopes', 'unknown field "scopes"'],
    ['an unknown grant, listing the known ones', { oauth2: { ...grant, grant: 'implicit' } }, 'variables[0].oauth2.grant', 'grant "implicit" is not one Ferry knows'],
    ['an authorization code grant without authUrl', { oauth2: { ...signIn, authUrl: undefined } }, 'variables[0].oauth2.authUrl', 'authUrl is required for the authorization code grant'],
    ['an authUrl that is not http(s)', { oauth2: { ...signIn, authUrl: 'auth.example.com/authorize' } }, 'variables[0].oauth2.authUrl', 'is not an http(s) URL'],
    ['a redirectPort of 0', { oauth2: { ...signIn, redirectPort: 0 } }, 'variables[0].oauth2.redirectPort', 'expected an integer ≥ 1'],
    ['a redirectPort above 65535', { oauth2: { ...signIn, redirectPort: 70000 } }, 'variables[0].oauth2.redirectPort', 'redirectPort 70000 is not a port'],
    ['a redirectPort that is not an integer', { oauth2: { ...signIn, redirectPort: '8080' } }, 'variables[0].oauth2.redirectPort', 'expected an integer ≥ 1'],
    ['an authUrl on a client credentials grant', { oauth2: { ...grant, authUrl: 'https://a/authorize' } }, 'variables[0].oauth2.authUrl', 'for the authorization code grant only'],
    ['a password grant without username', { oauth2: { ...password, username: undefined } }, 'variables[0].oauth2.username', 'username is required for the password grant'],
    ['a password grant without password', { oauth2: { ...password, password: undefined } }, 'variables[0].oauth2.password', 'password is required for the password grant'],
    ['a password grant with an empty password', { oauth2: { ...password, password: ' ' } }, 'variables[0].oauth2.password', 'password is empty'],
    ['an authUrl on a password grant', { oauth2: { ...password, authUrl: 'https://a/authorize' } }, 'variables[0].oauth2.authUrl', 'for the authorization code grant only'],
    ['a username on a client credentials grant', { oauth2: { ...grant, username: 'alice' } }, 'variables[0].oauth2.username', 'username is for the password grant only'],
    ['a password on an authorization code grant', { oauth2: { ...signIn, password: '{{userPassword}}' } }, 'variables[0].oauth2.password', 'password is for the password grant only'],
    ['a caCertPath that is not a string', { oauth2: { ...grant, caCertPath: 42 } }, 'variables[0].oauth2.caCertPath', 'expected a string, found number 42'],
    ['an empty caCertPath', { oauth2: { ...signIn, caCertPath: ' ' } }, 'variables[0].oauth2.caCertPath', 'caCertPath is empty'],
    ['a device code grant without deviceAuthUrl', { oauth2: { ...device, deviceAuthUrl: undefined } }, 'variables[0].oauth2.deviceAuthUrl', 'deviceAuthUrl is required for the device code grant'],
    ['a deviceAuthUrl that is not http(s)', { oauth2: { ...device, deviceAuthUrl: 'auth.example.com/device' } }, 'variables[0].oauth2.deviceAuthUrl', 'is not an http(s) URL'],
    ['a deviceAuthUrl on an authorization code grant', { oauth2: { ...signIn, deviceAuthUrl: 'https://a/device' } }, 'variables[0].oauth2.deviceAuthUrl', 'deviceAuthUrl is for the device code grant only'],
    ['a deviceAuthUrl on a client credentials grant', { oauth2: { ...grant, deviceAuthUrl: 'https://a/device' } }, 'variables[0].oauth2.deviceAuthUrl', 'deviceAuthUrl is for the device code grant only'],
    ['an authUrl on a device code grant', { oauth2: { ...device, authUrl: 'https://a/authorize' } }, 'variables[0].oauth2.authUrl', 'authUrl is for the authorization code grant only'],
    ['a redirectPort on a device code grant', { oauth2: { ...device, redirectPort: 8765 } }, 'variables[0].oauth2.redirectPort', 'redirectPort is for the authorization code grant only'],
    ['a username on a device code grant', { oauth2: { ...device, username: 'alice' } }, 'variables[0].oauth2.username', 'username is for the password grant only'],
    ['a password on a device code grant', { oauth2: { ...device, password: '{{pw}}' } }, 'variables[0].oauth2.password', 'password is for the password grant only'],
    ['an insecureSkipVerify that is not a boolean', { oauth2: { ...password, insecureSkipVerify: 'yes' } }, 'variables[0].oauth2.insecureSkipVerify', 'expected true or false'],
    ['a proxy that is not a string', { oauth2: { ...grant, proxy: 3128 } }, 'variables[0].oauth2.proxy', 'expected a string, found number 3128'],
    ['an empty proxy', { oauth2: { ...device, proxy: ' ' } }, 'variables[0].oauth2.proxy', 'proxy is empty'],
  ])('rejects %s, naming the field', (_what, variable, fieldPath, message) => {
    const parsed = parseEnvironmentFile(JSON.stringify({ formatVersion: 1, variables: [{ name: 'accessToken', ...variable }] }, null, 2), 'environments/ci.ferry-env.json');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.details).toMatchObject({ file: 'environments/ci.ferry-env.json', fieldPath });
    expect(parsed.error.message).toContain(message);
  });
});

describe('workspace manifest', () => {
  it('round-trips byte-identically', () => {
    const manifest = { formatVersion: 1, name: 'Payments', defaultEnvironment: 'local' };
    const text = serializeManifestFile(manifest);
    expect(text).toBe('{\n  "formatVersion": 1,\n  "name": "Payments",\n  "defaultEnvironment": "local"\n}\n');
    const parsed = parseManifestFile(text, 'ferry.workspace.json');
    expect(parsed).toEqual({ ok: true, value: manifest });
  });

  it('names an unknown field', () => {
    const parsed = parseManifestFile('{\n  "formatVersion": 1,\n  "name": "x",\n  "defaultEnv": "a"\n}', 'ferry.workspace.json');
    expect(!parsed.ok && parsed.error.details).toMatchObject({ line: 4, fieldPath: 'defaultEnv' });
  });
});
