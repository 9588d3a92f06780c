/** Request data and names `ferry call` must send as given or refuse (exit 2, saying which and where). Real CLI runs. */
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasStackTrace, runFerry } from './cli-test-kit';
import { useCliBench } from './testing/cli-bench';

const ECHO = 'ferry.testing.v1.Bench/Echo';
const CLIENT_STREAM = 'ferry.testing.v1.Bench/ClientStream';

const bench = useCliBench();
const { call, file } = bench;

describe('request data is sent as given, or refused', () => {
  it('-d given twice is refused, not one message dropped', async () => {
    const run = await call(CLIENT_STREAM, '-d', '{"message":"a"}', '-d', '{"message":"b"}');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('ferry: -d/--data is given twice, and only one is used; put every message of a stream in one -d\n');
  });

  it('invalid UTF-8 in an @file is refused with its byte offset', async () => {
    const path = file('latin1.json', Buffer.concat([Buffer.from('{"message":\n"caf'), Buffer.from([0xe9]), Buffer.from('"}')]));
    const run = await call(ECHO, '-d', `@${path}`);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`ferry: ${path}:2: not valid UTF-8: byte 0xe9 at offset 16\n`);
  });

  it('invalid UTF-8 on standard input (-d @-) is refused with its byte offset', async () => {
    const latin1 = Buffer.concat([Buffer.from('{"message":\n"caf'), Buffer.from([0xe9]), Buffer.from('"}')]);
    const callsBefore = bench.server.stats.calls;
    const run = await runFerry(['call', '--plaintext', bench.server.target, ECHO, '-d', '@-'], { stdin: latin1 });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('ferry: <stdin>:2: not valid UTF-8: byte 0xe9 at offset 16\n');
    expect(bench.server.stats.calls).toBe(callsBefore);
  });

  it('a UTF-8 byte order mark before -d, @file or @- is skipped', async () => {
    const bom = '\uFEFF{"message":"bom"}';
    expect(JSON.parse((await call(ECHO, '-d', bom)).stdout)).toEqual({ message: 'bom' });
    expect(JSON.parse((await call(ECHO, '-d', `@${file('bom.json', bom)}`)).stdout)).toEqual({ message: 'bom' });
    const stdin = await runFerry(['call', '--plaintext', bench.server.target, ECHO, '-d', '@-'], { stdin: bom });
    expect(JSON.parse(stdin.stdout)).toEqual({ message: 'bom' });
  });

  it('says which message of several is bad', async () => {
    const schema = await call(CLIENT_STREAM, '-d', '{"message":"a"} {"mesage":"b"} {"message":"c"}');
    expect(schema.code).toBe(2);
    expect(schema.stderr).toMatch(/^ferry: -d:1:18: message 2 of 3: mesage: unknown field "mesage"/);
    const syntax = await call(CLIENT_STREAM, '-d', '{"message":"a"}\n{"message": }\n{"message":"c"}');
    expect(syntax.code).toBe(2);
    expect(syntax.stderr).toMatch(/^ferry: -d:2:13: message 2: invalid JSON: /);
  });
});

describe('schema and method names', () => {
  it('a method name without its package, in two services, lists both and exits 2', async () => {
    const proto = file('two.proto', 'syntax = "proto3";\npackage shop.v1;\nmessage M {}\nservice Orders { rpc Get(M) returns (M); }\n');
    const other = file('other.proto', 'syntax = "proto3";\npackage admin.v1;\nmessage M {}\nservice Orders { rpc Get(M) returns (M); }\n');
    const run = await runFerry(['call', '--plaintext', '--proto', proto, '--proto', other, '-I', dirname(proto), '127.0.0.1:1', 'Orders/Get', '-d', '{}']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('ferry: method "Orders/Get" is ambiguous: it matches admin.v1.Orders/Get, shop.v1.Orders/Get; give the full name, with its package\n');
  });

  it('an empty protoset is refused', async () => {
    const empty = file('empty.protoset', '');
    const run = await runFerry(['list', '--protoset', empty]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`ferry: ${empty} is an empty descriptor set: it describes no .proto files\n`);
    expect(hasStackTrace(run.stderr)).toBe(false);
  });
});
