import { readFile } from 'node:fs/promises';
import { describeFerryError, toFerryError } from '../../../shared/errors';
import type { CallEvent, MetadataEntry } from '../../../shared/model';
import {
  GrpcurlFormatter,
  SchemaExporter,
  describeSymbolText,
  encodeProtoJson,
  encodeTextFormat,
  fetchAnyTypes,
  parseJsonLossless,
  startCall,
  statusDetails,
  statusTree,
  type CallSession,
  type MethodDescriptor,
  type SchemaRegistry,
} from '../../engine';
import type { CliIo } from '../cli-io';
import { chunksOf, readJsonMessages, readTextMessages, type RawMessage } from '../message-reader';
import type { GrpcurlCommand } from './grpcurl-command';
import type { Dialer } from './grpcurl-dial';
import { exportSchema } from './grpcurl-inspect';
import { GrpcurlFailure, metadataText, statusBlock, type Timing } from './grpcurl-output';
import { SchemaLookupError, type GrpcurlSchema } from './grpcurl-schema';

export interface InvokeContext {
  command: GrpcurlCommand;
  schema: GrpcurlSchema;
  dialer: Dialer;
  io: CliIo;
  /** -H and -rpc-header, expanded. */
  metadata: MetadataEntry[];
  /** Milliseconds left of -max-time, if set. */
  remainingMs: () => number | undefined;
  timing: Timing | undefined;
}

class InvokeError extends GrpcurlFailure {}

/** grpcurl's parseSymbol: the service and method around the last `/` (else the last `.`). */
function splitMethod(symbol: string): [string, string] {
  let at = symbol.lastIndexOf('/');
  if (at < 0) at = symbol.lastIndexOf('.');
  return at < 0 ? ['', ''] : [symbol.slice(0, at), symbol.slice(at + 1)];
}

async function resolveMethod(schema: GrpcurlSchema, symbol: string): Promise<{ registry: SchemaRegistry; method: MethodDescriptor }> {
  const [service, name] = splitMethod(symbol);
  if (!service || !name) throw new InvokeError(`given method name ${JSON.stringify(symbol)} is not in expected format: 'service/method' or 'service.method'`);
  let registry: SchemaRegistry;
  try {
    registry = await schema.find(service);
  } catch (reason) {
    if (!(reason instanceof SchemaLookupError)) throw reason;
    if (reason.message.startsWith('Symbol not found')) throw new InvokeError(`target server does not expose service ${JSON.stringify(service)}`);
    throw new InvokeError(`failed to query for service descriptor ${JSON.stringify(service)}: ${reason.message}`);
  }
  let found;
  try {
    found = registry.findService(service);
  } catch {
    throw new InvokeError(`target server does not expose service ${JSON.stringify(service)}`);
  }
  if (!found.methods[name]) throw new InvokeError(`service ${JSON.stringify(service)} does not include a method named ${JSON.stringify(name)}`);
  return { registry, method: registry.findMethod(`${service}.${name}`) };
}

async function* requestChunks(command: GrpcurlCommand, io: CliIo): AsyncGenerator<string> {
  const data = command.data ?? '';
  if (data === '@' || data === '@-') {
    yield* io.stdinChunks?.() ?? chunksOf(await io.readStdin());
    return;
  }
  // @FILE is Ferry's addition (grpcurl reads only '@'): it cannot mean anything to grpcurl, whose JSON would not parse.
  if (data.startsWith('@')) {
    try {
      yield await readFile(data.slice(1), 'utf8');
    } catch (reason) {
      throw new InvokeError(`error getting request data: open ${data.slice(1)}: ${(reason as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : String(reason)}`);
    }
    return;
  }
  yield data;
}

/** One message of request data → bytes, or grpcurl's "error getting request data" with Ferry's account of the problem. */
function encode(command: GrpcurlCommand, method: MethodDescriptor, raw: RawMessage): Uint8Array {
  try {
    if (command.format === 'text') return encodeTextFormat(method.requestType, raw.text);
    return encodeProtoJson(method.requestType, parseJsonLossless(raw.text), { ignoreUnknownFields: command.allowUnknownFields });
  } catch (reason) {
    const error = toFerryError(reason);
    if (error.details?.line !== undefined && raw.line > 1) error.details.line += raw.line - 1;
    throw new InvokeError(`error getting request data: ${describeFerryError(error)}`);
  }
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

  onEvents(session: () => CallSession | undefined, events: readonly CallEvent[]): void {
    for (const event of events) {
      if (event.type === 'call.headers-received') this.enqueue(async () => this.headers(event.metadata));
      if (event.type === 'call.trailers-received') this.trailers = event.metadata;
      if (event.type === 'call.message-received') this.enqueue(() => this.response(session()!, event.index, event.size));
    }
  }

  private enqueue(step: () => Promise<void>): void {
    this.chain = this.chain.then(step);
  }

  private async response(session: CallSession, index: number, size: number): Promise<void> {
    const { io } = this.context;
    this.responses++;
    const bytes = session.messageBytes('received', index) ?? new Uint8Array(0);
    if (this.context.schema.usesReflection) await fetchAnyTypes(this.registry, this.method.responseType, bytes);
    if (this.verbose > 1) io.out(`\nEstimated response size: ${size} bytes\n`);
    if (this.verbose > 0) io.out('\nResponse contents:\n');
    try {
      io.out(`${this.formatter.message(this.method.responseType, bytes)}\n`);
    } catch (reason) {
      io.out(`Failed to format response message ${this.responses}: ${describeFerryError(toFerryError(reason))}\n`);
    }
  }

  settled(): Promise<void> {
    return this.chain;
  }
}

/** Sends request messages as the reader yields them (client and bidi streams), then half-closes. */
async function sendStream(session: CallSession, messages: AsyncIterable<RawMessage>, encodeOne: (raw: RawMessage) => Uint8Array): Promise<number> {
  let sent = 0;
  try {
    for await (const raw of messages) {
      // A call the server already ended takes no more messages; its status says why.
      if (!session.send(encodeOne(raw)).ok) return sent;
      sent++;
    }
  } catch (reason) {
    session.cancel();
    throw reason;
  }
  session.halfClose();
  return sent;
}

/** `grpcurl … ADDRESS METHOD`: the call, its responses, and grpcurl's exit status (64 + code on failure). */
export async function runInvoke(context: InvokeContext): Promise<number> {
  const { command, io } = context;
  const symbol = command.symbol!;
  try {
    await context.dialer.dial(context.timing);
    const { registry, method } = await resolveMethod(context.schema, symbol);
    await exportSchema(command, registry, [method.fullName]);
    if (command.verbosity > 0) io.out(`\nResolved method descriptor:\n${describeSymbolText(new SchemaExporter(registry), method.fullName).text}\n`);
    if (command.verbosity > 0) io.out(`\nRequest metadata to send:\n${metadataText(context.metadata)}\n`);
    const formatter = new GrpcurlFormatter({ format: command.format, emitDefaults: command.emitDefaults, origName: command.keepProtoNames, textSeparator: command.verbosity === 0 });
    const printer = new ResponsePrinter(context, registry, method, formatter);
    const reader = (command.format === 'text' ? readTextMessages : readJsonMessages)(requestChunks(command, io));
    const encodeOne = (raw: RawMessage) => encode(command, method, raw);
    const single = method.kind === 'unary' || method.kind === 'server-stream';
    let request: Uint8Array | undefined;
    let sent = 0;
    if (single) {
      const first = await reader.next();
      request = first.done ? new Uint8Array(0) : encodeOne(first.value);
      sent = first.done ? 0 : 1;
      if (!first.done && !(await reader.next()).done) {
        throw new InvokeError(`method ${JSON.stringify(method.fullName)} is a ${method.kind === 'unary' ? 'unary' : 'server-streaming'} RPC, but request data contained more than 1 message`);
      }
    }
    const client = context.dialer.pool.acquire(context.dialer.target, context.dialer.options);
    if (!client.ok) throw new InvokeError(describeFerryError(client.error));
    const invoke = context.timing?.child('InvokeRPC');
    const current: { session?: CallSession } = {};
    const remaining = context.remainingMs();
    const started = startCall({
      client: client.value,
      method,
      metadata: context.metadata,
      codec: { encode: (_type, bytes) => bytes as Uint8Array, decode: (_type, bytes) => bytes },
      types: registry,
      onEvents: (events) => printer.onEvents(() => current.session, events),
      ...(request !== undefined && { request }),
      ...(remaining !== undefined && { deadlineMs: Math.max(0, remaining) }),
    });
    if (!started.ok) throw new InvokeError(`grpc call for ${JSON.stringify(method.fullName)} failed: ${describeFerryError(started.error)}`);
    const session = (current.session = started.value);
    if (!single) sent = await sendStream(session, reader, encodeOne);
    const status = await session.done;
    await printer.settled();
    invoke?.done();
    return finish(context, registry, formatter, printer, sent, status);
  } catch (reason) {
    if (reason instanceof InvokeError) throw new GrpcurlFailure(`Error invoking method ${JSON.stringify(symbol)}: ${reason.message}`);
    throw reason;
  }
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
