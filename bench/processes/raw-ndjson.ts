/**
 * What a user could write instead of `ferry call --format ndjson`: a raw @grpc/grpc-js server-stream call that
 * decodes each message with protobufjs and prints it as one line of ProtoJSON (protobufjs/ext/protojson, the
 * same canonical form Ferry prints). Lines are written once per I/O turn, as Ferry writes once per batch.
 * Usage: raw-ndjson TARGET COUNT PAYLOAD_BYTES
 */
import * as grpc from '@grpc/grpc-js';
import protobuf from 'protobufjs';
import * as protojson from 'protobufjs/ext/protojson';
import { join } from 'node:path';
import { BENCH_PROTO_FILE, BENCH_PROTO_ROOT } from '../../electron/engine/testing/bench-server';

const [target, count, payload] = process.argv.slice(2);
const root = new protobuf.Root();
root.resolvePath = (_origin, file) => join(BENCH_PROTO_ROOT, file);
root.loadSync(BENCH_PROTO_FILE);
const requestType = root.lookupType('ferry.testing.v1.StreamRequest');
const responseType = root.lookupType('ferry.testing.v1.EchoResponse');
const client = new grpc.Client(target!, grpc.credentials.createInsecure());
const request = Buffer.from(requestType.encode(requestType.fromObject({ message: 'm', count: Number(count), payloadSize: Number(payload) })).finish());
const call = client.makeServerStreamRequest('/ferry.testing.v1.Bench/ServerStream', (b: Buffer) => b, (b: Buffer) => responseType.decode(b), request);
let out = '';
let scheduled = false;
const flush = () => {
  scheduled = false;
  process.stdout.write(out);
  out = '';
};
call.on('data', (message: protobuf.Message) => {
  out += `${JSON.stringify(protojson.toJson(responseType, message))}\n`;
  if (!scheduled) {
    scheduled = true;
    setImmediate(flush);
  }
});
call.on('error', () => undefined);
call.on('status', (status: grpc.StatusObject) => {
  flush();
  client.close();
  process.exitCode = status.code === 0 ? 0 : 1;
});
