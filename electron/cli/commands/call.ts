import { fail, unwrap } from '../../../shared/errors';
import { isClientStreaming, type CallEvent, type CallKind } from '../../../shared/model';
import { createEngine, withoutLeadingDot, type RequestSource } from '../../engine';
import { connectionConfigFromFlags, environmentOf, forMethod } from '../call-connection';
import { printStatusError, parseFormat, verbose, type OutputFormat } from '../call-output';
import type { CliIo } from '../cli-io';
import { cliTokenSource } from '../cli-tokens';
import { openCliContext, schemaCacheFromFlags } from '../cli-schema';
import { CONNECTION_FLAGS, EXPORT_FLAGS, HELP_FLAG, OUTPUT_FLAGS, SCHEMA_FLAGS } from '../common-flags';
import { headersFromFlags } from '../connection-flags';
import { methodKind, runEngineCall } from '../engine-call';
import { EXIT_FAILURE, exitCodeForRpc } from '../exit-codes';
import { flagBool, flagSeconds, flagString, parseArgs, type ParsedArgs } from '../parse-args';
import { readRequestTexts, streamStdinMessages, type RequestTexts } from '../request-data';
import { exportSchemaFromFlags, wantsSchemaExport } from '../schema-export-flags';
import { CALL_USAGE } from '../usage';

const CALL_FLAGS = [...SCHEMA_FLAGS, ...CONNECTION_FLAGS, ...OUTPUT_FLAGS, ...EXPORT_FLAGS, HELP_FLAG,
  { name: 'data', short: 'd', value: true, once: 'put every message of a stream in one -d' }, { name: 'max-time', value: true }, { name: 'env', short: 'e', value: true, once: 'give one environment' }];

/** What `-v` reports at the end; the CLI keeps these counts, not the messages it already printed. */
interface Tally {
  sent: number;
  received: number;
  receivedBytes: number;
  /** Responses that could not be decoded: printed as errors, and the exit status says so. */
  undecodable: number;
}



/**
 * Prints responses as their events arrive, so a long stream shows progress; one write per batch. Verbose
 * headers and trailers go to stderr in their place among the responses: a unary call is one batch.
 */
function printer(io: CliIo, format: OutputFormat, beVerbose: boolean, tally: Tally) {
  const indent = format === 'ndjson' ? 0 : 2;
  return (events: CallEvent[]): void => {
    let out = '';
    // Responses gathered so far go out before anything this batch writes to stderr, keeping the order.
    const writeOut = (): void => {
      if (out) io.out(out);
      out = '';
    };
    for (const event of events) {
      if (event.type === 'call.message-sent') tally.sent++;
      if (event.type === 'call.headers-received' && beVerbose) verbose.headers(io, event.metadata);
      if (event.type === 'call.trailers-received' && beVerbose) {
        writeOut();
        verbose.trailers(io, event.metadata);
      }
      if (event.type !== 'call.message-received') continue;
      tally.received++;
      tally.receivedBytes += event.size;
      if (event.messageError === undefined) {
        out += `${JSON.stringify(event.message, null, indent)}\n`;
        continue;
      }
      tally.undecodable++;
      writeOut();
      io.err(`ferry: response ${event.index + 1}: ${event.messageError}\n`);
    }
    writeOut();
  };
}

/** No `-d`: no messages (a unary call then sends an empty one). */
const NO_DATA: RequestTexts = { messages: [] };

/** Messages given whole (`-d JSON`, `@FILE`), or standard input: streamed for client and bidi calls, read whole otherwise. */
async function requestMessages(given: RequestTexts | undefined, kind: CallKind | undefined, io: CliIo, fillsVariables: boolean): Promise<{ messages: string[] | AsyncIterable<string>; source?: RequestSource }> {
  const whole = given ?? (kind === undefined || isClientStreaming(kind) ? undefined : await readRequestTexts('@-', io, fillsVariables));
  return whole ?? streamStdinMessages(io);
}

/** --protoset-out/--proto-out-dir: the files that define METHOD, from the schema source the flags name (loaded once more). */
async function exportMethodSchema(args: ParsedArgs, target: string, method: string): Promise<void> {
  if (!wantsSchemaExport(args)) return;
  const context = await openCliContext(args, target);
  try {
    await exportSchemaFromFlags(args, context.registry, [context.registry.findMethod(method).fullName]);
  } finally {
    context.pool.close();
  }
}


export async function runCall(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, CALL_FLAGS, 'call');
  if (flagBool(args, 'help')) return io.out(`${CALL_USAGE}\n`), 0;
  const [target, method, ...extra] = args.positionals;
  if (!target || !method || extra.length > 0) fail('BAD_INPUT', 'usage: ferry call TARGET METHOD [-d JSON|@FILE|@-] (see `ferry call --help`)');
  const format = parseFormat(flagString(args, 'format'));
  const maxTimeMs = flagSeconds(args, 'max-time');
  const data = flagString(args, 'data');
  // Standard input is read once the method's kind is known: a client or bidi stream sends each message as it is read.
  const fromStdin = data === '@-';
  const environment = flagString(args, 'env');
  const given = fromStdin ? undefined : ((await readRequestTexts(data, io, environment !== undefined)) ?? NO_DATA);
  const config = forMethod(connectionConfigFromFlags(args, target), method);
  await exportMethodSchema(args, target, method);
  const metadata = headersFromFlags(args, 'header');
  const beVerbose = flagBool(args, 'verbose');
  // No display to pace: events come a batch per I/O turn (see EngineOptions.eventBatchMs).
  const engine = createEngine({ schemaCache: schemaCacheFromFlags(args) ?? null, eventBatchMs: 0, watchWorkspace: false, tokens: cliTokenSource(io) });
  try {
    const variables = await environmentOf(engine, environment);
    const info = unwrap(await engine.openConnection({ ...config, ...(variables && { variables }) }));
    if (beVerbose) verbose.request(io, withoutLeadingDot(method).replace('/', '.'), target, metadata);
    const tally: Tally = { sent: 0, received: 0, receivedBytes: 0, undecodable: 0 };
    const kind = methodKind(info, method);
    const ended = await runEngineCall(engine, {
      connectionId: info.connectionId,
      method,
      ...(kind && { kind }),
      ...(await requestMessages(given, kind, io, variables !== undefined)),
      metadata,
      emitDefaults: flagBool(args, 'emit-defaults'),
      ...(maxTimeMs !== undefined && { deadlineMs: maxTimeMs }),
      ...(variables && { variables }),
      onEvents: printer(io, format, beVerbose, tally),
    });
    if (beVerbose) verbose.summary(io, tally.sent, tally.received, ended.timings, tally.receivedBytes);
    if (beVerbose) verbose.protocol(io, ended.protocol, ended.httpVersion, config.codec);
    if (ended.status.code !== 0) printStatusError(io, ended.status);
    return ended.status.code === 0 && tally.undecodable > 0 ? EXIT_FAILURE : exitCodeForRpc(ended.status.code);
  } finally {
    engine.dispose();
  }
}
