import { describe, expect, it } from 'vitest';
import type { FerryCommand } from '../ferry-api';
import { FERRY_COMMANDS } from '../ferry-api';
import type { CommandArgs } from './command-validators';
import { validateCommand, validateEvent } from './validate';

const config = { target: 'localhost:50051', tls: { mode: 'plaintext' }, schema: { kind: 'reflection' } };

const REQUEST = {
  formatVersion: 1,
  name: 'Get user',
  target: '{{host}}',
  tls: { mode: 'plaintext' as const },
  schema: { kind: 'reflection' as const },
  method: 'users.v1.Users/Get',
  metadata: [{ key: 'authorization', value: 'Bearer {{token}}', enabled: true }],
  messages: ['{"id": "1"}'],
  assertions: [
    { type: 'status' as const, status: 'OK' },
    { type: 'jsonPath' as const, path: '$.id', op: 'equals' as const, expected: '1' },
    { type: 'maxTime' as const, ms: 500 },
    { type: 'messageCount' as const, count: 1 },
  ],
  captures: [
    { variable: 'userId', from: 'jsonPath' as const, path: '$.id', secret: false },
    { variable: 'session', from: 'header' as const, path: 'x-session', secret: true },
  ],
};

/** One valid argument list per command: the table is typed, so a new command needs an entry here. */
const VALID: { [K in FerryCommand]: CommandArgs<K> } = {
  ping: [],
  openConnection: [
    {
      target: 'dns:///api.example.com:443',
      tls: { mode: 'tls', caCertPath: '/ca.pem', certPath: '/me.pem', keyPath: '/me.key', insecureSkipVerify: false, authority: 'api' },
      schema: { kind: 'proto-files', files: ['a.proto'], importPaths: ['protos'] },
      metadata: [{ key: 'authorization', value: 'Bearer x' }],
      variables: { environment: 'staging' },
    },
  ],
  checkConnection: [{ target: 'api.example.com:443', tls: { mode: 'tls' }, schema: { kind: 'reflection' }, transport: { proxy: 'http://proxy.corp:3128' }, connectTimeoutMs: 5000 }],
  reloadSchema: ['c1'],
  schemaChanges: ['c1'],
  closeConnection: ['c1'],
  getMessageTemplate: ['c1', 'pkg.Msg'],
  describeSymbol: ['c1', 'pkg.Service'],
  startCall: [{ connectionId: 'c1', method: 'pkg.S/M', metadata: [], deadlineMs: 1500, body: '{}', emitDefaults: true, keepSession: false, inlineMessageBytes: 4096, variables: {} }],
  sendMessage: ['call-1', '{"a":1}'],
  halfClose: ['call-1'],
  cancelCall: ['call-1'],
  getMessage: ['call-1', 'received', 0],
  releaseCall: ['call-1'],
  readEvents: ['call-1', { fromSeq: 1, limit: 100, direction: 'received', text: 'x', previewChars: 80 }],
  exportSession: ['call-1', { fromSeq: 1, limit: 1000 }],
  checkAssertions: [REQUEST.assertions, 'call-1'],
  captureValues: [REQUEST.captures, 'call-1'],
  runSavedRequest: [{ path: 'orders/create.ferry.json', variables: { environment: 'local', captured: [{ name: 'id', value: 'o-1', secret: false }] }, runId: 'run-1', responses: true, lastResponses: 1 }],
  cancelSavedRequest: ['run-1'],
  runLoadTest: [
    {
      loadId: 'load-1',
      connectionId: 'c1',
      method: 'pkg.S/M',
      metadata: [],
      messages: ['{"id": "{{$uuid}}"}'],
      deadlineMs: 1000,
      variables: { environment: 'local' },
      rows: [[{ name: 'n', value: 1, secret: false }]],
      plan: { concurrency: 10, total: 1000, durationMs: 30_000, rate: 500 },
      channels: 2,
    },
  ],
  loadTestProgress: ['load-1'],
  stopLoadTest: ['load-1'],
  startMock: [{ mockId: 'mock-1', connectionId: 'c1', port: 0, responses: '{}' }],
  setMockResponses: ['mock-1', '{}'],
  mockCalls: ['mock-1', 0],
  stopMock: ['mock-1'],
  openWorkspace: ['/work/api'],
  createWorkspace: ['/work/api'],
  saveRequest: ['users/get.ferry.json', REQUEST, { expectedHash: 'abc', overwrite: true }],
  deleteRequest: ['users/get.ferry.json'],
  renameRequest: ['a.ferry.json', 'b/a.ferry.json'],
  saveEnvironment: ['local', { formatVersion: 1, variables: [{ name: 'host', value: 'localhost:50051', secret: false }, { name: 'token', secret: true }] }, {}],
  deleteEnvironment: ['local'],
  saveMock: ['orders', '{}', { expectedHash: 'abc' }],
  deleteMock: ['orders'],
  importInsomnia: ['{"_type": "export"}', 'orders.json'],
  importBloomRpc: [[{ name: 'editor.json', text: '{}' }]],
  tryToken: [{ variable: 'accessToken', grant: { tokenUrl: 'https://auth/token', clientId: 'c', clientSecret: '{{secret}}', credentials: 'body', caCertPath: 'certs/ca.pem', insecureSkipVerify: false }, environment: 'local' }],
  beginSignIn: [{ variable: 'accessToken', grant: { grant: 'authorization_code', tokenUrl: 'https://auth/token', authUrl: 'https://auth/authorize', clientId: 'c', scope: 'openid', redirectPort: 8765 }, environment: 'local' }],
  finishSignIn: ['sign-in-1'],
  cancelSignIn: ['sign-in-1'],
  resolveTarget: [REQUEST, { environment: 'staging', captured: [{ name: 'userId', value: 42, secret: false }] }],
  copyAsGrpcurl: [REQUEST, {}],
  importGrpcurl: ['grpcurl -plaintext localhost:1 a.B/C'],
  stageFiles: [[{ name: 'protos/a.proto', contentBase64: 'c3ludGF4' }]],
  listHistory: [{ query: 'users', limit: 20 }],
  clearHistory: [],
};

function errorOf(command: string, args: unknown) {
  const result = validateCommand(command, args);
  if (result.ok) throw new Error(`expected ${command} to be refused`);
  return result.error;
}

describe('validateCommand', () => {
  it.each(FERRY_COMMANDS.map((c) => [c]))('accepts valid arguments for %s', (command) => {
    const result = validateCommand(command, VALID[command]);
    expect(result).toEqual({ ok: true, value: VALID[command] });
  });

  it('refuses ping with arguments', () => {
    expect(validateCommand('ping', [1])).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', details: { expected: '0 arguments' } } });
  });

  it('names a token endpoint trust setting of the wrong type', () => {
    const trial = (grant: object) => [{ variable: 't', grant: { tokenUrl: 'https://auth/token', clientId: 'c', ...grant } }];
    expect(errorOf('tryToken', trial({ insecureSkipVerify: 'yes' })).details?.fieldPath).toBe('args[0].grant.insecureSkipVerify');
    expect(errorOf('tryToken', trial({ caCertPath: '' })).details?.fieldPath).toBe('args[0].grant.caCertPath');
  });

  it('accepts the smallest connection config', () => {
    expect(validateCommand('openConnection', [config]).ok).toBe(true);
  });

  it('names the path of a bad union tag', () => {
    const error = errorOf('openConnection', [{ ...config, tls: { mode: 'ssl' } }]);
    expect(error).toEqual({
      code: 'BAD_INPUT',
      message: 'args[0].tls.mode: expected "plaintext" or "tls"',
      details: { fieldPath: 'args[0].tls.mode', expected: '"plaintext" or "tls"' },
    });
  });

  it('takes a web protocol, HTTP version and codec, and names a bad one', () => {
    const web = { ...config, protocol: 'connect', httpVersion: '2', codec: 'json' };
    expect(validateCommand('openConnection', [web])).toEqual({ ok: true, value: [web] });
    expect(errorOf('openConnection', [{ ...config, protocol: 'grpcweb' }]).message).toBe('args[0].protocol: expected one of "grpc", "grpc-web", "grpc-web-text", "connect"');
    expect(errorOf('openConnection', [{ ...config, httpVersion: '3' }]).message).toBe('args[0].httpVersion: expected "1.1" or "2"');
  });

  it('takes reflection limited to named symbols, and names a bad one', () => {
    const named = { ...config, schema: { kind: 'reflection', symbols: ['pkg.v1.Service'] } };
    expect(validateCommand('openConnection', [named])).toEqual({ ok: true, value: [named] });
    expect(errorOf('openConnection', [{ ...config, schema: { kind: 'reflection', symbols: ['pkg.v1.Service', ''] } }]).message).toBe(
      'args[0].schema.symbols[1]: expected a non-empty string',
    );
  });

  it('names nested array paths', () => {
    const error = errorOf('openConnection', [{ ...config, metadata: [{ key: 'a', value: 'b' }, { key: 'c', value: 3 }] }]);
    expect(error.message).toBe('args[0].metadata[1].value: expected a string');
    const files = errorOf('openConnection', [{ ...config, schema: { kind: 'descriptor-set', files: [''] } }]);
    expect(files.message).toBe('args[0].schema.files[0]: expected a non-empty string');
  });

  it('refuses a missing required field and an unknown one', () => {
    expect(errorOf('startCall', [{ connectionId: 'c1', method: 'm' }]).message).toBe('args[0].metadata: expected an array');
    expect(errorOf('openConnection', [{ ...config, tls: { mode: 'plaintext', caCertPath: 'x' } }]).message).toBe(
      'args[0].tls.caCertPath: unknown field',
    );
    expect(errorOf('openConnection', [JSON.parse('{"target":"h:1","tls":{"mode":"plaintext"},"schema":{"kind":"reflection"},"__proto__":{}}')]).message).toBe(
      'args[0].__proto__: unknown field',
    );
  });

  it('refuses the wrong number of arguments and non-arrays', () => {
    expect(errorOf('getMessage', ['call-1', 'sent']).message).toBe('args: expected 3 arguments');
    expect(errorOf('halfClose', ['call-1', 'extra']).message).toBe('args: expected 1 argument');
    expect(errorOf('halfClose', { 0: 'call-1' }).message).toBe('args: expected 1 argument');
  });

  it('checks numbers: finite, integer, bounds', () => {
    expect(errorOf('getMessage', ['c', 'sent', 1.5]).message).toBe('args[2]: expected an integer >= 0');
    expect(errorOf('getMessage', ['c', 'sent', -1]).message).toBe('args[2]: expected an integer >= 0');
    expect(errorOf('getMessage', ['c', 'both', 1]).message).toBe('args[1]: expected "sent" or "received"');
    const start = VALID.startCall[0];
    expect(errorOf('startCall', [{ ...start, deadlineMs: Number.NaN }]).message).toBe('args[0].deadlineMs: expected a number >= 0');
  });

  it('bounds a load test\'s plan', () => {
    const request = (plan: object, channels = 1) => [{ loadId: 'l', connectionId: 'c', method: 'pkg.S/M', metadata: [], messages: [], plan, channels }];
    expect(errorOf('runLoadTest', request({ concurrency: 0 })).message).toBe('args[0].plan.concurrency: expected an integer >= 1 and <= 10000');
    expect(errorOf('runLoadTest', request({ concurrency: 1, rate: 0 })).message).toBe('args[0].plan.rate: expected a number >= 0.001');
    expect(errorOf('runLoadTest', request({ concurrency: 1 }, 65)).message).toBe('args[0].channels: expected an integer >= 1 and <= 64');
  });

  it('bounds a mock server\'s port', () => {
    expect(errorOf('startMock', [{ mockId: 'm', connectionId: 'c', port: 65536 }]).message).toBe('args[0].port: expected an integer >= 0 and <= 65535');
    expect(errorOf('startMock', [{ mockId: 'm', connectionId: 'c', host: '0.0.0.0' }]).message).toBe('args[0].host: unknown field');
    expect(errorOf('mockCalls', ['m', -1]).message).toBe('args[1]: expected an integer >= 0');
  });

  it('refuses an unknown command, listing the known ones', () => {
    const error = errorOf('rm -rf', []);
    expect(error.code).toBe('BAD_INPUT');
    expect(error.message).toBe('unknown command "rm -rf"');
    expect(error.details?.expected).toContain('"startCall"');
    expect(errorOf('toString', []).message).toBe('unknown command "toString"');
    expect(errorOf('onEvent', []).message).toBe('unknown command "onEvent"');
  });
});

const ended = {
  seq: 3,
  timeMs: 12.5,
  type: 'call.ended',
  status: { code: 3, name: 'INVALID_ARGUMENT', message: 'bad', details: [{ typeUrl: 'type.googleapis.com/x.Y', type: 'x.Y', value: { a: 1 } }] },
  timings: { headersMs: 1, totalMs: 12.5 },
};

describe('validateEvent', () => {
  it('accepts every call event kind and connectivity changes', () => {
    const events = [
      { seq: 1, timeMs: 0, type: 'call.started', method: 'pkg.S/M', target: 'h:1' },
      { seq: 2, timeMs: 1, type: 'call.headers-received', metadata: [{ key: 'a', value: 'b' }] },
      { seq: 3, timeMs: 1, type: 'call.message-sent', index: 0, size: 10 },
      { seq: 4, timeMs: 1, type: 'call.message-received', index: 0, size: 0 },
      { seq: 5, timeMs: 2, type: 'call.half-closed' },
      { seq: 6, timeMs: 2, type: 'call.cancelled' },
      { seq: 7, timeMs: 2, type: 'call.trailers-received', metadata: [] },
      { ...ended, seq: 8 },
    ];
    expect(validateEvent({ type: 'call.events', callId: 'call-1', events }).ok).toBe(true);
    expect(validateEvent({ type: 'connectivity.changed', connectionId: 'c1', state: 'READY' }).ok).toBe(true);
  });

  it('tolerates fields it does not know (the engine may add some)', () => {
    expect(validateEvent({ type: 'call.events', callId: 'c', events: [{ ...ended, extra: true }], batch: 1 }).ok).toBe(true);
  });

  it('names the path of a bad event', () => {
    const bad = validateEvent({ type: 'call.events', callId: 'c', events: [ended, { ...ended, status: { ...ended.status, name: 'NOPE' } }] });
    expect(!bad.ok && bad.error.message).toMatch(/^event\.events\[1\]\.status\.name: expected one of "OK", "CANCELLED"/);
    const kind = validateEvent({ type: 'call.events', callId: 'c', events: [{ seq: 1, timeMs: 0, type: 'call.exploded' }] });
    expect(!kind.ok && kind.error.message).toMatch(/^event\.events\[0\]\.type: expected one of "call\.started"/);
    const state = validateEvent({ type: 'connectivity.changed', connectionId: 'c', state: 'ON' });
    expect(!state.ok && state.error.details?.fieldPath).toBe('event.state');
    const top = validateEvent('hello');
    expect(!top.ok && top.error.message).toBe('event: expected an object');
  });
});

describe('workspace command validation', () => {
  it('refuses a request file with a bad assertion, naming its path', () => {
    const bad = { ...REQUEST, assertions: [{ type: 'maxTime', ms: -1 }] };
    expect(errorOf('saveRequest', ['a.ferry.json', bad, {}]).message).toBe('args[1].assertions[0].ms: expected an integer >= 0');
  });

  it('refuses bad checkAssertions arguments, naming the path', () => {
    expect(errorOf('checkAssertions', [[{ type: 'jsonPath', path: '', op: 'equals', expected: 1 }], 'call-1']).message).toBe('args[0][0].path: expected a non-empty string');
    expect(errorOf('checkAssertions', [[{ type: 'jsonPath', path: '$.a', op: 'like' }], 'call-1']).message).toBe('args[0][0].op: expected one of "equals", "contains", "matches"');
    expect(errorOf('checkAssertions', [[], '']).message).toBe('args[1]: expected a non-empty string');
  });

  it('refuses bad captures and captured values, naming the path', () => {
    expect(errorOf('captureValues', [[{ variable: 'id', from: 'body', path: '$.id', secret: false }], 'call-1']).message).toBe('args[0][0].from: expected "jsonPath" or "header"');
    expect(errorOf('captureValues', [[{ variable: '', from: 'header', path: 'x', secret: false }], 'call-1']).message).toBe('args[0][0].variable: expected a non-empty string');
    const bad = { ...REQUEST, captures: [{ variable: 'id', from: 'jsonPath', path: '$.id' }] };
    expect(errorOf('saveRequest', ['a.ferry.json', bad, {}]).message).toBe('args[1].captures[0].secret: expected true or false');
    expect(errorOf('copyAsGrpcurl', [REQUEST, { captured: [{ name: 'id', value: 1, secret: 'no' }] }]).message).toBe('args[1].captured[0].secret: expected true or false');
  });

  it('refuses a missing expectation and unknown choice fields', () => {
    expect(errorOf('saveRequest', ['a.ferry.json', REQUEST]).message).toBe('args: expected 3 arguments');
    expect(errorOf('resolveTarget', [REQUEST, { env: 'x' }]).message).toBe('args[1].env: unknown field');
  });

  it('accepts inline messages, skipped counts and eviction notices, and refuses bad ones', () => {
    const received = { seq: 9, timeMs: 3, type: 'call.message-received', index: 1, size: 4, message: { a: 1 } };
    const skipped = { events: 5, sent: 0, received: 5, sentBytes: 0, receivedBytes: 500 };
    expect(validateEvent({ type: 'call.events', callId: 'c', events: [received], skipped }).ok).toBe(true);
    expect(validateEvent({ type: 'call.events', callId: 'c', events: [], skipped: { ...skipped, received: -1 } }).ok).toBe(false);
    expect(validateEvent({ type: 'call.evicted', callId: 'c', scope: 'bodies', reason: 'disk cap of 2 GiB reached' }).ok).toBe(true);
    expect(validateEvent({ type: 'call.evicted', callId: 'c', scope: 'everything', reason: '' }).ok).toBe(false);
  });

  it('refuses event queries a reader cannot mean', () => {
    expect(errorOf('readEvents', ['c', { fromSeq: 0, limit: 10 }]).message).toMatch(/fromSeq/);
    expect(errorOf('readEvents', ['c', { fromSeq: 1, limit: 10, direction: 'both' }]).message).toMatch(/direction/);
    expect(errorOf('exportSession', ['c']).message).toBe('args: expected 2 arguments');
  });

  it('accepts a workspace.changed event', () => {
    expect(validateEvent({ type: 'workspace.changed', root: '/w', paths: ['/w/a.ferry.json'] }).ok).toBe(true);
  });
});
