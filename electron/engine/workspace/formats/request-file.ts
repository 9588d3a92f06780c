import { attemptSync, type Result } from '../../../../shared/errors';
import { REQUEST_FORMAT_VERSION, type RequestFile, type SavedMetadataEntry, type SchemaSource, type TlsSettings } from '../../../../shared/model';
import { assertionFromFile, assertionToFile } from './assertions-format';
import { captureToFile, capturesFromFile } from './captures-format';
import { FieldReader, formatVersionOf, readJsonFile, stringifyStable, type Json } from './field-reader';
import { bodyFromFile, bodyToFile } from './message-body';
import { migrateRequestV0 } from './migrate-request-v0';
import { protocolFromFile, protocolToFile } from './protocol-format';

/**
 * `*.ferry.json`: one saved request. Keys are always written in the order below and every value on its own
 * line, so changing one field is a one-line diff (docs/workspace-format.md has the full description).
 */
const KEYS = ['formatVersion', 'name', 'order', 'target', 'protocol', 'httpVersion', 'codec', 'tls', 'schema', 'method', 'metadata', 'environmentMetadata', 'deadlineMs', 'messages', 'assertions', 'captures'];
/** Version 2 had no captures, nor a way to go without the environment's metadata. */
const V2_KEYS = KEYS.filter((key) => key !== 'captures' && key !== 'environmentMetadata');
/** Version 1 had no protocol either: every request was plain gRPC. */
const V1_KEYS = V2_KEYS.filter((key) => !['protocol', 'httpVersion', 'codec'].includes(key));
/** A request without captures (or `environmentMetadata`) is still written as version 2, so a Ferry that predates them reads it. */
const VERSION_WITHOUT_CAPTURES = 2;
const VERSION_WITH_CAPTURES = 3;
/**
 * Version 4 added a PKCS#12 bundle and a passphrase to `tls` (`pfxPath`, `passphrase`); only a request that
 * has one is written as 4, so an older Ferry refuses it by version rather than dialing without the identity.
 */
const VERSION_WITH_CLIENT_IDENTITY = 4;
const NEWEST_READ = Math.max(REQUEST_FORMAT_VERSION, VERSION_WITH_CLIENT_IDENTITY);

export function parseRequestFile(text: string, path: string): Result<RequestFile> {
  return attemptSync(() => {
    const { root, reader } = readJsonFile(text, path);
    const version = formatVersionOf(root, reader, NEWEST_READ);
    // Older shapes are validated by their migration (errors point at the text as written), then decoded as
    // the current version; a version 1 request is a version 2 one without a protocol (so gRPC).
    const current = version === 0 ? migrateRequestV0(root, reader) : root;
    const tlsKeys = version < VERSION_WITH_CLIENT_IDENTITY ? TLS_KEYS_BEFORE_V4 : TLS_KEYS;
    return decodeRequest(current, reader, version <= 1 ? V1_KEYS : version === 2 ? V2_KEYS : KEYS, tlsKeys);
  });
}

export function serializeRequestFile(file: RequestFile): string {
  const captures = file.captures ?? [];
  const needsCaptures = captures.length > 0 || file.environmentMetadata === false;
  const identity = file.tls.mode === 'tls' && (file.tls.pfxPath !== undefined || file.tls.passphrase !== undefined);
  const formatVersion = identity ? VERSION_WITH_CLIENT_IDENTITY : needsCaptures ? VERSION_WITH_CAPTURES : VERSION_WITHOUT_CAPTURES;
  const out: Json = { formatVersion, name: file.name };
  if (file.order !== undefined) out.order = file.order;
  out.target = file.target;
  // Absent for gRPC: choosing another protocol then adds one line.
  Object.assign(out, protocolToFile(file));
  out.tls = tlsToFile(file.tls);
  out.schema = schemaToFile(file.schema);
  out.method = file.method;
  // `enabled` is always written: toggling it must change one line, not add one and re-comma its neighbour.
  out.metadata = metadataToFile(file.metadata);
  // Written only when off, so the files of requests that send it do not change.
  if (file.environmentMetadata === false) out.environmentMetadata = false;
  if (file.deadlineMs !== undefined) out.deadlineMs = file.deadlineMs;
  out.messages = file.messages.map(bodyToFile);
  out.assertions = file.assertions.map(assertionToFile);
  if (captures.length > 0) out.captures = captures.map(captureToFile);
  return stringifyStable(out);
}

function decodeRequest(root: Json, reader: FieldReader, keys: readonly string[], tlsKeys: readonly string[]): RequestFile {
  reader.object(root, [], keys);
  // Fields are checked in file order, so the first error reported is the first one in the text.
  const name = reader.string(root, 'name', []);
  const order = reader.optionalInteger(root, 'order', [], 0);
  const target = reader.string(root, 'target', []);
  const protocol = protocolFromFile(root, reader);
  const tls = tlsFromFile(root.tls, reader, tlsKeys);
  const schema = schemaFromFile(root.schema, reader);
  const method = reader.string(root, 'method', []);
  if (!/^[A-Za-z_][\w.]*[./][A-Za-z_]\w*$/.test(method)) reader.fail(['method'], `"${method}" is not a method name`, 'pkg.Service/Method');
  const metadata = reader.array(root.metadata ?? [], ['metadata']).map((entry, i) => metadataFromFile(entry, i, reader));
  const environmentMetadata = reader.optionalBoolean(root, 'environmentMetadata', []);
  const deadlineMs = reader.optionalInteger(root, 'deadlineMs', [], 1);
  const messages = reader.array(root.messages ?? [], ['messages']).map((body, i) => bodyFromFile(body, ['messages', i], reader));
  const assertions = reader.array(root.assertions ?? [], ['assertions']).map((a, i) => assertionFromFile(a, ['assertions', i], reader));
  const captures = capturesFromFile(root.captures ?? [], reader);
  return {
    formatVersion: REQUEST_FORMAT_VERSION,
    name,
    ...(order !== undefined && { order }),
    target,
    ...protocol,
    tls,
    schema,
    method,
    metadata,
    ...(environmentMetadata === false && { environmentMetadata }),
    ...(deadlineMs !== undefined && { deadlineMs }),
    messages,
    assertions,
    ...(captures.length > 0 && { captures }),
  };
}

export const metadataToFile = (entries: readonly SavedMetadataEntry[]): Json[] => entries.map((entry) => ({ key: entry.key, value: entry.value, enabled: entry.enabled }));

/** A `metadata` entry of a request or environment file. */
export function metadataFromFile(value: unknown, index: number, reader: FieldReader): SavedMetadataEntry {
  const path = ['metadata', index];
  const entry = reader.object(value, path, ['key', 'value', 'enabled']);
  const key = reader.string(entry, 'key', path);
  // Variables may appear in keys too (`{{tenantHeader}}`); the rest must be a valid header name.
  if (!/^([0-9a-z_.-]|\{\{[^}]*\}\})+$/.test(key)) reader.fail([...path, 'key'], `"${key}" is not a valid metadata key`, 'lower-case 0-9 a-z _ . -');
  return { key, value: reader.string(entry, 'value', path), enabled: reader.optionalBoolean(entry, 'enabled', path) ?? true };
}

const TLS_KEYS = ['mode', 'caCertPath', 'certPath', 'keyPath', 'pfxPath', 'passphrase', 'insecureSkipVerify', 'authority'] as const;
const TLS_KEYS_BEFORE_V4: readonly string[] = TLS_KEYS.filter((key) => key !== 'pfxPath' && key !== 'passphrase');
/** A passphrase made only of `{{variables}}`, with nothing else around or between them. */
const ONLY_VARIABLES = /^(\s*\{\{[^{}]+\}\})+\s*$/;

function tlsToFile(tls: TlsSettings): Json {
  if (tls.mode === 'plaintext') return { mode: 'plaintext' };
  const out: Json = {};
  for (const key of TLS_KEYS) if (tls[key] !== undefined) out[key] = tls[key];
  return out;
}

function tlsFromFile(value: unknown, reader: FieldReader, keys: readonly string[]): TlsSettings {
  const tls = reader.object(value ?? { mode: 'tls' }, ['tls'], keys);
  const mode = reader.string(tls, 'mode', ['tls']);
  if (mode === 'plaintext') {
    reader.object(tls, ['tls'], ['mode']);
    return { mode };
  }
  if (mode !== 'tls') reader.fail(['tls', 'mode'], `unknown TLS mode "${mode}"`, '"plaintext" or "tls"');
  const out: TlsSettings = { mode: 'tls' };
  for (const key of ['caCertPath', 'certPath', 'keyPath', 'pfxPath', 'passphrase', 'authority'] as const) {
    const text = reader.optionalString(tls, key, ['tls']);
    if (text !== undefined) out[key] = text;
  }
  // A request file is kept in git: the passphrase itself stays out of it, in the secret store.
  if (out.passphrase !== undefined && !ONLY_VARIABLES.test(out.passphrase)) {
    // The message never quotes the value, as other fields' errors do: it may be the passphrase.
    const expected = 'a {{variable}} (a secret one): a request file never holds the passphrase';
    reader.fail(['tls', 'passphrase'], `expected ${expected}`, expected);
  }
  const insecure = reader.optionalBoolean(tls, 'insecureSkipVerify', ['tls']);
  if (insecure !== undefined) out.insecureSkipVerify = insecure;
  return out;
}

function schemaToFile(schema: SchemaSource): Json {
  if (schema.kind === 'reflection') return { kind: 'reflection' };
  if (schema.kind === 'descriptor-set') return { kind: schema.kind, files: schema.files };
  return { kind: schema.kind, files: schema.files, importPaths: schema.importPaths };
}

function schemaFromFile(value: unknown, reader: FieldReader): SchemaSource {
  const path = ['schema'];
  const schema = reader.object(value ?? { kind: 'reflection' }, path, ['kind', 'files', 'importPaths']);
  const kind = reader.string(schema, 'kind', path);
  if (kind === 'reflection') {
    reader.object(schema, path, ['kind']);
    return { kind };
  }
  if (kind === 'descriptor-set') {
    reader.object(schema, path, ['kind', 'files']);
    return { kind, files: reader.stringArray(schema, 'files', path) };
  }
  if (kind === 'proto-files') return { kind, files: reader.stringArray(schema, 'files', path), importPaths: reader.stringArray(schema, 'importPaths', path) };
  return reader.fail([...path, 'kind'], `unknown schema kind "${kind}"`, '"reflection", "proto-files" or "descriptor-set"');
}
