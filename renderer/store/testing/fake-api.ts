/** An in-memory FerryApi for store and pump tests: answers from fixtures and lets tests emit events. */
import type { FerryApi, FerryEvent, StartCallRequest } from '../../../shared/api';
import { err, ferryError, ok } from '../../../shared/errors';
import type { Assertion, ConnectionInfo, HistoryEntry, MessageTemplate, RequestFile, ServiceSummary, WorkspaceSnapshot } from '../../../shared/model';

export function greeterServices(): ServiceSummary[] {
  return [
    {
      name: 'Greeter',
      fullName: 'demo.Greeter',
      methods: [
        { name: 'SayHello', fullName: 'demo.Greeter.SayHello', path: '/demo.Greeter/SayHello', kind: 'unary', requestType: 'demo.HelloRequest', responseType: 'demo.HelloReply' },
        { name: 'Chat', fullName: 'demo.Greeter.Chat', path: '/demo.Greeter/Chat', kind: 'bidi', requestType: 'demo.HelloRequest', responseType: 'demo.HelloReply' },
      ],
    },
  ];
}

export function helloTemplate(fields: string[] = ['name']): MessageTemplate {
  const properties = Object.fromEntries(fields.map((f) => [f, { type: 'string' }]));
  return {
    typeName: 'demo.HelloRequest',
    example: JSON.stringify(Object.fromEntries(fields.map((f) => [f, ''])), null, 2),
    jsonSchema: { allOf: [{ $ref: '#/definitions/demo.HelloRequest' }], definitions: { 'demo.HelloRequest': { type: 'object', properties, additionalProperties: false } } },
    protoText: 'message HelloRequest {}',
  };
}

export interface FakeApi extends FerryApi {
  emit(event: FerryEvent): void;
  started: StartCallRequest[];
  sent: Array<{ callId: string; body: string }>;
  services: ServiceSummary[];
  template: MessageTemplate;
  listenerCount(): number;
  /** The fake workspace: request files by relative path, with a hash that changes on every write. */
  files: Map<string, { file: RequestFile; hash: string }>;
  environments: Record<string, Record<string, string>>;
  history: HistoryEntry[];
  /** checkAssertions calls, in order. */
  checked: Array<{ callId: string; assertions: Assertion[] }>;
}

export function createFakeApi(): FakeApi {
  const listeners = new Set<(event: FerryEvent) => void>();
  let calls = 0;
  const info = (): ConnectionInfo => ({ connectionId: 'conn-1', target: 'localhost:50051', services: fake.services, connectivity: 'READY' });
  let writes = 0;
  const snapshot = (): WorkspaceSnapshot => ({
    root: '/ws',
    requests: [...fake.files].map(([path, { file, hash }]) => ({
      path: `/ws/${path}`,
      relativePath: path,
      collection: path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '',
      file,
      stamp: { hash, mtimeMs: 0 },
    })),
    environments: Object.keys(fake.environments).map((name) => ({ name, path: `/ws/environments/${name}`, file: { formatVersion: 1, variables: [] }, stamp: { hash: name, mtimeMs: 0 } })),
    errors: [],
  });
  const fake: FakeApi = {
    files: new Map(),
    environments: {},
    history: [],
    services: greeterServices(),
    template: helloTemplate(),
    started: [],
    sent: [],
    checked: [],
    emit: (event) => listeners.forEach((l) => l(event)),
    listenerCount: () => listeners.size,
    openConnection: async (config) => ok({ ...info(), target: config.target }),
    reloadSchema: async () => ok(info()),
    closeConnection: async () => ok(undefined),
    getMessageTemplate: async (_id, typeName) => (typeName === fake.template.typeName ? ok(fake.template) : err(ferryError('SYMBOL_NOT_FOUND', typeName))),
    describeSymbol: async (_id, symbol) => ok(`// ${symbol}`),
    startCall: async (request) => {
      fake.started.push(request);
      return ok({ callId: `call-${++calls}` });
    },
    sendMessage: async (callId, body) => {
      fake.sent.push({ callId, body });
      return ok(undefined);
    },
    halfClose: async () => ok(undefined),
    cancelCall: async () => ok(undefined),
    getMessage: async (_callId, direction, index) => ok({ direction, index, size: 2, json: '{}' }),
    exportSession: async () => ok('{}\n'),
    // Every assertion passes except a JSONPath one expecting "fail".
    checkAssertions: async (assertions, callId) => {
      fake.checked.push({ callId, assertions });
      return ok(assertions.map((assertion) => (assertion.type === 'jsonPath' && assertion.expected === 'fail' ? { assertion, passed: false, description: 'fake', failure: 'got "x"' } : { assertion, passed: true, description: 'fake' })));
    },
    openWorkspace: async () => ok(snapshot()),
    saveRequest: async (path, file, expected) => {
      const current = fake.files.get(path);
      const fits = expected.overwrite || (current ? current.hash === expected.expectedHash : expected.expectedHash === undefined);
      if (!fits) return err(ferryError('CONFLICT', `${path} changed on disk`));
      const hash = `h${++writes}`;
      fake.files.set(path, { file, hash });
      return ok({ hash, mtimeMs: writes });
    },
    deleteRequest: async (path) => (fake.files.delete(path) ? ok(undefined) : err(ferryError('NOT_FOUND', path))),
    renameRequest: async (from, to) => {
      const entry = fake.files.get(from);
      if (!entry) return err(ferryError('NOT_FOUND', from));
      fake.files.delete(from);
      fake.files.set(to, entry);
      return ok(undefined);
    },
    resolveTarget: async (file, { environment }) => {
      const vars = environment === undefined ? {} : (fake.environments[environment] ?? {});
      return ok(file.target.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => vars[name] ?? `{{${name}}}`));
    },
    copyAsGrpcurl: async (file) => ok(`grpcurl -plaintext ${file.target} ${file.method}`),
    importGrpcurl: async (text) => {
      const [, target = '', method = ''] = text.trim().split(/\s+/).filter((w) => !w.startsWith('-'));
      return ok({ formatVersion: 1, name: 'imported', target, tls: { mode: 'plaintext' }, schema: { kind: 'reflection' }, method, metadata: [], messages: ['{}'], assertions: [] });
    },
    listHistory: async ({ query }) => ok(fake.history.filter((e) => query === undefined || e.method.includes(query))),
    onEvent: (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
  return fake;
}
