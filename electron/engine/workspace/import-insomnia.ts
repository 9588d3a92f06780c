/**
 * An Insomnia export's gRPC requests and environments as Ferry files (`ferry import insomnia`; the formats
 * in insomnia-export.ts). Insomnia's `{{ _.name }}` becomes `{{name}}`, and its `uuid` and `now` tags
 * Ferry's built-ins; a `grpcs://` URL means TLS. A request made with one of the export's .proto files
 * loads it from `protos/`, anything else by reflection. Secret values (an `authorization` header, a
 * variable named like a token or password) are not written: they become secret variables, from
 * FERRY_VAR_*, each said in a warning.
 */
import { attempt, type Result } from '../../../shared/errors';
import { REQUEST_FORMAT_VERSION, secretEnvName, VARIABLE_NAME, WORKSPACE_FORMAT_VERSION, type EnvironmentFile, type EnvironmentVariable, type RequestFile, type SavedMetadataEntry } from '../../../shared/model';
import { withoutSecret } from './import-secrets';
import { readInsomniaExport, type InsomniaRequest } from './insomnia-export';

export interface InsomniaImport {
  /** The export's name (its workspace or collection). */
  name: string;
  /** Each request with the folders it sat in, from the collection's top. */
  requests: Array<{ folders: string[]; file: RequestFile }>;
  environments: Array<{ name: string; file: EnvironmentFile }>;
  /** .proto files, relative to the `protos/` folder the requests load them from. */
  protoFiles: Array<{ path: string; text: string }>;
  /** What could not be carried over, one sentence each. */
  warnings: string[];
}

/** Where imported .proto files go, relative to the workspace root; requests name them from there. */
export const INSOMNIA_PROTO_DIR = 'protos';

const SECRET_NAME = /(token|secret|password|passwd|api[-_.]?key|authorization|credentials?)$/i;

/** Insomnia's template syntax as Ferry's: `{{ _.host }}` → `{{host}}`; tags Ferry has a built-in for. */
function ferryTemplate(text: string, where: string, warnings: string[]): string {
  const converted = text
    .replace(/\{\{\s*_\.([A-Za-z_][A-Za-z0-9_.-]*)\s*\}\}/g, '{{$1}}')
    .replace(/\{%\s*uuid\b[^%]*%\}/g, '{{$uuid}}')
    .replace(/\{%\s*now\s+'iso-8601'[^%]*%\}/g, '{{$isoTimestamp}}')
    .replace(/\{%\s*now\s+'unix'[^%]*%\}/g, '{{$timestamp}}');
  const tag = /\{%.*?%\}/.exec(converted);
  if (tag) warnings.push(`${where}: the Insomnia template tag ${tag[0]} has no Ferry equivalent; it was kept as text`);
  return converted;
}

function requestFile(request: InsomniaRequest, warnings: string[], secrets: Set<string>): RequestFile | undefined {
  const where = [...request.folders, request.name].join(' / ');
  if (!request.protoMethodName) {
    warnings.push(`${where}: no method was chosen in Insomnia; skipped`);
    return undefined;
  }
  const url = ferryTemplate(request.url.trim(), where, warnings);
  const tls = /^grpcs:\/\//i.test(url);
  const metadata: SavedMetadataEntry[] = request.metadata
    .filter((entry) => entry.name.trim() !== '')
    .map((entry) => ({ key: entry.name.trim().toLowerCase(), value: ferryTemplate(entry.value, where, warnings), enabled: !entry.disabled }))
    .map((entry) => (entry.value.includes('{{') ? entry : withoutSecret(entry, where, warnings, secrets)));
  const body = request.body === undefined || request.body.trim() === '' ? '{}' : ferryTemplate(request.body, where, warnings);
  return {
    formatVersion: REQUEST_FORMAT_VERSION,
    name: request.name,
    target: url.replace(/^grpcs?:\/\//i, ''),
    tls: tls ? { mode: 'tls' } : { mode: 'plaintext' },
    schema: request.proto ? { kind: 'proto-files', files: [`${INSOMNIA_PROTO_DIR}/${request.proto.path}`], importPaths: [INSOMNIA_PROTO_DIR] } : { kind: 'reflection' },
    method: request.protoMethodName.replace(/^\//, ''),
    metadata,
    messages: [body],
    assertions: [],
  };
}

/** Insomnia's nested environment data as flat variables: `{ "auth": { "url": … } }` → `auth.url`. */
function flatten(data: Record<string, unknown>, prefix = ''): Array<[string, unknown]> {
  return Object.entries(data).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null && !Array.isArray(value) ? flatten(value as Record<string, unknown>, `${prefix}${key}.`) : [[`${prefix}${key}`, value] as [string, unknown]],
  );
}

function environmentFile(name: string, data: Record<string, unknown>, warnings: string[], secrets: ReadonlySet<string>): EnvironmentFile {
  const variables: EnvironmentVariable[] = [];
  for (const [variable, value] of flatten(data)) {
    if (!VARIABLE_NAME.test(variable)) {
      warnings.push(`environment ${name}: "${variable}" is not a valid variable name; left out`);
    } else if (SECRET_NAME.test(variable) || secrets.has(variable)) {
      variables.push({ name: variable, secret: true });
      warnings.push(`environment ${name}: the value of ${variable} looks secret and was not written; it comes from ${secretEnvName(variable)}`);
    } else {
      variables.push({ name: variable, value: typeof value === 'string' ? ferryTemplate(value, `environment ${name}`, warnings) : value, secret: false });
    }
  }
  // Every secret a request now names is a secret variable here too, so a run finds it.
  for (const secret of secrets) if (!variables.some((variable) => variable.name === secret)) variables.push({ name: secret, secret: true });
  return { formatVersion: WORKSPACE_FORMAT_VERSION, variables };
}

/** Reads an export's text (`file` names it in errors) into Ferry's requests, environments and .proto files. */
export function importInsomnia(content: string, file: string): Promise<Result<InsomniaImport>> {
  return attempt(async () => {
    const exported = readInsomniaExport(content, file);
    const warnings: string[] = [];
    const secrets = new Set<string>();
    const requests = exported.requests.flatMap((request) => {
      const made = requestFile(request, warnings, secrets);
      return made ? [{ folders: request.folders, file: made }] : [];
    });
    const { base, subs } = exported.environments;
    const named = subs.length > 0 ? subs.map((sub) => ({ name: sub.name, data: { ...base, ...sub.data } })) : Object.keys(base).length > 0 || secrets.size > 0 ? [{ name: 'base', data: base }] : [];
    const environments = named.map(({ name, data }) => ({ name, file: environmentFile(name, data, warnings, secrets) }));
    if (exported.otherRequests > 0) warnings.push(`${exported.otherRequests} request(s) that are not gRPC (HTTP, WebSocket, …) were not imported`);
    return { name: exported.name, requests, environments, protoFiles: exported.protoFiles, warnings };
  });
}
