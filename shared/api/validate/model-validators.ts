/**
 * Validators for model values that commands carry: connection settings and saved request files. Kept apart
 * from the command table so each stays one screen long.
 */
import type { Assertion, Capture, CapturedVariable, EnvironmentFile, EnvironmentVariable, OAuth2Grant, RequestFile, SavedMetadataEntry, SchemaSource, TlsSettings, TransportSettings } from '../../model';
import { anything, arrayOf, boolean, literal, mismatch, number, object, optional, string, taggedUnion, type Validator } from './guards';

const paths = arrayOf(string({ nonEmpty: true }));

export const tlsSettings = taggedUnion<TlsSettings, 'mode'>('mode', {
  plaintext: object<Extract<TlsSettings, { mode: 'plaintext' }>>({ mode: literal('plaintext'), authority: optional(string({ nonEmpty: true })) }),
  // Explicit type argument: inferred from the shape, optional fields would come out required.
  tls: object<Extract<TlsSettings, { mode: 'tls' }>>({
    mode: literal('tls'),
    caCertPath: optional(string({ nonEmpty: true })),
    certPath: optional(string({ nonEmpty: true })),
    keyPath: optional(string({ nonEmpty: true })),
    pfxPath: optional(string({ nonEmpty: true })),
    passphrase: optional(string({ nonEmpty: true })),
    insecureSkipVerify: optional(boolean),
    authority: optional(string({ nonEmpty: true })),
  }),
});

export const transportSettings = object<TransportSettings>({
  keepaliveTimeMs: optional(number({ integer: true, min: 1 })),
  maxMessageBytes: optional(number({ integer: true, min: 1 })),
  compression: optional(literal('gzip')),
  userAgent: optional(string({ nonEmpty: true })),
  proxy: optional(string({ nonEmpty: true })),
});

/** The fields of a `ProtocolChoice`, spread into the objects that carry one. */
export const protocolChoice = {
  protocol: optional(literal('grpc', 'grpc-web', 'grpc-web-text', 'connect')),
  httpVersion: optional(literal('1.1', '2')),
  codec: optional(literal('proto', 'json')),
};

export const schemaSource = taggedUnion<SchemaSource, 'kind'>('kind', {
  reflection: object<Extract<SchemaSource, { kind: 'reflection' }>>({ kind: literal('reflection'), symbols: optional(arrayOf(string({ nonEmpty: true }))) }),
  'proto-files': object({ kind: literal('proto-files'), files: paths, importPaths: paths }),
  'descriptor-set': object({ kind: literal('descriptor-set'), files: paths }),
});

const statusValue: Validator<string | number> = (value) =>
  typeof value === 'string' || (typeof value === 'number' && Number.isSafeInteger(value)) ? undefined : mismatch('a status name or number');

const count = number({ integer: true, min: 0 });
/** A field that is either absent or false (an opt-out: `environmentMetadata: false`). */
export const onlyFalse: Validator<false> = (value) => (value === false ? undefined : mismatch('false'));

export const assertion = taggedUnion<Assertion, 'type'>('type', {
  status: object({ type: literal('status'), status: statusValue }),
  jsonPath: object({ type: literal('jsonPath'), path: string({ nonEmpty: true }), op: literal('equals', 'contains', 'matches'), expected: optional(anything) }),
  maxTime: object({ type: literal('maxTime'), ms: count }),
  messageCount: object({ type: literal('messageCount'), count }),
});

export const capture = object<Capture>({ variable: string({ nonEmpty: true }), from: literal('jsonPath', 'header'), path: string({ nonEmpty: true }), secret: boolean });

export const capturedVariable = object<CapturedVariable>({ name: string({ nonEmpty: true }), value: optional(anything), secret: boolean });

const savedMetadataEntry = object<SavedMetadataEntry>({ key: string(), value: string(), enabled: boolean });

export const requestFile = object<RequestFile>({
  formatVersion: count,
  name: string(),
  order: optional(count),
  target: string(),
  ...protocolChoice,
  tls: tlsSettings,
  schema: schemaSource,
  method: string({ nonEmpty: true }),
  metadata: arrayOf(savedMetadataEntry),
  environmentMetadata: optional(onlyFalse),
  deadlineMs: optional(number({ integer: true, min: 1 })),
  messages: arrayOf(string()),
  assertions: arrayOf(assertion),
  captures: optional(arrayOf(capture)),
});

export const oauth2Grant = object<OAuth2Grant>({
  grant: optional(literal('client_credentials', 'authorization_code', 'password', 'device_code')),
  tokenUrl: string({ nonEmpty: true }),
  authUrl: optional(string({ nonEmpty: true })),
  deviceAuthUrl: optional(string({ nonEmpty: true })),
  clientId: string({ nonEmpty: true }),
  clientSecret: optional(string()),
  scope: optional(string()),
  audience: optional(string()),
  credentials: optional(literal('basic', 'body')),
  redirectPort: optional(number({ integer: true, min: 1, max: 65535 })),
  username: optional(string()),
  password: optional(string()),
  caCertPath: optional(string({ nonEmpty: true })),
  insecureSkipVerify: optional(boolean),
  proxy: optional(string({ nonEmpty: true })),
});

const environmentVariable = object<EnvironmentVariable>({ name: string({ nonEmpty: true }), value: optional(anything), secret: boolean, oauth2: optional(oauth2Grant) });

export const environmentFile = object<EnvironmentFile>({ formatVersion: count, variables: arrayOf(environmentVariable), metadata: optional(arrayOf(savedMetadataEntry)) });
