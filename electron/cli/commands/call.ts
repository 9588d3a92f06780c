import { describeFerryError, err, fail, unwrap } from '../../../shared/errors';
import type { CallEvent } from '../../../shared/model';
import { startCall, type CallCodec, type CallSession, decodeToProtoJson, encodeProtoJson, type MethodDescriptor } from '../../engine';
import { printMessage, printStatusError, parseFormat, verbose, type OutputFormat } from '../call-output';
import type { CliIo } from '../cli-io';
import { connect, openCliContext, type CliContext } from '../cli-schema';
import { CONNECTION_FLAGS, HELP_FLAG, OUTPUT_FLAGS, SCHEMA_FLAGS } from '../common-flags';
import { EXIT_FAILURE, exitCodeForRpc } from '../exit-codes';
import { flagBool, flagSeconds, flagString, parseArgs } from '../parse-args';
import { inMessage, readRequestData } from '../request-data';
import { CALL_USAGE } from '../usage';

const CALL_FLAGS = [...SCHEMA_FLAGS, ...CONNECTION_FLAGS, ...OUTPUT_FLAGS, HELP_FLAG,
  { name: 'data', short: 'd', value: true, once: 'put every message of a stream in one -d' }, { name: 'max-time', value: true }];

interface Printer {
  format: OutputFormat;
  verbose: boolean;
  emitDefaults: boolean;
  io: CliIo;
  session?: CallSession;
  /** A response that could not be decoded: printed as an error, and the exit status says so. */
  undecodable: number;
}

function codecFor(emitDefaults: boolean): CallCodec {
  return {
    encode: (type, json) => encodeProtoJson(type, json),
    decode: (type, bytes) => decodeToProtoJson(type, bytes, { emitDefaults }),
  };
}

/** Prints responses as their events arrive, so a long stream shows progress. */
function onEvents(printer: Printer, events: CallEvent[]): void {
  for (const event of events) {
    if (event.type === 'call.headers-received' && printer.verbose) verbose.headers(printer.io, event.metadata);
    if (event.type === 'call.trailers-received' && printer.verbose) verbose.trailers(printer.io, event.metadata);
    if (event.type !== 'call.message-received' || !printer.session) continue;
    const json = printer.session.messageJson('received', event.index);
    if (json.ok) {
      printMessage(printer.io, json.value, printer.format);
    } else {
      printer.undecodable++;
      printer.io.err(`ferry: response ${event.index + 1}: ${describeFerryError(json.error)}\n`);
    }
  }
}

function checkMessageCount(method: MethodDescriptor, messages: unknown[]): void {
  const single = method.kind === 'unary' || method.kind === 'server-stream';
  if (single && messages.length > 1) {
    fail('BAD_INPUT', `${method.fullName} is a ${method.kind} method and takes one request message, but -d holds ${messages.length}`);
  }
}

function summarize(io: CliIo, session: CallSession): void {
  const events = session.events();
  const sent = events.filter((e) => e.type === 'call.message-sent').length;
  const received = events.filter((e) => e.type === 'call.message-received');
  const bytesIn = received.reduce((total, e) => total + ('size' in e ? e.size : 0), 0);
  verbose.summary(io, sent, received.length, session.timings, bytesIn);
}

async function runSession(context: CliContext, method: MethodDescriptor, messages: unknown[], printer: Printer, deadlineMs?: number) {
  const client = context.pool.acquire(context.target!, context.connection);
  if (!client.ok) return fail(client.error.code, client.error.message, client.error.details);
  const single = method.kind === 'unary' || method.kind === 'server-stream';
  const started = startCall({
    client: client.value,
    method,
    metadata: context.metadata,
    codec: codecFor(printer.emitDefaults),
    types: context.registry,
    onEvents: (events) => onEvents(printer, events),
    ...(single && { request: messages[0] ?? {} }),
    ...(deadlineMs !== undefined && { deadlineMs }),
  });
  if (!started.ok) return fail(started.error.code, started.error.message, started.error.details);
  const session = started.value;
  printer.session = session;
  if (!single) {
    for (const [index, message] of messages.entries()) {
      const sent = session.send(message);
      if (!sent.ok) {
        session.cancel();
        return unwrap(err(inMessage(sent.error, index, messages.length)));
      }
    }
    session.halfClose();
  }
  return { session, status: await session.done };
}

export async function runCall(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, CALL_FLAGS, 'call');
  if (flagBool(args, 'help')) return io.out(`${CALL_USAGE}\n`), 0;
  const [target, methodName, ...extra] = args.positionals;
  if (!target || !methodName || extra.length > 0) fail('BAD_INPUT', 'usage: ferry call TARGET METHOD [-d JSON|@FILE|@-] (see `ferry call --help`)');
  const format = parseFormat(flagString(args, 'format'));
  const maxTimeMs = flagSeconds(args, 'max-time');
  const messages = await readRequestData(flagString(args, 'data'), io);
  const context = await openCliContext(args, target);
  try {
    const method = context.registry.findMethod(methodName);
    checkMessageCount(method, messages ?? []);
    await connect(context.pool, target, context.connection, context.connectTimeoutMs);
    const printer: Printer = { format, verbose: flagBool(args, 'verbose'), emitDefaults: flagBool(args, 'emit-defaults'), io, undecodable: 0 };
    if (printer.verbose) verbose.request(io, method.fullName, target, context.metadata);
    const { session, status } = await runSession(context, method, messages ?? [], printer, maxTimeMs);
    if (printer.verbose) summarize(io, session);
    if (status.code !== 0) printStatusError(io, status);
    return status.code === 0 && printer.undecodable > 0 ? EXIT_FAILURE : exitCodeForRpc(status.code);
  } finally {
    context.pool.close();
  }
}
