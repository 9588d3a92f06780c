import type { ConnectionConfig, HttpVersion, ProtocolChoice, SchemaSource, TlsSettings, TransportSettings } from '../../shared/model';

/** The protocol choice as the connection bar offers it: Connect's json codec is its own entry. */
export type ProtocolOption = 'grpc' | 'grpc-web' | 'grpc-web-text' | 'connect' | 'connect-json';

/** The connection form as the user types it: plain strings and flags, turned into a config on Connect. */
export interface ConnectionForm {
  target: string;
  protocol: ProtocolOption;
  /** Web protocols: '' lets TLS negotiate (HTTP/1.1 in plaintext). */
  httpVersion: '' | HttpVersion;
  tls: 'plaintext' | 'tls';
  caCertPath: string;
  certPath: string;
  keyPath: string;
  /** A PKCS#12 bundle instead of the certificate and key paths. */
  pfxPath: string;
  /** Unlocks an encrypted key or the bundle; best a `{{variable}}` (a secret one). */
  passphrase: string;
  insecureSkipVerify: boolean;
  authority: string;
  /** '' takes the proxy environment variables where Ferry runs; else `http://[user:password@]host:port` or `direct`. */
  proxy: string;
  /** The largest message sent or received, in MiB as typed; '' keeps grpc-js's 4 MiB. */
  maxMessageMiB: string;
  /** Seconds between keepalive pings on an idle connection, as typed; '' sends none. */
  keepaliveSec: string;
  compression: '' | 'gzip';
  schemaSource: SchemaSource['kind'];
  /** One path per line. */
  protoFiles: string;
  importPaths: string;
  descriptorSets: string;
}

export function defaultConnectionForm(): ConnectionForm {
  return {
    target: 'localhost:50051',
    protocol: 'grpc',
    httpVersion: '',
    tls: 'plaintext',
    caCertPath: '',
    certPath: '',
    keyPath: '',
    pfxPath: '',
    passphrase: '',
    insecureSkipVerify: false,
    authority: '',
    proxy: '',
    maxMessageMiB: '',
    keepaliveSec: '',
    compression: '',
    schemaSource: 'reflection',
    protoFiles: '',
    importPaths: '',
    descriptorSets: '',
  };
}

function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

function tlsSettings(form: ConnectionForm): TlsSettings {
  if (form.tls === 'plaintext') return { mode: 'plaintext' };
  const trimmed = { caCertPath: form.caCertPath.trim(), certPath: form.certPath.trim(), keyPath: form.keyPath.trim(), pfxPath: form.pfxPath.trim(), authority: form.authority.trim() };
  return {
    mode: 'tls',
    ...(trimmed.caCertPath && { caCertPath: trimmed.caCertPath }),
    ...(trimmed.certPath && { certPath: trimmed.certPath }),
    ...(trimmed.keyPath && { keyPath: trimmed.keyPath }),
    ...(trimmed.pfxPath && { pfxPath: trimmed.pfxPath }),
    ...(form.passphrase !== '' && { passphrase: form.passphrase }),
    ...(form.insecureSkipVerify && { insecureSkipVerify: true }),
    ...(trimmed.authority && { authority: trimmed.authority }),
  };
}

/** grpc-js takes lengths up to 2^31 - 1 bytes. */
const MAX_MESSAGE_MIB = 2047;

/** The Network column's settings, or a sentence saying which box does not read. */
export function transportSettings(form: ConnectionForm): TransportSettings | string {
  const proxy = form.proxy.trim();
  const mib = form.maxMessageMiB.trim();
  const keepalive = form.keepaliveSec.trim();
  const size = Number(mib);
  if (mib !== '' && !(size > 0 && size <= MAX_MESSAGE_MIB)) return `Max message size is in MiB, more than 0 and at most ${MAX_MESSAGE_MIB}: "${mib}" is not.`;
  const seconds = Number(keepalive);
  if (keepalive !== '' && !(Number.isInteger(seconds) && seconds >= 1 && seconds <= 2_147_483)) return `Keepalive is whole seconds, 1 or more: "${keepalive}" is not.`;
  return {
    ...(proxy && { proxy }),
    ...(mib !== '' && { maxMessageBytes: Math.floor(size * 1024 * 1024) }),
    ...(keepalive !== '' && { keepaliveTimeMs: seconds * 1000 }),
    ...(form.compression === 'gzip' && { compression: 'gzip' as const }),
  };
}

function schemaSource(form: ConnectionForm): SchemaSource {
  switch (form.schemaSource) {
    case 'reflection':
      return { kind: 'reflection' };
    case 'proto-files':
      return { kind: 'proto-files', files: lines(form.protoFiles), importPaths: lines(form.importPaths) };
    case 'descriptor-set':
      return { kind: 'descriptor-set', files: lines(form.descriptorSets) };
  }
}

/** The form's protocol entries as the model's fields (all absent for plain gRPC). */
export function protocolChoice(form: Pick<ConnectionForm, 'protocol' | 'httpVersion'>): ProtocolChoice {
  if (form.protocol === 'grpc') return {};
  const protocol = form.protocol === 'connect-json' ? 'connect' : form.protocol;
  return { protocol, ...(form.httpVersion && { httpVersion: form.httpVersion }), ...(form.protocol === 'connect-json' && { codec: 'json' as const }) };
}

/** The form entries for a saved request's or history entry's protocol. */
export function protocolFormOf(choice: ProtocolChoice): Pick<ConnectionForm, 'protocol' | 'httpVersion'> {
  const protocol = choice.protocol === 'connect' && choice.codec === 'json' ? 'connect-json' : (choice.protocol ?? 'grpc');
  return { protocol, httpVersion: choice.httpVersion ?? '' };
}

/** The config to open, or a sentence saying what the form still lacks. */
export function toConnectionConfig(form: ConnectionForm): { ok: true; config: ConnectionConfig } | { ok: false; message: string } {
  const target = form.target.trim();
  const source = schemaSource(form);
  // Files alone are enough to browse a schema, but every call needs somewhere to go.
  if (target === '') return { ok: false, message: 'Enter a target such as localhost:50051.' };
  if (source.kind !== 'reflection' && source.files.length === 0) {
    return { ok: false, message: source.kind === 'proto-files' ? 'List at least one .proto file, one per line.' : 'List at least one descriptor set file, one per line.' };
  }
  if (form.tls === 'tls' && (form.certPath.trim() === '') !== (form.keyPath.trim() === '')) {
    return { ok: false, message: 'A client certificate needs both the certificate and the key path.' };
  }
  if (form.tls === 'tls' && form.pfxPath.trim() !== '' && (form.certPath.trim() !== '' || form.keyPath.trim() !== '')) {
    return { ok: false, message: 'A PKCS#12 bundle holds the client certificate and its key: clear the certificate and key paths, or the bundle path.' };
  }
  const url = /^(https?):\/\//i.exec(target);
  if (url && form.protocol === 'grpc') return { ok: false, message: 'A URL target needs a web protocol: choose gRPC-Web or Connect, or enter host:port for gRPC.' };
  if (url && (url[1]!.toLowerCase() === 'https') !== (form.tls === 'tls')) {
    return { ok: false, message: `The target is ${url[1]!.toLowerCase()}:// but Security is ${form.tls === 'tls' ? 'TLS' : 'Plaintext'}: make them agree.` };
  }
  const transport = transportSettings(form);
  if (typeof transport === 'string') return { ok: false, message: transport };
  return { ok: true, config: { target, ...protocolChoice(form), tls: tlsSettings(form), schema: source, ...(Object.keys(transport).length > 0 && { transport }) } };
}
