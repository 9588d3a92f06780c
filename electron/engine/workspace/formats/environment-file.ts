import { attemptSync, type Result } from '../../../../shared/errors';
import type { JsonPathSegment } from '../../../../shared/json';
import { VARIABLE_NAME, VARIABLE_NAME_RULE, WORKSPACE_FORMAT_VERSION, type EnvironmentFile, type EnvironmentVariable, type OAuth2Grant } from '../../../../shared/model';
import { formatVersionOf, readJsonFile, stringifyStable, type FieldReader, type Json } from './field-reader';
import { metadataFromFile, metadataToFile } from './request-file';

/**
 * `environments/<name>.ferry-env.json`: named variables for `{{name}}` substitution.
 *
 *   { "formatVersion": 1,
 *     "variables": [
 *       { "name": "host", "value": "localhost:50051" },
 *       { "name": "count", "value": 3 },
 *       { "name": "token", "secret": true },
 *       { "name": "accessToken", "oauth2": { "tokenUrl": "{{authUrl}}/token", "clientId": "ferry",
 *         "clientSecret": "{{clientSecret}}", "scope": "orders.read" } } ] }
 *
 * A secret variable has no value in the file, ever: its value comes from a SecretStore (FERRY_VAR_TOKEN where
 * Ferry runs, the CLI and the desktop app alike). A file that holds one anyway is rejected, so a value pasted
 * by hand is caught before it is committed. `metadata` (optional, as a request file's) is sent by every
 * request while the environment is chosen. An `oauth2` variable is an access token the engine fetches with
 * its grant when a request uses it (see oauth2-tokens.ts): secret, with no value either.
 */

export function parseEnvironmentFile(text: string, path: string): Result<EnvironmentFile> {
  return attemptSync(() => {
    const { root, reader } = readJsonFile(text, path);
    formatVersionOf(root, reader, WORKSPACE_FORMAT_VERSION);
    reader.object(root, [], ['formatVersion', 'variables', 'metadata']);
    const seen = new Set<string>();
    const variables = reader.array(root.variables ?? [], ['variables']).map((value, i) => {
      const variable = variableFromFile(value, i, reader);
      if (seen.has(variable.name)) reader.fail(['variables', i, 'name'], `variable "${variable.name}" is defined twice`, 'each name once');
      seen.add(variable.name);
      return variable;
    });
    const metadata = reader.array(root.metadata ?? [], ['metadata']).map((entry, i) => metadataFromFile(entry, i, reader));
    return { formatVersion: WORKSPACE_FORMAT_VERSION, variables, ...(metadata.length > 0 && { metadata }) };
  });
}

export function serializeEnvironmentFile(file: EnvironmentFile): string {
  const variables = file.variables.map((variable) =>
    // The value of a secret is dropped here whatever the caller passed: this is the last gate before disk.
    variable.oauth2 ? { name: variable.name, oauth2: oauth2ToFile(variable.oauth2) } : variable.secret ? { name: variable.name, secret: true } : { name: variable.name, value: variable.value ?? '' },
  );
  return stringifyStable({ formatVersion: WORKSPACE_FORMAT_VERSION, variables, ...(file.metadata?.length && { metadata: metadataToFile(file.metadata) }) });
}

function variableFromFile(value: unknown, index: number, reader: FieldReader): EnvironmentVariable {
  const path = ['variables', index];
  const entry = reader.object(value, path, ['name', 'value', 'secret', 'oauth2']);
  const name = reader.string(entry, 'name', path);
  if (!VARIABLE_NAME.test(name)) reader.fail([...path, 'name'], `"${name}" is not a valid variable name`, VARIABLE_NAME_RULE);
  if (entry.oauth2 !== undefined) {
    for (const key of ['value', 'secret']) {
      if (entry[key] !== undefined) reader.fail([...path, key], `variable "${name}" is an OAuth 2.0 token: it takes no "${key}"`, 'only "name" and "oauth2"');
    }
    return { name, secret: true, oauth2: oauth2FromFile(entry.oauth2, [...path, 'oauth2'], reader) };
  }
  const secret = reader.optionalBoolean(entry, 'secret', path) ?? false;
  if (secret && entry.value !== undefined) {
    reader.fail([...path, 'value'], `secret variable "${name}" must not have a value in the file`, 'no value: secrets come from FERRY_VAR_<NAME> where Ferry runs');
  }
  if (!secret && entry.value === undefined) reader.fail(path, `variable "${name}" has no value`, 'a value, or "secret": true');
  return secret ? { name, secret } : { name, value: entry.value, secret };
}

/**
 * A grant's keys in the order they are written, whatever order the caller built the object in (the editor's,
 * a parsed file's), so a save changes the lines of what changed only.
 */
const OAUTH2_FIELDS = ['grant', 'tokenUrl', 'authUrl', 'deviceAuthUrl', 'clientId', 'clientSecret', 'scope', 'audience', 'credentials', 'redirectPort', 'username', 'password', 'caCertPath', 'insecureSkipVerify', 'proxy'] as const satisfies readonly (keyof OAuth2Grant)[];

// A field of OAuth2Grant missing from the list would be dropped on write: this fails to compile instead.
const EVERY_OAUTH2_FIELD: [Exclude<keyof OAuth2Grant, (typeof OAUTH2_FIELDS)[number]>] extends [never] ? true : never = true;
void EVERY_OAUTH2_FIELD;

function oauth2ToFile(grant: OAuth2Grant): Partial<Record<keyof OAuth2Grant, unknown>> {
  const ordered: Partial<Record<keyof OAuth2Grant, unknown>> = {};
  for (const key of OAUTH2_FIELDS) if (grant[key] !== undefined) ordered[key] = grant[key];
  return ordered;
}

const GRANTS = ['client_credentials', 'authorization_code', 'password', 'device_code'] as const;
const AN_HTTP_URL = /^(https?:\/\/|\{\{)/i;

function oauth2FromFile(value: unknown, path: JsonPathSegment[], reader: FieldReader): OAuth2Grant {
  const entry = reader.object(value, path, OAUTH2_FIELDS);
  const required = (key: 'tokenUrl' | 'clientId'): string => {
    const text = reader.string(entry, key, path);
    if (text.trim() === '') reader.fail([...path, key], `${key} is empty`, key === 'tokenUrl' ? 'the token endpoint, e.g. https://auth.example.com/oauth/token' : 'the client id');
    return text;
  };
  const grant = grantOf(entry, path, reader);
  const tokenUrl = required('tokenUrl');
  if (!AN_HTTP_URL.test(tokenUrl.trim())) reader.fail([...path, 'tokenUrl'], `tokenUrl ${JSON.stringify(tokenUrl)} is not an http(s) URL`, 'https://… (or a {{variable}} holding one)');
  const credentials = reader.optionalString(entry, 'credentials', path);
  if (credentials !== undefined && credentials !== 'basic' && credentials !== 'body') reader.fail([...path, 'credentials'], `credentials "${credentials}" is neither "basic" nor "body"`, '"basic" (HTTP Basic, the default) or "body" (in the form)');
  const optional = (key: 'clientSecret' | 'scope' | 'audience') => {
    const text = reader.optionalString(entry, key, path);
    return text === undefined ? {} : { [key]: text };
  };
  return {
    ...(grant !== undefined && { grant }),
    tokenUrl,
    ...signInFields(entry, path, reader, grant),
    ...deviceFields(entry, path, reader, grant),
    clientId: required('clientId'),
    ...optional('clientSecret'),
    ...optional('scope'),
    ...optional('audience'),
    ...(credentials !== undefined && { credentials }),
    ...userFields(entry, path, reader, grant),
    ...trustFields(entry, path, reader),
    ...proxyField(entry, path, reader),
  };
}

/** The proxy to the grant's endpoints, on any grant: a proxy URL or `direct` (maybe a {{variable}}); checked when used. */
function proxyField(entry: Json, path: JsonPathSegment[], reader: FieldReader): Pick<OAuth2Grant, 'proxy'> {
  const proxy = reader.optionalString(entry, 'proxy', path);
  if (proxy?.trim() === '') reader.fail([...path, 'proxy'], 'proxy is empty', 'http://host:port, http://user:password@host:port or direct, or no proxy (the proxy environment variables)');
  return proxy === undefined ? {} : { proxy };
}

/** How the token endpoint is trusted, on any grant: a CA file (a path, maybe a {{variable}}) or no check. */
function trustFields(entry: Json, path: JsonPathSegment[], reader: FieldReader): Pick<OAuth2Grant, 'caCertPath' | 'insecureSkipVerify'> {
  const caCertPath = reader.optionalString(entry, 'caCertPath', path);
  if (caCertPath?.trim() === '') reader.fail([...path, 'caCertPath'], 'caCertPath is empty', 'a PEM file of CA certificates, e.g. certs/internal-ca.pem (from the workspace root), or no caCertPath');
  const insecureSkipVerify = reader.optionalBoolean(entry, 'insecureSkipVerify', path);
  return { ...(caCertPath !== undefined && { caCertPath }), ...(insecureSkipVerify !== undefined && { insecureSkipVerify }) };
}

function grantOf(entry: Json, path: JsonPathSegment[], reader: FieldReader): OAuth2Grant['grant'] {
  const grant = reader.optionalString(entry, 'grant', path);
  if (grant !== undefined && !(GRANTS as readonly string[]).includes(grant)) reader.fail([...path, 'grant'], `grant "${grant}" is not one Ferry knows`, `one of ${GRANTS.map((name) => `"${name}"`).join(', ')} (absent: client_credentials)`);
  return grant as OAuth2Grant['grant'];
}

/** The grant each grant-bound field belongs to, in the words of an error. */
const GRANT_WORDS = { authorization_code: 'the authorization code grant', device_code: 'the device code grant', password: 'the password grant' } as const;

/** Fields of grant `owner` only: refused on any other grant, naming each (true when `grant` is the owner). */
function ownedBy(owner: keyof typeof GRANT_WORDS, keys: readonly string[], grant: OAuth2Grant['grant'], entry: Json, path: JsonPathSegment[], reader: FieldReader): boolean {
  if (grant === owner) return true;
  for (const key of keys) {
    if (entry[key] !== undefined) reader.fail([...path, key], `${key} is for ${GRANT_WORDS[owner]} only`, `"grant": "${owner}", or no ${key}`);
  }
  return false;
}

/** An endpoint's URL field of grant `owner`, required there: http(s), or a {{variable}} holding one. */
function requiredUrl(owner: keyof typeof GRANT_WORDS, key: 'authUrl' | 'deviceAuthUrl', example: string, entry: Json, path: JsonPathSegment[], reader: FieldReader): string {
  if (entry[key] === undefined) reader.fail([...path, key], `${key} is required for ${GRANT_WORDS[owner]}`, example);
  const url = reader.string(entry, key, path);
  if (!AN_HTTP_URL.test(url.trim())) reader.fail([...path, key], `${key} ${JSON.stringify(url)} is not an http(s) URL`, 'https://… (or a {{variable}} holding one)');
  return url;
}

/** `authUrl` and `redirectPort`: a sign-in's, so the authorization code grant's only (authUrl required there). */
function signInFields(entry: Json, path: JsonPathSegment[], reader: FieldReader, grant: OAuth2Grant['grant']): Pick<OAuth2Grant, 'authUrl' | 'redirectPort'> {
  if (!ownedBy('authorization_code', ['authUrl', 'redirectPort'], grant, entry, path, reader)) return {};
  const authUrl = requiredUrl('authorization_code', 'authUrl', 'the authorization endpoint, e.g. https://auth.example.com/authorize', entry, path, reader);
  const redirectPort = reader.optionalInteger(entry, 'redirectPort', path, 1);
  if (redirectPort !== undefined && redirectPort > 65535) reader.fail([...path, 'redirectPort'], `redirectPort ${redirectPort} is not a port`, 'an integer from 1 to 65535');
  return { authUrl, ...(redirectPort !== undefined && { redirectPort }) };
}

/** `deviceAuthUrl`: the device code grant's only, and required there. */
function deviceFields(entry: Json, path: JsonPathSegment[], reader: FieldReader, grant: OAuth2Grant['grant']): Pick<OAuth2Grant, 'deviceAuthUrl'> {
  if (!ownedBy('device_code', ['deviceAuthUrl'], grant, entry, path, reader)) return {};
  return { deviceAuthUrl: requiredUrl('device_code', 'deviceAuthUrl', 'the device authorization endpoint, e.g. https://auth.example.com/oauth/device/code', entry, path, reader) };
}

/** `username` and `password`: the password grant's only, and required there. */
function userFields(entry: Json, path: JsonPathSegment[], reader: FieldReader, grant: OAuth2Grant['grant']): Pick<OAuth2Grant, 'username' | 'password'> {
  const keys = ['username', 'password'] as const;
  if (!ownedBy('password', keys, grant, entry, path, reader)) return {};
  const expected = { username: "the user's name (or a {{variable}} holding it)", password: 'a secret variable, e.g. {{userPassword}}' };
  const required = (key: (typeof keys)[number]): string => {
    const value = entry[key];
    if (value === undefined) reader.fail([...path, key], `${key} is required for the password grant`, expected[key]);
    // Not reader.string: its error quotes what it found, and this may be a password.
    if (typeof value !== 'string' || value.trim() === '') reader.fail([...path, key], `${key} is ${typeof value === 'string' ? 'empty' : 'not a string'}`, expected[key]);
    return value;
  };
  return { username: required('username'), password: required('password') };
}
