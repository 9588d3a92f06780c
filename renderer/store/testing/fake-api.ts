/** An in-memory FerryApi for store and pump tests: answers from fixtures and lets tests emit events. */
import type { FerryApi, FerryEvent, StartCallRequest } from '../../../shared/api';
import { err, ferryError, ok } from '../../../shared/errors';
import type { ConnectionInfo, MessageTemplate, ServiceSummary } from '../../../shared/model';

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
}

export function createFakeApi(): FakeApi {
  const listeners = new Set<(event: FerryEvent) => void>();
  let calls = 0;
  const info = (): ConnectionInfo => ({ connectionId: 'conn-1', target: 'localhost:50051', services: fake.services, connectivity: 'READY' });
  const fake: FakeApi = {
    services: greeterServices(),
    template: helloTemplate(),
    started: [],
    sent: [],
    emit: (event) => listeners.forEach((l) => l(event)),
    listenerCount: () => listeners.size,
    openConnection: async () => ok(info()),
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
    onEvent: (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
  return fake;
}
