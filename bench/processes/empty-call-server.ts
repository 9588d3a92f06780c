/**
 * The cold-start bench's server, in a child process: grpc.testing.TestService/EmptyCall with server
 * reflection (v1 and v1alpha), so `ferry call` finds the method as a user's first call would.
 * Prints `{"port": N}` on stdout once listening; exits when its stdin closes.
 */
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { join } from 'node:path';
import { benchProtoRoot } from '../bench-paths';

const definition = protoLoader.loadSync('grpc/testing/empty_call.proto', { includeDirs: [benchProtoRoot()] });
const service = (grpc.loadPackageDefinition(definition) as unknown as { grpc: { testing: { TestService: grpc.ServiceClientConstructor } } }).grpc.testing.TestService;
const server = new grpc.Server();
server.addService(service.service, {
  EmptyCall: (_call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => callback(null, {}),
});
new ReflectionService(definition).addToServer(server);
server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) => {
  if (error) throw error;
  process.stdout.write(`${JSON.stringify({ port, proto: join(benchProtoRoot(), 'grpc/testing/empty_call.proto') })}\n`);
});
process.stdin.resume();
process.stdin.on('end', () => server.forceShutdown());
