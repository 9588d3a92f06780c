import type { CliIo } from '../cli-io';
import { GoFlagError, parseGoFlags } from './go-flags';
import { GrpcurlUsageError, interpretGrpcurlFlags, type GrpcurlCommand } from './grpcurl-command';
import { connectionOptions, createDialer, engineConnection, type Dialer } from './grpcurl-dial';
import { GRPCURL_FLAGS, grpcurlUsage } from './grpcurl-flags';
import { expandHeaders, metadataFromHeaders, sendableMetadata, userAgentsOf } from './grpcurl-headers';
import { runDescribe, runList } from './grpcurl-inspect';
import { runInvoke } from './grpcurl-invoke';
import { GrpcurlFailure, Timing } from './grpcurl-output';
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

/**
 * A grpcurl command line, run as grpcurl would run it: its flags, its output byte for byte, its exit status
 * (0; 1 for a failure; 2 for bad usage; 64 + code for an RPC that ended with an error status).
 */
export async function runGrpcurl(argv: readonly string[], io: CliIo, environment: GrpcurlEnvironment): Promise<number> {
  const { program } = environment;
  const usage = (message: string) => {
    io.err(`${message}\nTry '${program} -help' for more details.\n`);
    return 2;
  };
  let command: GrpcurlCommand;
  try {
    const flags = parseGoFlags(argv, GRPCURL_FLAGS);
    if (flags.values.get('help') === true) throw new GoFlagError('', true);
    if (flags.values.get('version') === true) {
      io.err(`${program} ${environment.version}\n`);
      return 0;
    }
    command = interpretGrpcurlFlags(flags, (message) => io.err(`Warning: ${message}\n`));
  } catch (reason) {
    if (reason instanceof GoFlagError) {
      io.err(`${reason.message ? `${reason.message}\n` : ''}${grpcurlUsage(program)}`);
      return reason.help ? 0 : 2;
    }
    if (reason instanceof GrpcurlUsageError) return usage(reason.message);
    throw reason;
  }
  const timing = command.verbosity > 1 ? new Timing('Timing Data') : undefined;
  try {
    const code = await run(command, io, environment, timing);
    // grpcurl prints its timings when main returns; an error status exits before that.
    if (timing && code === 0) io.out(timing.print());
    return code;
  } catch (reason) {
    if (reason instanceof GrpcurlUsageError) return usage(reason.message);
    if (reason instanceof GrpcurlFailure) {
      io.err(`${reason.message}\n`);
      return 1;
    }
    throw reason;
  }
}
