import type { CliIo } from '../cli-io';
import { attempt, attemptSync, unwrap } from '../../../shared/errors';
import { parseGoFlags } from './go-flags';
import { useConnectionAdvice } from '../../engine';
import { GRPCURL_CONNECTION_ADVICE } from './grpcurl-advice';
import { interpretGrpcurlFlags, type GrpcurlCommand } from './grpcurl-command';
import { connectionOptions, createDialer, engineConnection, type Dialer } from './grpcurl-dial';
import { GRPCURL_FLAGS, grpcurlUsage } from './grpcurl-flags';
import { expandHeaders, metadataFromHeaders, sendableMetadata, userAgentsOf } from './grpcurl-headers';
import { runDescribe, runList } from './grpcurl-inspect';
import { runInvoke } from './grpcurl-invoke';
import { Timing } from './grpcurl-output';
import { GrpcurlSchema } from './grpcurl-schema';

export interface GrpcurlEnvironment {
  /** How the program was invoked, for "Try 'ferry -help'". */
  program: string;
  version: string;
  env: NodeJS.ProcessEnv;
}

/** -max-time bounds everything, dialing included; -connect-timeout (default 10 s) bounds the dial. */
function clock(command: GrpcurlCommand): { remainingMs: () => number | undefined; connectMs: () => number } {
  const started = Date.now();
  const remainingMs = () => (command.maxTime > 0 ? command.maxTime * 1000 - (Date.now() - started) : undefined);
  const connectMs = () => Math.min((command.connectTimeout > 0 ? command.connectTimeout : 10) * 1000, remainingMs() ?? Infinity);
  return { remainingMs, connectMs };
}

async function run(command: GrpcurlCommand, io: CliIo, environment: GrpcurlEnvironment, timing: Timing | undefined): Promise<number> {
  const warn = (message: string) => io.err(`Warning: ${message}\n`);
  let headers = command.headers;
  let rpcHeaders = command.rpcHeaders;
  let reflectHeaders = command.reflectHeaders;
  if (command.expandHeaders) {
    headers = expandHeaders(headers, environment.env, 'additional headers');
    rpcHeaders = expandHeaders(rpcHeaders, environment.env, 'rpc headers');
    reflectHeaders = expandHeaders(reflectHeaders, environment.env, 'reflection headers');
  }
  const metadata = sendableMetadata(metadataFromHeaders([...headers, ...rpcHeaders]));
  const reflectionMetadata = sendableMetadata(metadataFromHeaders([...headers, ...reflectHeaders]));
  const options = connectionOptions(command, environment.version, warn, userAgentsOf(metadataFromHeaders(headers)));
  const { remainingMs, connectMs } = clock(command);
  let dialer: Dialer | undefined;
  if (command.target) dialer = createDialer(command, options, connectMs);
  try {
    const schema = await GrpcurlSchema.open(command, dialer, reflectionMetadata, timing);
    if (command.verb === 'list') await runList(command, schema, io);
    else if (command.verb === 'describe') await runDescribe(command, schema, io);
    else {
      const connection = engineConnection(dialer!.target, options);
      return await runInvoke({ command, schema, dialer: dialer!, io, connection, metadata, remainingMs, timing });
    }
    return 0;
  } finally {
    dialer?.close();
  }
}

/** Flags parsed and checked as grpcurl does, or how grpcurl answers a bad one (Go's flag error and usage) or -help. */
function readCommandLine(argv: readonly string[], io: CliIo, environment: GrpcurlEnvironment): GrpcurlCommand | number {
  const { program } = environment;
  const flags = attemptSync(() => parseGoFlags(argv, GRPCURL_FLAGS));
  if (!flags.ok || flags.value.help || flags.value.values.get('help') === true) {
    io.err(`${flags.ok ? '' : `${flags.error.message}\n`}${grpcurlUsage(program)}`);
    return flags.ok ? 0 : 2;
  }
  if (flags.value.values.get('version') === true) {
    io.err(`${program} ${environment.version}\n`);
    return 0;
  }
  const command = attemptSync(() => interpretGrpcurlFlags(flags.value, (message) => io.err(`Warning: ${message}\n`)));
  return command.ok ? command.value : usageError(io, program, command.error.message);
}

function usageError(io: CliIo, program: string, message: string): number {
  io.err(`${message}\nTry '${program} -help' for more details.\n`);
  return 2;
}

/**
 * A grpcurl command line, run as grpcurl would run it: its flags, its output byte for byte, its exit status
 * (0; 1 for a failure; 2 for bad usage; 64 + code for an RPC that ended with an error status). The edge of
 * grpcurl mode: BAD_INPUT is bad usage, any other expected failure is grpcurl's `fail` (its message as it is),
 * and a bug goes on to the CLI's own edge.
 */
export async function runGrpcurl(argv: readonly string[], io: CliIo, environment: GrpcurlEnvironment): Promise<number> {
  // Errors that advise a setting name grpcurl's flags, not the app's fields.
  useConnectionAdvice(GRPCURL_CONNECTION_ADVICE);
  const command = readCommandLine(argv, io, environment);
  if (typeof command === 'number') return command;
  const timing = command.verbosity > 1 ? new Timing('Timing Data') : undefined;
  const ran = await attempt(() => run(command, io, environment, timing));
  if (ran.ok) {
    // grpcurl prints its timings when main returns; an error status exits before that.
    if (timing && ran.value === 0) io.out(timing.print());
    return ran.value;
  }
  if (ran.error.code === 'INTERNAL_BUG') return unwrap(ran);
  if (ran.error.code === 'BAD_INPUT') return usageError(io, environment.program, ran.error.message);
  io.err(`${ran.error.message}\n`);
  return 1;
}
