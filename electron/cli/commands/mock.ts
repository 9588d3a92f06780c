/**
 * `ferry mock`: serves every method of a schema from .proto files or descriptor sets, answering what a
 * responses file says (or each response type's example), and prints each call it gets as a line of JSON.
 */
import { readFileSync } from 'node:fs';
import { fail, ioReason } from '../../../shared/errors';
import { parseMockScript, startMockServer, type MockAnswer, type SchemaRegistry } from '../../engine';
import type { CliIo } from '../cli-io';
import { openCliContext, schemaSourceFromFlags } from '../cli-schema';
import { HELP_FLAG, SCHEMA_FLAGS } from '../common-flags';
import { flagBool, flagInteger, flagString, parseArgs } from '../parse-args';
import { MOCK_USAGE } from '../usage';

const MOCK_FLAGS = [...SCHEMA_FLAGS, HELP_FLAG, { name: 'responses', value: true, once: 'put every method in one file' }, { name: 'port', value: true }, { name: 'host', value: true }];

function answersFrom(file: string | undefined, registry: SchemaRegistry): Map<string, MockAnswer[]> {
  if (file === undefined) return new Map();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (reason) {
    return fail('IO_ERROR', `cannot read --responses ${file}: ${ioReason(reason)}`, { file });
  }
  return parseMockScript(text, file, registry);
}

export async function runMock(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, MOCK_FLAGS, 'mock');
  if (flagBool(args, 'help')) return io.out(`${MOCK_USAGE}\n`), 0;
  if (args.positionals.length > 0) fail('BAD_INPUT', `ferry mock takes no TARGET: it serves on --host and --port (see \`ferry mock --help\`)`);
  if (schemaSourceFromFlags(args).kind === 'reflection') fail('BAD_INPUT', 'ferry mock serves the methods of --proto files or a --protoset: give one');
  const port = flagInteger(args, 'port', 0, 65535) ?? 0;
  const host = flagString(args, 'host') ?? '127.0.0.1';
  const context = await openCliContext(args, undefined);
  context.pool.close();
  const answers = answersFrom(flagString(args, 'responses'), context.registry);
  const stopped = new Promise<void>((resolve) => io.onInterrupt(resolve));
  const server = await startMockServer({ registry: context.registry, answers, host, port, onCall: (call) => io.out(`${JSON.stringify(call)}\n`) }).catch((reason: Error) =>
    fail('IO_ERROR', `cannot listen on ${host}:${port}: ${reason.message}`),
  );
  const services = context.registry.listServices().length;
  io.err(`ferry mock: ${server.methods} methods of ${services} ${services === 1 ? 'service' : 'services'} on ${host}:${server.port} (plaintext; Ctrl+C stops)\n`);
  await stopped;
  await server.close();
  return 0;
}
