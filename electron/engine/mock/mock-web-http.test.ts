/**
 * The mock's web listener as a browser's fetch meets it: raw HTTP requests against a real `startMockServer`
 * on 127.0.0.1, asserting the exact bytes, statuses and headers gRPC-Web and Connect clients read, and CORS.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { decodeToProtoJson, encodeProtoJson } from '../codec';
import { encodeEnvelope } from '../protocols/envelope';
import { loadBenchSchema } from '../protocols/web-test-kit';
import type { SchemaRegistry } from '../schema';
import type { MockCall } from './mock-call';
import { parseMockScript } from './mock-script';
import { startMockServer, type MockServer } from './mock-server';

const RESPONSES = {
  'ferry.testing.v1.Bench/Echo': [
    { when: { message: 'hi' }, response: { message: 'mocked' } },
    { when: { message: 'late' }, response: { message: 'too late' }, delayMs: 5000 },
    { when: { message: 'gone' }, status: { code: 'NOT_FOUND', message: 'no such echo: 100% ünïcode' } },
  ],
  'Bench/ServerStream': [
    { when: { message: 'fail' }, responses: [{ message: 'a' }], status: { code: 'UNAVAILABLE', message: 'down' } },
    { responses: [{ message: 'a' }, { message: 'b', index: 1 }] },
  ],
};
const ORIGIN = 'http://localhost:5173';
const ECHO = '/ferry.testing.v1.Bench/Echo';

let schema: SchemaRegistry;
let mock: MockServer;
let base: string;
const reported: MockCall[] = [];

beforeAll(async () => {
  schema = await loadBenchSchema();
  mock = await startMockServer({ registry: schema, answers: parseMockScript(JSON.stringify(RESPONSES), 'mock.json', schema), host: '127.0.0.1', port: 0, webPort: 0, onCall: (call) => reported.push(call) });
  base = `http://127.0.0.1:${mock.webPort}`;
});
afterAll(() => mock.close());

const post = (path: string, contentType: string, body: Uint8Array | string, headers: Record<string, string> = {}) =>
  fetch(base + path, { method: 'POST', headers: { 'content-type': contentType, ...headers }, body: typeof body === 'string' ? body : new Uint8Array(body) });
const bytesOf = async (response: Response) => Buffer.from(await response.arrayBuffer());
const echoRequest = (message: string) => Buffer.from(encodeProtoJson(schema.findMethod('ferry.testing.v1.Bench/Echo').requestType, { message }));

/** The envelopes of a body: flags and payload each. */
function envelopes(body: Buffer): Array<{ flags: number; payload: Buffer }> {
  const out: Array<{ flags: number; payload: Buffer }> = [];
  for (let at = 0; at < body.byteLength; at += 5 + body.readUInt32BE(at + 1)) out.push({ flags: body[at]!, payload: body.subarray(at + 5, at + 5 + body.readUInt32BE(at + 1)) });
  return out;
}

describe('CORS', () => {
  test('a preflight is answered with the origin, GET and POST, the headers gRPC-Web and Connect clients send and any the page asks for', async () => {
    const response = await fetch(base + ECHO, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, connect-protocol-version, X-Tenant-Id' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS');
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('access-control-max-age')).toBe('7200');
    const allowed = response.headers.get('access-control-allow-headers')!.split(', ');
    expect(allowed).toEqual(expect.arrayContaining(['content-type', 'connect-protocol-version', 'connect-timeout-ms', 'x-grpc-web', 'x-user-agent', 'grpc-timeout', 'x-tenant-id']));
    expect(await response.text()).toBe('');
  });

  test('an answer to a request without an Origin allows any origin', async () => {
    const response = await post(ECHO, 'application/json', '{"message":"hi"}');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });
});

describe('Connect', () => {
  test('unary JSON: the response as ProtoJSON, 200, the CORS headers, and the call reported with its protocol', async () => {
    const before = reported.length;
    const response = await post(ECHO, 'application/json', '{"message":"hi"}', { origin: ORIGIN, 'connect-protocol-version': '1', 'x-tenant': 'acme' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('{"message":"mocked"}');
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(response.headers.get('vary')).toBe('Origin');
    expect(response.headers.get('access-control-expose-headers')!.split(', ')).toEqual(expect.arrayContaining(['grpc-status', 'grpc-message']));
    const [call] = reported.slice(before);
    expect(call).toMatchObject({ method: 'ferry.testing.v1.Bench/Echo', requests: [{ message: 'hi' }], status: 'OK', protocol: 'connect', metadata: { 'x-tenant': 'acme' } });
    // What the browser and the protocol send on their own is not the call's metadata.
    expect(Object.keys(call!.metadata).filter((key) => /^(origin|content-type|connect-|accept|sec-)/.test(key))).toEqual([]);
  });

  test('unary proto: the response message as bytes', async () => {
    const response = await post(ECHO, 'application/proto', echoRequest('hi'), { 'connect-protocol-version': '1' });
    expect(response.headers.get('content-type')).toBe('application/proto');
    expect(decodeToProtoJson(schema.findMethod('ferry.testing.v1.Bench/Echo').responseType, await bytesOf(response))).toEqual({ message: 'mocked' });
  });

  test('unary errors: Connect\'s JSON error body with the code\'s HTTP status', async () => {
    const gone = await post(ECHO, 'application/json', '{"message":"gone"}');
    expect(gone.status).toBe(404);
    expect(gone.headers.get('content-type')).toBe('application/json');
    expect(await gone.text()).toBe('{"code":"not_found","message":"no such echo: 100% ünïcode"}');
    const unfit = await post(ECHO, 'application/json', '{"mesage":"hi"}');
    expect(unfit.status).toBe(400);
    expect(await unfit.json()).toEqual({ code: 'invalid_argument', message: expect.stringMatching(/^the request's JSON message does not fit ferry\.testing\.v1\.EchoRequest: .*mesage/) });
    const unknown = await post('/ferry.testing.v1.Bench/Nope', 'application/json', '{}');
    expect([unknown.status, await unknown.json()]).toEqual([501, { code: 'unimplemented', message: 'ferry mock: the schema has no method ferry.testing.v1.Bench/Nope' }]);
  });

  test('a GET of a unary method (connect-es\'s useHttpGet): the message from the query, in JSON or base64 proto, errors as for a POST', async () => {
    const before = reported.length;
    const query = (params: Record<string, string>) => `${base}${ECHO}?${new URLSearchParams({ connect: 'v1', ...params })}`;
    const json = await fetch(query({ encoding: 'json', message: '{"message":"hi"}' }), { headers: { origin: ORIGIN, 'x-tenant': 'acme' } });
    expect([json.status, json.headers.get('content-type'), await json.text()]).toEqual([200, 'application/json', '{"message":"mocked"}']);
    expect(json.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(reported.slice(before)).toMatchObject([{ method: 'ferry.testing.v1.Bench/Echo', requests: [{ message: 'hi' }], status: 'OK', protocol: 'connect', metadata: { 'x-tenant': 'acme' } }]);
    const proto = await fetch(query({ encoding: 'proto', base64: '1', message: echoRequest('hi').toString('base64url') }));
    expect(decodeToProtoJson(schema.findMethod('ferry.testing.v1.Bench/Echo').responseType, await bytesOf(proto))).toEqual({ message: 'mocked' });
    const gone = await fetch(query({ encoding: 'json', message: '{"message":"gone"}' }));
    expect([gone.status, await gone.text()]).toEqual([404, '{"code":"not_found","message":"no such echo: 100% ünïcode"}']);
    const unfit = await fetch(query({ encoding: 'json', message: '{"mesage":"hi"}' }));
    expect([unfit.status, (await unfit.json()).code]).toEqual([400, 'invalid_argument']);
    const stream = await fetch(`${base}/ferry.testing.v1.Bench/ServerStream?${new URLSearchParams({ encoding: 'json', message: '{}' })}`);
    expect([stream.status, stream.headers.get('allow'), await stream.text()]).toEqual([405, 'POST, OPTIONS', "ferry mock: ferry.testing.v1.Bench/ServerStream is a server-stream method; Connect's GET carries unary calls only\n"]);
  });

  test('the deadline the client names ends a call that would answer later', async () => {
    const response = await post(ECHO, 'application/json', '{"message":"late"}', { 'connect-timeout-ms': '50' });
    expect(response.status).toBe(504);
    expect(await response.json()).toEqual({ code: 'deadline_exceeded', message: 'Deadline exceeded' });
  });

  test('a server stream: each response enveloped, then the end-stream message (with the error when the case has one)', async () => {
    const ok = await post('/ferry.testing.v1.Bench/ServerStream', 'application/connect+json', encodeEnvelope(0, Buffer.from('{"message":"go"}')), { 'connect-protocol-version': '1' });
    expect(ok.headers.get('content-type')).toBe('application/connect+json');
    expect(envelopes(await bytesOf(ok)).map(({ flags, payload }) => [flags, payload.toString()])).toEqual([[0, '{"message":"a"}'], [0, '{"message":"b","index":1}'], [2, '{}']]);
    const failed = await post('/ferry.testing.v1.Bench/ServerStream', 'application/connect+json', encodeEnvelope(0, Buffer.from('{"message":"fail"}')));
    expect(failed.status).toBe(200);
    expect(envelopes(await bytesOf(failed)).map(({ flags, payload }) => [flags, payload.toString()])).toEqual([[0, '{"message":"a"}'], [2, '{"error":{"code":"unavailable","message":"down"}}']]);
  });

  test('a bidi call over HTTP/1.1 is refused, saying it needs HTTP/2', async () => {
    const response = await post('/ferry.testing.v1.Bench/Bidi', 'application/connect+proto', encodeEnvelope(0, echoRequest('x')));
    expect(response.status).toBe(505);
    expect(response.headers.get('connection')).toBe('close');
    expect(await response.text()).toBe('ferry mock: ferry.testing.v1.Bench/Bidi is a bidi method, which needs HTTP/2; this request came over HTTP/1.1\n');
  });
});

describe('gRPC-Web', () => {
  test('binary: the message, then the status in the trailer frame (0x80), its message percent-encoded', async () => {
    const ok = await post(ECHO, 'application/grpc-web+proto', encodeEnvelope(0, echoRequest('hi')), { 'x-grpc-web': '1' });
    expect(ok.headers.get('content-type')).toBe('application/grpc-web+proto');
    const [message, trailers] = envelopes(await bytesOf(ok));
    expect(message!.flags).toBe(0);
    expect(decodeToProtoJson(schema.findMethod('ferry.testing.v1.Bench/Echo').responseType, message!.payload)).toEqual({ message: 'mocked' });
    expect([trailers!.flags, trailers!.payload.toString()]).toEqual([0x80, 'grpc-status:0\r\ngrpc-message:\r\n']);
    const gone = await post(ECHO, 'application/grpc-web', encodeEnvelope(0, echoRequest('gone')));
    expect(gone.status).toBe(200);
    expect(envelopes(await bytesOf(gone)).map(({ flags, payload }) => [flags, payload.toString()])).toEqual([[0x80, 'grpc-status:5\r\ngrpc-message:no such echo: 100%25 %C3%BCn%C3%AFcode\r\n']]);
  });

  test('text: the request and the answer in base64, each frame on its own', async () => {
    const response = await post(ECHO, 'application/grpc-web-text', encodeEnvelope(0, echoRequest('hi')).toString('base64'), { 'x-grpc-web': '1' });
    expect(response.headers.get('content-type')).toBe('application/grpc-web-text+proto');
    const reply = Buffer.from(encodeProtoJson(schema.findMethod('ferry.testing.v1.Bench/Echo').responseType, { message: 'mocked' }));
    const expected = encodeEnvelope(0, reply).toString('base64') + encodeEnvelope(0x80, Buffer.from('grpc-status:0\r\ngrpc-message:\r\n')).toString('base64');
    expect(await response.text()).toBe(expected);
  });
});

describe('what is not a call', () => {
  test('another content type, another HTTP method, and a Connect unary type for a stream are refused with what would work', async () => {
    const text = await post(ECHO, 'text/plain', 'hi');
    expect(text.status).toBe(415);
    expect(await text.text()).toContain('content-type "text/plain" is neither gRPC-Web nor Connect');
    const get = await fetch(base + ECHO);
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'GET, POST, OPTIONS']);
    expect(await get.text()).toContain("or a Connect GET of a unary method (?encoding=json&message=…)");
    const reflectionJson = await post('/grpc.reflection.v1.ServerReflection/ServerReflectionInfo', 'application/connect+json', encodeEnvelope(0, Buffer.from('{}')));
    expect([reflectionJson.status, await reflectionJson.text()]).toEqual([415, 'ferry mock: grpc.reflection.v1.ServerReflection/ServerReflectionInfo is answered in proto only (application/connect+proto, application/grpc-web)\n']);
    const unaryType = await post('/ferry.testing.v1.Bench/ServerStream', 'application/json', '{}');
    expect(unaryType.status).toBe(415);
    expect(await unaryType.text()).toContain('ferry.testing.v1.Bench/ServerStream is a server-stream method, sent as application/connect+proto or application/connect+json');
  });
});
