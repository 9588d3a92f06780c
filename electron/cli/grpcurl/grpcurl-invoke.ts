import { readFile } from 'node:fs/promises';
import { attempt, describeFerryError, fail, toFerryError, unwrap, type FerryError } from '../../../shared/errors';
import { describeJsonProblem, findJsonProblem, parseJson } from '../../../shared/json';
import type { CallEvent, ConnectionConfig, MetadataEntry } from '../../../shared/model';
import {
  GrpcurlFormatter,
  SchemaExporter,
  createEngine,
  decodeToProtoJson,
  describeSymbolText,
  encodeProtoJson,
  encodeTextFormat,
  fetchAnyTypes,
  placeInInput,
  statusDetails,
  statusTree,
  type Engine,
  type MethodDescriptor,
  type SchemaRegistry,
} from '../../engine';
import type { CliIo } from '../cli-io';
import { splitMethod } from '../method-name';
import { openEngineCall, type EndedEvent } from '../engine-call';
import { readJsonMessages, readTextMessages, type RawMessage } from '../message-reader';
import { utf8Chunks, utf8Text } from '../utf8-input';
import type { GrpcurlCommand } from './grpcurl-command';
import type { Dialer } from './grpcurl-dial';
import { exportSchema } from './grpcurl-inspect';
import { grpcurlFailure, metadataText, statusBlock, type Timing } from './grpcurl-output';
import type { GrpcurlSchema } from './grpcurl-schema';

export interface InvokeContext {
  command: GrpcurlCommand;
  schema: GrpcurlSchema;
  dialer: Dialer;
  io: CliIo;
  /** Where and how the engine connects (target, TLS, transport); the schema source comes from where the method was found. */
  connection: Omit<ConnectionConfig, 'schema' | 'metadata'>;
  /** -H and -rpc-header, expanded. */
  metadata: MetadataEntry[];
  /** Milliseconds left of -max-time, if set. */
  remainingMs: () => number | undefined;
  timing: Timing | undefined;
}

async function resolveMethod(schema: GrpcurlSchema, symbol: string): Promise<{ registry: SchemaRegistry; method: MethodDescriptor }> {
  const [service, name] = splitMethod(symbol);
  if (!service || !name) fail('BAD_INPUT', `given method name ${JSON.stringify(symbol)} is not in expected format: 'service/method' or 'service.method'`);
  const notExposed = () => fail('SYMBOL_NOT_FOUND', `target server does not expose service ${JSON.stringify(service)}`);
  let registry: SchemaRegistry;
  try {
    registry = await schema.find(service);
  } catch (reason) {
    const error = toFerryError(reason);
    if (error.code === 'SYMBOL_NOT_FOUND') notExposed();
    if (error.code === 'INTERNAL_BUG') throw reason;
    return fail(error.code, `failed to query for service descriptor ${JSON.stringify(service)}: ${error.message}`);
  }
  let found;
  try {
    found = registry.findService(service);
  } catch {
    return notExposed();
  }
  if (!found.methods[name]) fail('SYMBOL_NOT_FOUND', `service ${JSON.stringify(service)} does not include a method named ${JSON.stringify(name)}`);
  return { registry, method: registry.findMethod(`${service}.${name}`) };
}

async function* requestChunks(command: GrpcurlCommand, io: CliIo): AsyncGenerator<string> {
  const data = command.data ?? '';
  if (data === '@' || data === '@-') {
    yield* utf8Chunks(io.stdinChunks(), '<stdin>');
    return;
  }
  // @FILE is Ferry's addition (grpcurl reads only '@'): it cannot mean anything to grpcurl, whose JSON would not parse.
  if (data.startsWith('@')) {
    let bytes: Buffer;
    try {
      bytes = await readFile(data.slice(1));
    } catch (reason) {
      return fail('IO_ERROR', `open ${data.slice(1)}: ${(reason as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : String(reason)}`);
    }
    yield utf8Text(bytes, data.slice(1));
    return;
  }
  yield data;
}

function requestDataError(error: FerryError): never {
  return fail(error.code, `error getting request data: ${describeFerryError(error)}`);
}

/** The request messages as they are read; a read that fails (invalid UTF-8 on stdin) is grpcurl's "error getting request data". */
async function* requestMessages(command: GrpcurlCommand, io: CliIo): AsyncGenerator<RawMessage> {
  const read = command.format === 'text' ? readTextMessages : readJsonMessages;
  try {
    yield* read(requestChunks(command, io));
  } catch (reason) {
    requestDataError(toFerryError(reason));
  }
}

/** A JSON message → bytes; a syntax problem is placed in the whole request data, as a stream's reader sees it. */
function encodeJson(command: GrpcurlCommand, method: MethodDescriptor, raw: RawMessage): Uint8Array {
  const problem = findJsonProblem(raw.text);
  if (problem) {
    const at = placeInInput(problem, raw);
    fail('BAD_INPUT', describeJsonProblem(at), { line: at.line, column: at.column, expected: at.expected });
  }
  return encodeProtoJson(method.requestType, parseJson(raw.text), { ignoreUnknownFields: command.allowUnknownFields });
}

/** One message of request data → bytes, or grpcurl's "error getting request data" with Ferry's account of the problem. */
function encode(command: GrpcurlCommand, method: MethodDescriptor, raw: RawMessage, index: number): Uint8Array {
  try {
    return command.format === 'text' ? encodeTextFormat(method.requestType, raw.text) : encodeJson(command, method, raw);
  } catch (reason) {
    const error = toFerryError(reason);
    return requestDataError(index > 0 ? { ...error, message: `message ${index + 1}: ${error.message}` } : error);
  }
}

/**
 * A message as the body the engine takes: read with grpcurl's rules (text format, -allow-unknown-fields) into
 * wire bytes here, then handed over as canonical ProtoJSON, which the engine encodes back to the same bytes.
 */
function requestBody(command: GrpcurlCommand, method: MethodDescriptor, raw: RawMessage, index: number): string {
  return JSON.stringify(decodeToProtoJson(method.requestType, encode(command, method, raw, index)));
}

/** Prints events in order as grpcurl's DefaultEventHandler does; formatting waits for Any types to be fetched. */
class ResponsePrinter {
  private chain = Promise.resolve();
  headersShown = false;
  responses = 0;
  trailers: MetadataEntry[] = [];

  constructor(private readonly context: InvokeContext, private readonly registry: SchemaRegistry, private readonly method: MethodDescriptor, private readonly formatter: GrpcurlFormatter) {}

  private get verbose(): number {
    return this.context.command.verbosity;
  }

  headers(metadata: readonly MetadataEntry[]): void {
    this.headersShown = true;
    if (this.verbose > 0) this.context.io.out(`\nResponse headers received:\n${metadataText(metadata)}\n`);
  }

  readonly onEvents = (events: readonly CallEvent[]): void => {
    for (const event of events) {
      if (event.type === 'call.headers-received') this.enqueue(async () => this.headers(event.metadata));
      if (event.type === 'call.trailers-received') this.trailers = event.metadata;
      if (event.type === 'call.message-received') this.enqueue(() => this.response(event));
    }
  };

  private enqueue(step: () => Promise<void>): void {
    this.chain = this.chain.then(step);
  }

  /**
   * The response as grpcurl prints it, or grpcurl's line for one it cannot format. The engine's event carries
   * it as canonical ProtoJSON; encoded back with the same schema it is the wire message again (unknown fields
   * aside), which grpcurl's formatter needs for its field order and number forms.
   */
  private async formatted(event: Extract<CallEvent, { type: 'call.message-received' }>): Promise<string> {
    const type = this.method.responseType;
    const text = await attempt(async () => {
      if (event.messageError !== undefined) fail('SCHEMA_ERROR', event.messageError);
      const bytes = encodeProtoJson(type, event.message);
      if (this.context.schema.usesReflection) await fetchAnyTypes(this.registry, type, bytes);
      return this.formatter.message(type, bytes);
    });
    return text.ok ? text.value : `Failed to format response message ${this.responses}: ${describeFerryError(text.error)}`;
  }

  private async response(event: Extract<CallEvent, { type: 'call.message-received' }>): Promise<void> {
    const { io } = this.context;
    this.responses++;
    const text = await this.formatted(event);
    if (this.verbose > 1) io.out(`\nEstimated response size: ${event.size} bytes\n`);
    if (this.verbose > 0) io.out('\nResponse contents:\n');
    io.out(`${text}\n`);
  }

  settled(): Promise<void> {
    return this.chain;
  }
}

/**
 * Sends request messages through the engine as the reader yields them (client and bidi streams), then
 * half-closes. A send the engine refuses means the call has ended (the server answered early): its status
 * says why, so sending stops there.
 */
async function sendStream(engine: Engine, callId: string, messages: AsyncIterable<RawMessage>, bodyOf: (raw: RawMessage) => string): Promise<number> {
  let sent = 0;
  try {
    for await (const raw of messages) {
      if (!(await engine.sendMessage(callId, bodyOf(raw))).ok) {
        await engine.cancelCall(callId);
        return sent;
      }
      sent++;
    }
  } catch (reason) {
    await engine.cancelCall(callId);
    throw reason;
  }
  await engine.halfClose(callId);
  return sent;
}

/** The one request of a unary or server-stream call (none: an empty message), refusing a second one as grpcurl does. */
async function singleRequest(reader: AsyncGenerator<RawMessage>, method: MethodDescriptor, bodyOf: (raw: RawMessage) => string): Promise<string | undefined> {
  const first = await reader.next();
  if (first.done) return undefined;
  const body = bodyOf(first.value);
  if (!(await reader.next()).done) {
    fail('BAD_INPUT', `method ${JSON.stringify(method.fullName)} is a ${method.kind === 'unary' ? 'unary' : 'server-streaming'} RPC, but request data contained more than 1 message`);
  }
  return body;
}

interface CallOutcome {
  sent: number;
  ended: EndedEvent;
}

/** Starting the call; a failure is grpcurl's "grpc call for … failed". */
async function grpcCall<T>(method: MethodDescriptor, start: () => Promise<T>): Promise<T> {
  const started = await attempt(start);
  if (started.ok) return started.value;
  return fail(started.error.code, `grpc call for ${JSON.stringify(method.fullName)} failed: ${describeFerryError(started.error)}`);
}

/** grpcurl's "Error invoking method …" in front of what went wrong while resolving or calling the method. */
async function invoking<T>(symbol: string, step: () => Promise<T>): Promise<T> {
  const done = await attempt(step);
  if (done.ok) return done.value;
  if (done.error.code === 'INTERNAL_BUG') return unwrap(done);
  return grpcurlFailure(`Error invoking method ${JSON.stringify(symbol)}: ${done.error.message}`, done.error.code);
}

/** The call itself, through the engine facade as Ferry's own verbs make it (its checks, protocols and status explanations). */
async function callThroughEngine(context: InvokeContext, registry: SchemaRegistry, method: MethodDescriptor, printer: ResponsePrinter): Promise<CallOutcome> {
  const { command } = context;
  const reader = requestMessages(command, context.io);
  let read = 0;
  const bodyOf = (raw: RawMessage) => requestBody(command, method, raw, read++);
  const single = method.kind === 'unary' || method.kind === 'server-stream';
  const body = single ? ((await singleRequest(reader, method, bodyOf)) ?? '{}') : undefined;
  // No display to pace: events come a batch per I/O turn (see EngineOptions.eventBatchMs).
  const engine = createEngine({ eventBatchMs: 0 });
  try {
    const call = await grpcCall(method, async () => {
      const info = unwrap(await engine.openConnection({ ...context.connection, ...context.schema.sourceFor(registry) }));
      const remaining = context.remainingMs();
      return openEngineCall(engine, {
        connectionId: info.connectionId,
        method: method.fullName,
        metadata: context.metadata,
        onEvents: printer.onEvents,
        ...(remaining !== undefined && { deadlineMs: Math.max(0, remaining) }),
      }, body);
    });
    try {
      const sent = single ? (body === undefined ? 0 : 1) : await sendStream(engine, call.callId, reader, bodyOf);
      return { sent, ended: await call.ended };
    } finally {
      call.close();
    }
  } finally {
    engine.dispose();
  }
}

/** `grpcurl … ADDRESS METHOD`: the call, its responses, and grpcurl's exit status (64 + code on failure). */
export async function runInvoke(context: InvokeContext): Promise<number> {
  const { command, io } = context;
  const symbol = command.symbol!;
  await context.dialer.dial(context.timing);
  const { registry, method } = await invoking(symbol, () => resolveMethod(context.schema, symbol));
  await exportSchema(command, registry, [method.fullName]);
  if (command.verbosity > 0) io.out(`\nResolved method descriptor:\n${describeSymbolText(new SchemaExporter(registry), method.fullName).text}\n`);
  if (command.verbosity > 0) io.out(`\nRequest metadata to send:\n${metadataText(context.metadata)}\n`);
  const formatter = new GrpcurlFormatter({ format: command.format, emitDefaults: command.emitDefaults, origName: command.keepProtoNames, textSeparator: command.verbosity === 0 });
  const printer = new ResponsePrinter(context, registry, method, formatter);
  const invoke = context.timing?.child('InvokeRPC');
  const { sent, ended } = await invoking(symbol, () => callThroughEngine(context, registry, method, printer));
  await printer.settled();
  invoke?.done();
  return finish(context, registry, formatter, printer, sent, ended.status);
}

function finish(context: InvokeContext, registry: SchemaRegistry, formatter: GrpcurlFormatter, printer: ResponsePrinter, sent: number, status: { code: number; message: string }): number {
  const { command, io } = context;
  if (command.verbosity > 0) {
    if (!printer.headersShown) printer.headers([]);
    io.out(`\nResponse trailers received:\n${metadataText(printer.trailers)}\n`);
    io.out(`Sent ${sent} request${sent === 1 ? '' : 's'} and received ${printer.responses} response${printer.responses === 1 ? '' : 's'}\n`);
  }
  if (status.code === 0) return 0;
  const detailsBin = printer.trailers.find((e) => e.key === 'grpc-status-details-bin')?.value;
  // A deadline that ran out on our side reads as Go's context error, as grpcurl's -max-time does.
  const message = status.code === 4 && /^Deadline exceeded/.test(status.message) ? 'context deadline exceeded' : status.message;
  const tree = statusTree(registry.root, status.code, message, detailsBin ? Buffer.from(detailsBin, 'base64') : undefined);
  if (command.formatError) io.err(formatter.status(tree));
  else io.err(statusBlock(status.code, message, statusDetails(tree).map((detail) => formatter.detail(detail))));
  return 64 + status.code;
}
