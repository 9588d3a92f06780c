/**
 * `ferry mock`: serves every method of a schema from .proto files, descriptor sets or a server's reflection,
 * answering what a responses file says (or each response type's example), over gRPC and, with `--web-port`,
 * gRPC-Web and Connect for browsers; prints each call it gets as a line of JSON. With `--passthrough` (or
 * `--passthrough-to TARGET`) the calls no case answers go to the real server instead, and with `--record`
 * what the server answers is written into the responses file, to be answered by the mock next time.
 */
import { readFileSync, watch } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { createSecureContext } from 'node:tls';
import { describeFerryError, fail, ioReason, toFerryError } from '../../../shared/errors';
import { parseMockScript, startMockServer, type MockAnswer, type MockServer, type SchemaRegistry } from '../../engine';
import type { CliIo } from '../cli-io';
import { openCliContext, schemaSourceFromFlags } from '../cli-schema';
import type { ParsedArgs } from '../parse-args';
import { CONNECTION_FLAGS, HELP_FLAG, SCHEMA_FLAGS } from '../common-flags';
import { flagBool, flagInteger, flagString, parseArgs } from '../parse-args';
import { MOCK_USAGE } from '../usage';

const MOCK_FLAGS = [...SCHEMA_FLAGS, ...CONNECTION_FLAGS, HELP_FLAG, { name: 'responses', value: true, once: 'put every method in one file' }, { name: 'port', value: true }, { name: 'web-port', value: true }, { name: 'host', value: true }, { name: 'tls-cert', value: true }, { name: 'tls-key', value: true }, { name: 'passthrough' }, { name: 'passthrough-to', value: true }, { name: 'record' }];

function readPem(file: string, flag: string): Buffer {
  try {
    return readFileSync(file);
  } catch (reason) {
    return fail('IO_ERROR', `cannot read ${flag} ${file}: ${ioReason(reason)}`, { file });
  }
}

/** `--tls-cert` and `--tls-key` go together: the mock then serves TLS with them. */
function tlsFromFlags(cert: string | undefined, key: string | undefined): { cert: Buffer; key: Buffer } | undefined {
  if (cert === undefined && key === undefined) return undefined;
  if (cert === undefined || key === undefined) fail('BAD_INPUT', `--tls-cert and --tls-key go together: give the ${cert === undefined ? 'certificate' : 'key'} too`);
  const pems = { cert: readPem(cert, '--tls-cert'), key: readPem(key, '--tls-key') };
  try {
    // Checked here, where the files can be named: grpc-js would only say that it could not listen.
    createSecureContext(pems);
  } catch (reason) {
    fail('TLS_ERROR', `--tls-cert ${cert} and --tls-key ${key} do not make a TLS server: ${(reason as Error).message}`, { file: cert });
  }
  return pems;
}

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

/**
 * Reads the responses file again whenever it changes, so the next calls answer what it now says; a file
 * that does not read keeps the answers it had, and says why.
 */
function watchResponses(file: string, registry: SchemaRegistry, io: CliIo, use: (answers: Map<string, MockAnswer[]>) => void): () => void {
  let timer: NodeJS.Timeout | undefined;
  const reread = () => {
    try {
      use(answersFrom(file, registry));
      io.err(`ferry mock: read ${file} again\n`);
    } catch (reason) {
      io.err(`ferry mock: ${describeFerryError(toFerryError(reason))}; the answers before it stay\n`);
    }
  };
  // The folder is watched, not the file: editors often save by writing a new file over the old one. And they
  // write in several steps: the file is read once they are done.
  const name = basename(file);
  const watcher = watch(dirname(resolve(file)), (_event, changed) => {
    if (changed !== null && changed !== name) return;
    clearTimeout(timer);
    timer = setTimeout(reread, 100);
  });
  watcher.on('error', () => undefined);
  return () => {
    clearTimeout(timer);
    watcher.close();
  };
}

/**
 * Where the calls no case answers go: `--passthrough` sends them to SERVER, the server the schema came from;
 * `--passthrough-to TARGET` to TARGET, for a schema from files (or another server than SERVER). Either way
 * over gRPC, with the connection flags (--plaintext, --cacert, --cert/--key, --insecure, --authority, --proxy…).
 */
function passthroughTarget(args: ParsedArgs, server: string | undefined): string | undefined {
  const to = flagString(args, 'passthrough-to');
  if (to === undefined && !flagBool(args, 'passthrough')) return undefined;
  const target = to ?? server;
  if (target === undefined) fail('BAD_INPUT', '--passthrough forwards to the SERVER the schema came from; with --proto or --protoset, name the real server with --passthrough-to TARGET');
  const protocol = flagString(args, 'protocol');
  if (protocol !== undefined && protocol !== 'grpc') fail('BAD_INPUT', `--passthrough forwards calls over gRPC, not --protocol ${protocol} (the mock's web listener forwards its calls over gRPC too)`);
  return target;
}

/** `--record` writes what the server answers into the responses file: it needs both. */
function recordFile(args: ParsedArgs, upstream: string | undefined, responses: string | undefined): string | undefined {
  if (!flagBool(args, 'record')) return undefined;
  if (upstream === undefined) fail('BAD_INPUT', '--record writes the calls forwarded to the real server: give --passthrough (or --passthrough-to TARGET) too');
  if (responses === undefined) fail('BAD_INPUT', '--record writes each forwarded call into the responses file: give --responses FILE (a file holding {} to start)');
  return responses;
}

/**
 * What the mock serves and where. The gRPC address comes first and is followed by a space (scripts read the
 * port after its colon); the web listener is named by the URL a browser client takes as its base URL.
 */
function startedLine(registry: SchemaRegistry, host: string, server: MockServer, tls: boolean, upstream: string | undefined): string {
  const services = registry.listServices().length;
  const web = server.webPort === undefined ? '' : ` and ${tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${server.webPort} for gRPC-Web and Connect`;
  const passthrough = upstream === undefined ? '' : `; calls no case answers go to ${upstream}`;
  return `ferry mock: ${server.methods} methods of ${services} ${services === 1 ? 'service' : 'services'} on ${host}:${server.port}${web} (${tls ? 'TLS' : 'plaintext'}${passthrough}; Ctrl+C stops)`;
}

export async function runMock(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, MOCK_FLAGS, 'mock');
  if (flagBool(args, 'help')) return io.out(`${MOCK_USAGE}\n`), 0;
  const [source, ...extra] = args.positionals;
  if (extra.length > 0) fail('BAD_INPUT', 'usage: ferry mock (--proto FILE | --protoset FILE | SERVER) [--responses FILE] [--port N] [--web-port N] (see `ferry mock --help`)');
  const fromFiles = schemaSourceFromFlags(args).kind !== 'reflection';
  if (fromFiles && source !== undefined) fail('BAD_INPUT', `ferry mock takes the schema from --proto/--protoset or from a SERVER's reflection, not both (got ${source})`);
  if (!fromFiles && source === undefined) fail('BAD_INPUT', 'ferry mock serves the methods of --proto files, a --protoset, or what a SERVER offers by reflection: give one');
  const port = flagInteger(args, 'port', 0, 65535) ?? 0;
  const webPort = flagInteger(args, 'web-port', 0, 65535);
  const host = flagString(args, 'host') ?? '127.0.0.1';
  // Checked before reflection dials anything.
  const upstream = passthroughTarget(args, source);
  const responses = flagString(args, 'responses');
  const record = recordFile(args, upstream, responses);
  // A SERVER's schema is read by reflection once; the mock then stands in for it (called again only to
  // forward, with --passthrough, on a channel of the mock's own).
  const context = await openCliContext(args, source);
  context.pool.close();
  const passthrough = upstream === undefined ? undefined : { target: upstream, connection: context.connection };
  const tls = tlsFromFlags(flagString(args, 'tls-cert'), flagString(args, 'tls-key'));
  const answers = answersFrom(responses, context.registry);
  const stopped = new Promise<void>((resolve) => io.onInterrupt(resolve));
  const server = await startMockServer({ registry: context.registry, answers, host, port, ...(webPort !== undefined && { webPort }), ...(tls && { tls }), ...(passthrough && { passthrough }), ...(record !== undefined && { record: { file: record, note: (text: string) => io.err(`${text}\n`) } }), onCall: (call) => io.out(`${JSON.stringify(call)}\n`) });
  io.err(`${startedLine(context.registry, host, server, tls !== undefined, passthrough?.target)}\n`);
  const unwatch = responses === undefined ? () => undefined : watchResponses(responses, context.registry, io, (next) => server.setAnswers(next));
  await stopped;
  unwatch();
  await server.close();
  return 0;
}
