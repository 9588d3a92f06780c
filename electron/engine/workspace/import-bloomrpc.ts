import { existsSync, promises as fs } from 'node:fs';
import { join } from 'node:path';
import { attemptSync, err, fail, ferryError, type Result } from '../../../shared/errors';
import { parseJson } from '../../../shared/json';
import { REQUEST_FORMAT_VERSION, secretEnvName, VARIABLE_NAME, WORKSPACE_FORMAT_VERSION, type EnvironmentFile, type EnvironmentVariable, type RequestFile, type SavedMetadataEntry, type TlsSettings } from '../../../shared/model';
import { isSecretKey } from '../../../shared/util';
import { withoutSecret } from './import-secrets';

/**
 * BloomRPC (uw-labs/bloomrpc, unmaintained since 2021) kept its state in electron-store JSON files in its
 * user-data folder. The subset read here (docs/workspace-format.md, "Importing from BloomRPC"):
 *
 * editor.json:  { "tabs": { "activeKey": "…", "tabs": [{ "tabKey", "serviceName", "methodName", "protoPath" }] },
 *                 "requests": [{ "id" (= tabKey), "url", "data" (JSON text), "metadata" (JSON text of an object),
 *                                "tlsCertificate"?: { "rootCert"?, "certChain"?, "privateKey"?: { "filePath" },
 *                                                     "sslTargetHost"?, "useServerCertificate"? },
 *                                "environment"?, "grpcWeb"? }] }
 * environments.json: { "environments": [{ "name", "url", "metadata" (JSON text) }] }
 *
 * A BloomRPC environment becomes a Ferry environment with `url` and one variable per metadata key; a tab
 * whose request used an environment gets `{{url}}` as its target.
 */
export interface BloomRpcImport {
  requests: RequestFile[];
  environments: Array<{ name: string; file: EnvironmentFile }>;
  /** What could not be carried over (malformed entries), one sentence each. */
  warnings: string[];
}

interface BloomCertFile {
  filePath?: string;
}
interface BloomTls {
  rootCert?: BloomCertFile;
  certChain?: BloomCertFile;
  privateKey?: BloomCertFile;
  sslTargetHost?: string;
  useServerCertificate?: boolean;
}
interface BloomRequest {
  id?: string;
  url?: string;
  data?: string;
  metadata?: string;
  tlsCertificate?: BloomTls;
  environment?: string;
  grpcWeb?: boolean;
}
interface BloomTab {
  tabKey?: string;
  serviceName?: string;
  methodName?: string;
  protoPath?: string;
}

/** Reads `editor.json` and `environments.json` from a BloomRPC user-data folder, when present. */
export async function importBloomRpcFolder(dir: string): Promise<Result<BloomRpcImport>> {
  const read = async (name: string) => (existsSync(join(dir, name)) ? { text: await fs.readFile(join(dir, name), 'utf8'), path: join(dir, name) } : undefined);
  const editor = await read('editor.json');
  const environments = await read('environments.json');
  if (!editor && !environments) return err(ferryError('IO_ERROR', `no BloomRPC editor.json or environments.json in ${dir}`, { file: dir }));
  return importBloomRpc({ ...(editor && { editor }), ...(environments && { environments }) });
}

export function importBloomRpc(input: { editor?: { text: string; path: string }; environments?: { text: string; path: string } }): Result<BloomRpcImport> {
  return attemptSync(() => {
    const result: BloomRpcImport = { requests: [], environments: [], warnings: [] };
    const secrets = new Set<string>();
    if (input.editor) importTabs(objectIn(input.editor), result, secrets);
    if (input.environments) importEnvironments(objectIn(input.environments), result, secrets);
    // Every secret a request now names must be a secret variable of each environment, so that running one
    // says where its value comes from rather than that the variable is unknown.
    for (const { file } of result.environments) {
      for (const name of secrets) if (!file.variables.some((v) => v.name === name)) file.variables.push({ name, secret: true });
    }
    return result;
  });
}

function objectIn(source: { text: string; path: string }): Record<string, unknown> {
  const value = parseJson(source.text, { file: source.path });
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('BAD_INPUT', `${source.path} is not a BloomRPC store (expected a JSON object)`, { file: source.path });
  return value as Record<string, unknown>;
}

function importTabs(editor: Record<string, unknown>, result: BloomRpcImport, secrets: Set<string>): void {
  const tabs = ((editor.tabs as { tabs?: unknown } | undefined)?.tabs ?? []) as BloomTab[];
  const requests = (Array.isArray(editor.requests) ? editor.requests : []) as BloomRequest[];
  for (const [i, tab] of (Array.isArray(tabs) ? tabs : []).entries()) {
    if (!tab.serviceName || !tab.methodName) {
      result.warnings.push(`tab ${i + 1} has no service or method name; skipped`);
      continue;
    }
    const saved = requests.find((request) => request.id === tab.tabKey) ?? {};
    result.requests.push({
      formatVersion: REQUEST_FORMAT_VERSION,
      name: `${tab.serviceName.split('.').pop()} ${tab.methodName}`,
      target: saved.environment ? '{{url}}' : (saved.url ?? (editor.url as string | undefined) ?? 'localhost:50051'),
      // BloomRPC's gRPC-Web is the binary kind (improbable-eng's client).
      ...(saved.grpcWeb && { protocol: 'grpc-web' as const }),
      tls: tlsFrom(saved.tlsCertificate),
      schema: tab.protoPath ? { kind: 'proto-files', files: [tab.protoPath], importPaths: [] } : { kind: 'reflection' },
      method: `${tab.serviceName}/${tab.methodName}`,
      metadata: metadataFrom(saved.metadata, result.warnings, `${tab.serviceName}.${tab.methodName}`).map((entry) => withoutSecret(entry, `${tab.serviceName}.${tab.methodName}`, result.warnings, secrets)),
      messages: saved.data && saved.data.trim() !== '' ? [saved.data] : [],
      assertions: [],
    });
  }
}

function tlsFrom(tls: BloomTls | undefined): TlsSettings {
  if (!tls) return { mode: 'plaintext' };
  const out: TlsSettings = { mode: 'tls' };
  if (tls.rootCert?.filePath) out.caCertPath = tls.rootCert.filePath;
  if (tls.certChain?.filePath) out.certPath = tls.certChain.filePath;
  if (tls.privateKey?.filePath) out.keyPath = tls.privateKey.filePath;
  if (tls.sslTargetHost) out.authority = tls.sslTargetHost;
  return out;
}

function metadataFrom(text: string | undefined, warnings: string[], where: string): SavedMetadataEntry[] {
  if (!text || text.trim() === '') return [];
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
    return Object.entries(value).map(([key, v]) => ({ key: key.toLowerCase(), value: typeof v === 'string' ? v : JSON.stringify(v), enabled: true }));
  } catch {
    warnings.push(`${where}: its metadata is not a JSON object; left out`);
    return [];
  }
}

function importEnvironments(store: Record<string, unknown>, result: BloomRpcImport, secrets: Set<string>): void {
  const list = Array.isArray(store.environments) ? (store.environments as Array<{ name?: string; url?: string; metadata?: string }>) : [];
  for (const environment of list) {
    if (!environment.name) continue;
    const variables: EnvironmentVariable[] = [{ name: 'url', value: environment.url ?? '', secret: false }];
    for (const entry of metadataFrom(environment.metadata, result.warnings, `environment ${environment.name}`)) {
      if (VARIABLE_NAME.test(entry.key) && isSecretKey(entry.key)) {
        variables.push({ name: entry.key, secret: true });
        secrets.add(entry.key);
        result.warnings.push(`environment ${environment.name}: the value of ${entry.key} is a secret and was not written; it comes from ${secretEnvName(entry.key)}`);
      } else if (VARIABLE_NAME.test(entry.key)) variables.push({ name: entry.key, value: entry.value, secret: false });
      else result.warnings.push(`environment ${environment.name}: metadata key "${entry.key}" is not a valid variable name; left out`);
    }
    result.environments.push({ name: environment.name, file: { formatVersion: WORKSPACE_FORMAT_VERSION, variables } });
  }
}
