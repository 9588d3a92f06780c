/** Test-only: sample workspace files and temp folders. */
import { REQUEST_FORMAT_VERSION, type EnvironmentFile, type RequestFile } from '../../../shared/model';

/** A request using every field: TLS files, proto files, metadata (one disabled), variables, two messages. */
export function sampleRequest(overrides: Partial<RequestFile> = {}): RequestFile {
  return {
    formatVersion: REQUEST_FORMAT_VERSION,
    name: 'Greet everyone',
    order: 2,
    target: '{{host}}',
    tls: { mode: 'tls', caCertPath: 'certs/ca.pem', certPath: 'certs/client.pem', keyPath: 'certs/client.key', authority: 'api.example.com' },
    schema: { kind: 'proto-files', files: ['protos/greeter.proto'], importPaths: ['protos', 'third_party'] },
    method: 'helloworld.Greeter/SayHello',
    metadata: [
      { key: 'authorization', value: 'Bearer {{token}}', enabled: true },
      { key: 'x-debug', value: '1', enabled: false },
    ],
    deadlineMs: 2500,
    messages: ['{\n  "name": "Ada",\n  "tags": [\n    "a",\n    "b"\n  ]\n}', '{\n  "name": "{{user}}",\n  "count": {{n}}\n}'],
    assertions: [
      { type: 'status', status: 'OK' },
      { type: 'jsonPath', path: '$.message', op: 'equals', expected: 'hello Ada' },
      { type: 'jsonPath', path: '$.items[*].id', op: 'contains', expected: '7' },
      { type: 'jsonPath', path: "$['odd key'][0]", op: 'matches', expected: '^x+$' },
      { type: 'maxTime', ms: 500 },
      { type: 'messageCount', count: 1 },
    ],
    ...overrides,
  };
}

export function sampleEnvironment(): EnvironmentFile {
  return {
    formatVersion: 1,
    variables: [
      { name: 'host', value: 'localhost:50051', secret: false },
      { name: 'n', value: 3, secret: false },
      { name: 'user', value: 'Grace "G" Hopper', secret: false },
      { name: 'token', secret: true },
    ],
  };
}
