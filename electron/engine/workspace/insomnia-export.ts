/**
 * The gRPC parts of an Insomnia export, read into one shape from either format:
 *
 * v4 (JSON, Insomnia up to 2024): { "_type": "export", "__export_format": 4, "resources": [ … ] }, each
 *   resource with `_id`, `parentId` and `_type`: `workspace`, `request_group` (a folder: `name`),
 *   `grpc_request` (`name`, `url`, `protoFileId`, `protoMethodName` "/pkg.Service/Method", `body.text`,
 *   `metadata` [{ name, value, disabled? }]), `environment` (`name`, `data`; the base one's parent is the
 *   workspace, the others' the base), `proto_directory` (`name`) and `proto_file` (`name`, `protoText`).
 * v5 (YAML, Insomnia 10 on): { type: collection.insomnia.rest/5.0, name, collection: [ items ],
 *   environments: { name, data, subEnvironments: [{ name, data }] } }; a folder item has `children`, a gRPC
 *   request item has `reflectionApi` and the fields above (v5 exports carry no .proto files).
 * HTTP, WebSocket and other requests are counted, not read.
 */
import type * as Yaml from 'yaml';
import { fail } from '../../../shared/errors';
import { parseJson } from '../../../shared/json';

export interface InsomniaRequest {
  /** Folder names from the collection's top. */
  folders: string[];
  name: string;
  url: string;
  protoMethodName?: string;
  body?: string;
  metadata: Array<{ name: string; value: string; disabled: boolean }>;
  /** The .proto file (from the export's proto files) the request was made with, as a path and its text. */
  proto?: { path: string; text: string };
}

export interface InsomniaExport {
  name: string;
  requests: InsomniaRequest[];
  /** The base environment's data, and each sub-environment's (which Insomnia lays over the base). */
  environments: { base: Record<string, unknown>; subs: Array<{ name: string; data: Record<string, unknown> }> };
  /** Requests of other kinds (HTTP, WebSocket, …), not imported. */
  otherRequests: number;
  protoFiles: Array<{ path: string; text: string }>;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

function metadataOf(value: unknown): InsomniaRequest['metadata'] {
  return (Array.isArray(value) ? value : []).filter(isObject).map((entry) => ({ name: text(entry.name), value: text(entry.value), disabled: entry.disabled === true }));
}

function grpcRequest(entry: Json, folders: string[], proto: InsomniaRequest['proto']): InsomniaRequest {
  const body = isObject(entry.body) && typeof entry.body.text === 'string' ? entry.body.text : undefined;
  return {
    folders,
    name: text(entry.name) || 'Imported request',
    url: text(entry.url),
    ...(typeof entry.protoMethodName === 'string' && entry.protoMethodName !== '' && { protoMethodName: entry.protoMethodName }),
    ...(body !== undefined && { body }),
    metadata: metadataOf(entry.metadata),
    ...(proto && { proto }),
  };
}

/** Reads an export's text; `file` names it in errors. Throws a BAD_INPUT that says what the file is not. */
export function readInsomniaExport(content: string, file: string): InsomniaExport {
  const trimmed = content.replace(/^\uFEFF/, '').trimStart();
  if (trimmed.startsWith('{')) {
    const json = parseJson(trimmed, { file });
    if (isObject(json) && json._type === 'export') return fromV4(json, file);
    if (isObject(json) && typeof json.type === 'string') return fromV5(json, file);
    return fail('BAD_INPUT', `${file} is not an Insomnia export: expected "_type": "export" (v4) or "type": "collection.insomnia.rest/5.0" (v5)`, { file });
  }
  // YAML only for v5 files: the parser is loaded when one is read (a require: the CLI bundle runs where a
  // dynamic import() has no loader, and leaves the package out of the bundle).
  const { parse } = require('yaml') as typeof Yaml;
  let yaml: unknown;
  try {
    yaml = parse(trimmed);
  } catch (reason) {
    return fail('BAD_INPUT', `${file} is neither JSON nor YAML: ${(reason as Error).message}`, { file });
  }
  if (!isObject(yaml)) return fail('BAD_INPUT', `${file} is not an Insomnia export`, { file });
  return fromV5(yaml, file);
}

function fromV4(json: Json, file: string): InsomniaExport {
  if (json.__export_format !== 4) fail('BAD_INPUT', `${file}: Insomnia export format ${String(json.__export_format)} is not read; export as Insomnia v4 (JSON) or v5 (YAML)`, { file });
  const resources = (Array.isArray(json.resources) ? json.resources : []).filter(isObject);
  const byId = new Map(resources.map((resource) => [text(resource._id), resource]));
  const of = (type: string) => resources.filter((resource) => resource._type === type);
  const workspace = of('workspace')[0];
  /** The names of the folders (or proto directories) above a resource, from the top. */
  const parents = (resource: Json, folderType: string): string[] => {
    const names: string[] = [];
    for (let parent = byId.get(text(resource.parentId)); parent?._type === folderType; parent = byId.get(text(parent.parentId))) names.unshift(text(parent.name));
    return names;
  };
  const protoFiles = of('proto_file').map((proto) => ({ id: text(proto._id), path: [...parents(proto, 'proto_directory'), text(proto.name)].join('/'), text: text(proto.protoText) }));
  const protoOf = (id: unknown) => protoFiles.find((proto) => proto.id === id);
  const environments = of('environment');
  const base = environments.find((environment) => !byId.get(text(environment.parentId)) || byId.get(text(environment.parentId))?._type !== 'environment');
  return {
    name: text(workspace?.name) || 'Insomnia',
    requests: of('grpc_request').map((request) => {
      const proto = protoOf(request.protoFileId);
      return grpcRequest(request, parents(request, 'request_group'), proto && { path: proto.path, text: proto.text });
    }),
    environments: {
      base: isObject(base?.data) ? base.data : {},
      subs: environments.filter((environment) => environment !== base && base && environment.parentId === base._id).map((environment) => ({ name: text(environment.name), data: isObject(environment.data) ? environment.data : {} })),
    },
    otherRequests: resources.filter((resource) => typeof resource._type === 'string' && resource._type !== 'grpc_request' && /request$/.test(resource._type) && resource._type !== 'request_group').length,
    protoFiles: protoFiles.map(({ path, text: proto }) => ({ path, text: proto })),
  };
}

function fromV5(doc: Json, file: string): InsomniaExport {
  if (doc.type !== 'collection.insomnia.rest/5.0') fail('BAD_INPUT', `${file}: only Insomnia collections are read (type collection.insomnia.rest/5.0), not ${JSON.stringify(doc.type ?? null)}`, { file });
  const requests: InsomniaRequest[] = [];
  let otherRequests = 0;
  const walk = (items: unknown, folders: string[]): void => {
    for (const item of (Array.isArray(items) ? items : []).filter(isObject)) {
      if (Array.isArray(item.children)) walk(item.children, [...folders, text(item.name)]);
      else if ('reflectionApi' in item || 'protoMethodName' in item) requests.push(grpcRequest(item, folders, undefined));
      else otherRequests++;
    }
  };
  walk(doc.collection, []);
  const environments = isObject(doc.environments) ? doc.environments : {};
  const subs = (Array.isArray(environments.subEnvironments) ? environments.subEnvironments : []).filter(isObject);
  return {
    name: text(doc.name) || 'Insomnia',
    requests,
    environments: { base: isObject(environments.data) ? environments.data : {}, subs: subs.map((sub) => ({ name: text(sub.name), data: isObject(sub.data) ? sub.data : {} })) },
    otherRequests,
    protoFiles: [],
  };
}
