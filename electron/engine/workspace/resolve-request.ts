import { isAbsolute, resolve as resolvePath } from 'node:path';
import { attemptSync, fail, type FerryErrorCode, type Result } from '../../../shared/errors';
import { sentMetadata, type CapturedVariable, type ConnectionConfig, type EnvironmentFile, type SavedMetadataEntry, type MetadataEntry, type ProtocolChoice, type RequestFile, type SchemaSource, type TlsSettings } from '../../../shared/model';
import { BUILTIN_VARIABLE_NAMES, builtinVariable } from './builtin-variables';
import { NO_SECRETS, type SecretStore } from './secret-store';
import { substituteJsonText, substituteText, type SubstitutionResult, type VariableResolver } from './substitute-variables';

export interface ResolveOptions {
  environment?: { name: string; file: EnvironmentFile };
  secrets?: SecretStore;
  /** The request file's path, named in errors. */
  file?: string;
  /** Relative schema and TLS paths are resolved against it (the workspace root). */
  baseDir?: string;
  /** How to pick an environment, for the error when a variable is used with none chosen. Default: `pass --env NAME`. */
  noEnvironmentHint?: string;
  /** Values captured from earlier responses; a captured variable wins over the environment's. */
  captured?: CapturedValues;
  /** The access tokens of the environment's `oauth2` variables this resolution uses, fetched beforehand (oauth2-tokens.ts). */
  tokens?: ReadonlyMap<string, string>;
  /** false: the environment's metadata is not sent, so its variables are not used either (no token fetched for it). */
  environmentMetadata?: false;
}

/** An environment's metadata a request sends besides its own, and the environment's name for errors about it. */
export interface InheritedMetadata {
  name?: string;
  metadata: readonly SavedMetadataEntry[];
}

/**
 * The environment's metadata a resolution sends, with the environment's name for its errors: none when there
 * is no environment or the request goes without it (`environmentMetadata: false`, of the options or the request).
 */
export function environmentMetadataOf(options: ResolveOptions, request: Pick<RequestFile, 'environmentMetadata'> = {}): InheritedMetadata {
  const { environment } = options;
  if (!environment || options.environmentMetadata === false || request.environmentMetadata === false) return { metadata: [] };
  return { name: environment.name, metadata: environment.file.metadata ?? [] };
}

/** A captured variable's value, or why a variable that a capture should have set has none. */
export type CapturedValue = { value: unknown; secret: boolean } | { missing: string; code: FerryErrorCode };

export interface CapturedValues {
  get(name: string): CapturedValue | undefined;
}

/** What a front end handed back (`EnvironmentChoice.captured`), for the resolver; undefined for none. */
export function capturedFrom(list: readonly CapturedVariable[] | undefined): CapturedValues | undefined {
  return list?.length ? new Map(list.map((entry) => [entry.name, { value: entry.value, secret: entry.secret }])) : undefined;
}

/** A request ready to send: variables substituted, disabled metadata dropped, paths absolute. */
export interface ResolvedRequest extends ProtocolChoice {
  name: string;
  method: string;
  target: string;
  tls: TlsSettings;
  schema: SchemaSource;
  metadata: MetadataEntry[];
  deadlineMs?: number;
  /** Message texts with variables substituted, ready for the JSON parser. */
  messages: string[];
  /** Secret values that went into this request: redact them wherever the request is recorded. */
  secretValues: string[];
}

/**
 * Substitutes every variable, failing before anything is sent when one is unknown or a secret has no
 * value; the error names the variable, where it was used and the file.
 */
export function resolveRequest(request: RequestFile, options: ResolveOptions = {}): Result<ResolvedRequest> {
  return attemptSync(() => {
    const lookup = createVariableResolver(options);
    const secretValues = new Set<string>();
    const take = (result: SubstitutionResult): string => {
      result.secrets.forEach((value) => secretValues.add(value));
      return result.text;
    };
    const metadata = sentMetadata(request.metadata, environmentMetadataOf(options, request), (text, where) => take(substituteText(text, lookup, where)));
    return {
      name: request.name,
      method: request.method,
      target: take(substituteText(request.target, lookup, 'target')),
      ...(request.protocol && { protocol: request.protocol }),
      ...(request.httpVersion && { httpVersion: request.httpVersion }),
      ...(request.codec && { codec: request.codec }),
      tls: absoluteTls(resolvedTls(request.tls, (text, where) => take(substituteText(text, lookup, where))), options.baseDir),
      schema: absoluteSchema(request.schema, options.baseDir),
      metadata,
      ...(request.deadlineMs !== undefined && { deadlineMs: request.deadlineMs }),
      messages: request.messages.map((text, i) => take(substituteJsonText(text, lookup, `messages[${i}]`))),
      secretValues: [...secretValues].filter((value) => value !== ''),
    };
  });
}

/**
 * Looks variables up in the environment (secrets in the secret store, OAuth 2.0 tokens in `tokens`) and the
 * built-ins; unknown ones fail naming where they were used.
 */
export function createVariableResolver(options: ResolveOptions): VariableResolver {
  const secrets = options.secrets ?? NO_SECRETS;
  const envName = options.environment?.name;
  const variables = new Map((options.environment?.file.variables ?? []).map((v) => [v.name, v]));
  const details = (where: string) => ({ fieldPath: where, ...(options.file !== undefined && { file: options.file }) });
  const inFile = options.file === undefined ? '' : ` of ${options.file}`;
  return (name, where) => {
    if (name.startsWith('$')) {
      const builtin = builtinVariable(name);
      if (!builtin) return fail('BAD_INPUT', `unknown built-in variable {{${name}}} in ${where}${inFile}`, { ...details(where), expected: BUILTIN_VARIABLE_NAMES.join(', ') });
      return { value: builtin.value, secret: false };
    }
    const captured = options.captured?.get(name);
    if (captured && 'missing' in captured) return fail(captured.code, `{{${name}}} in ${where}${inFile} has no value: ${captured.missing}`, details(where));
    if (captured) return { value: captured.value, secret: captured.secret };
    const variable = variables.get(name);
    if (!variable) {
      const hint = envName === undefined ? `no environment is selected (${options.noEnvironmentHint ?? 'pass --env NAME'})` : `define it in environment "${envName}"`;
      return fail('BAD_INPUT', `unknown variable {{${name}}} in ${where}${inFile}`, { ...details(where), hint });
    }
    if (variable.oauth2) {
      const token = options.tokens?.get(name);
      if (token === undefined) return fail('FAILED_PRECONDITION', `OAuth 2.0 token {{${name}}} used in ${where}${inFile} has not been fetched`, details(where));
      return { value: token, secret: true };
    }
    if (!variable.secret) return { value: variable.value, secret: false };
    const value = secrets.get(name);
    if (value === undefined) {
      return fail('BAD_INPUT', `secret variable {{${name}}} used in ${where}${inFile} has no value`, { ...details(where), hint: secrets.hint(name) });
    }
    return { value, secret: true };
  };
}

/**
 * The connection a saved request makes, its `{{variables}}` left for the engine to fill in (`openConnection`
 * with the environment chosen), its schema and TLS paths made absolute under `baseDir`: for a front end that
 * fills a request's variables in call by call, as a load test of a saved request does.
 */
export function savedConnectionConfig(request: RequestFile, baseDir: string): ConnectionConfig {
  const { protocol, httpVersion, codec } = request;
  const metadata = request.metadata.filter((entry) => entry.enabled).map(({ key, value }) => ({ key, value }));
  return {
    target: request.target,
    ...(protocol && { protocol }),
    ...(httpVersion && { httpVersion }),
    ...(codec && { codec }),
    tls: absoluteTls(request.tls, baseDir),
    schema: absoluteSchema(request.schema, baseDir),
    ...(metadata.length > 0 && { metadata }),
  };
}

function absolute(path: string, baseDir: string | undefined): string {
  return baseDir === undefined || isAbsolute(path) ? path : resolvePath(baseDir, path);
}

/** The passphrase's `{{variables}}` filled in (a secret's value is then redacted like metadata's). */
function resolvedTls(tls: TlsSettings, substitute: (text: string, where: string) => string): TlsSettings {
  if (tls.mode === 'plaintext' || tls.passphrase === undefined) return tls;
  return { ...tls, passphrase: substitute(tls.passphrase, 'tls.passphrase') };
}

function absoluteTls(tls: TlsSettings, baseDir: string | undefined): TlsSettings {
  if (tls.mode === 'plaintext') return tls;
  const out: TlsSettings = { ...tls };
  for (const key of ['caCertPath', 'certPath', 'keyPath', 'pfxPath'] as const) {
    const path = tls[key];
    if (path !== undefined) out[key] = absolute(path, baseDir);
  }
  return out;
}

function absoluteSchema(schema: SchemaSource, baseDir: string | undefined): SchemaSource {
  if (schema.kind === 'reflection') return schema;
  const files = schema.files.map((file) => absolute(file, baseDir));
  if (schema.kind === 'descriptor-set') return { kind: schema.kind, files };
  return { kind: schema.kind, files, importPaths: schema.importPaths.map((dir) => absolute(dir, baseDir)) };
}

/** Every text of a request that `resolveRequest` substitutes into (the sent metadata only, the TLS passphrase). */
export function requestTexts(request: Pick<RequestFile, 'target' | 'metadata' | 'messages'> & { tls?: TlsSettings }): string[] {
  const passphrase = request.tls?.mode === 'tls' ? request.tls.passphrase : undefined;
  return [request.target, ...(passphrase === undefined ? [] : [passphrase]), ...request.metadata.filter((entry) => entry.enabled).flatMap((entry) => [entry.key, entry.value]), ...request.messages];
}
