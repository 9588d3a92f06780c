import type { FieldReader, Json } from './field-reader';
import { bodyToFile } from './message-body';

/**
 * Format 0: the unversioned draft shape of a saved request (docs/workspace-format.md, "Version 0"), kept
 * readable so early files keep working. It is validated here, with paths into the text as written, and
 * turned into the version 1 shape; saving writes version 1.
 *
 *   { "name": "…", "host": "localhost:50051", "plaintext": true,
 *     "service": "helloworld.Greeter", "rpc": "SayHello",
 *     "protoFiles": ["protos/greeter.proto"], "importPaths": ["protos"],   (absent: reflection)
 *     "headers": { "x-team": "ferry" },
 *     "body": { … } | [ { … }, { … } ],                                      (an array: a stream)
 *     "timeoutSeconds": 5 }
 */
const V0_KEYS = ['name', 'host', 'plaintext', 'service', 'rpc', 'protoFiles', 'importPaths', 'headers', 'body', 'timeoutSeconds'];

export function migrateRequestV0(root: Json, reader: FieldReader): Json {
  reader.object(root, [], V0_KEYS);
  const protoFiles = reader.stringArray(root, 'protoFiles', []);
  const headers = reader.object(root.headers ?? {}, ['headers'], Object.keys(root.headers ?? {}));
  const timeout = root.timeoutSeconds;
  if (timeout !== undefined && (typeof timeout !== 'number' || !(timeout > 0))) reader.fail(['timeoutSeconds'], 'expected a positive number of seconds', 'a number > 0');
  const body = root.body === undefined ? [] : Array.isArray(root.body) ? root.body : [root.body];
  const v1: Json = {
    formatVersion: 1,
    name: reader.string(root, 'name', []),
    target: reader.string(root, 'host', []),
    tls: reader.optionalBoolean(root, 'plaintext', []) ? { mode: 'plaintext' } : { mode: 'tls' },
    schema: protoFiles.length > 0 ? { kind: 'proto-files', files: protoFiles, importPaths: reader.stringArray(root, 'importPaths', []) } : { kind: 'reflection' },
    method: `${reader.string(root, 'service', [])}/${reader.string(root, 'rpc', [])}`,
    metadata: Object.entries(headers).map(([key, value]) => ({
      key,
      value: typeof value === 'string' ? value : reader.fail(['headers', key], 'expected a string', 'a string'),
      enabled: true,
    })),
    messages: body.map((message) => bodyToFile(JSON.stringify(message, null, 2))),
    assertions: [],
  };
  if (typeof timeout === 'number') v1.deadlineMs = Math.round(timeout * 1000);
  return v1;
}
