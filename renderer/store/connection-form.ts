import type { ConnectionConfig, SchemaSource, TlsSettings } from '../../shared/model';

/** The connection form as the user types it: plain strings and flags, turned into a config on Connect. */
export interface ConnectionForm {
  target: string;
  tls: 'plaintext' | 'tls';
  caCertPath: string;
  certPath: string;
  keyPath: string;
  insecureSkipVerify: boolean;
  authority: string;
  schemaSource: SchemaSource['kind'];
  /** One path per line. */
  protoFiles: string;
  importPaths: string;
  descriptorSets: string;
}

export function defaultConnectionForm(): ConnectionForm {
  return {
    target: 'localhost:50051',
    tls: 'plaintext',
    caCertPath: '',
    certPath: '',
    keyPath: '',
    insecureSkipVerify: false,
    authority: '',
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
  const trimmed = { caCertPath: form.caCertPath.trim(), certPath: form.certPath.trim(), keyPath: form.keyPath.trim(), authority: form.authority.trim() };
  return {
    mode: 'tls',
    ...(trimmed.caCertPath && { caCertPath: trimmed.caCertPath }),
    ...(trimmed.certPath && { certPath: trimmed.certPath }),
    ...(trimmed.keyPath && { keyPath: trimmed.keyPath }),
    ...(form.insecureSkipVerify && { insecureSkipVerify: true }),
    ...(trimmed.authority && { authority: trimmed.authority }),
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
  return { ok: true, config: { target, tls: tlsSettings(form), schema: source } };
}
