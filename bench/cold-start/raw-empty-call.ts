/**
 * The cold-start bench's baseline: what a hand-written client of one method does in a fresh process. grpc-js
 * bundled into one file with the message codec written out as generated static code would be (the method is
 * known in advance: no reflection, no schema), one EmptyCall, its response printed as JSON, exit.
 */
import * as grpc from '@grpc/grpc-js';

// grpc.testing.Empty has no fields: a static encoder writes nothing, a static decoder skips every field.
const encodeEmpty = (): Buffer => Buffer.alloc(0);
const decodeEmpty = (bytes: Buffer): Record<string, never> => {
  if (!Buffer.isBuffer(bytes)) throw new TypeError('expected bytes');
  return {};
};

const target = process.argv[2]!;
const client = new grpc.Client(target, grpc.credentials.createInsecure());
client.makeUnaryRequest('/grpc.testing.TestService/EmptyCall', encodeEmpty, decodeEmpty, {}, (error, response) => {
  if (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  process.stdout.write(`${JSON.stringify(response, null, 2)}\n`);
  client.close();
  process.exit(0);
});
