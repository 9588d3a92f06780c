import { fail } from '../../shared/errors';
import type { CallStatus, CallTimings, ConnectCodec, HttpVersion, MetadataEntry, WireProtocol } from '../../shared/model';
import type { CliIo } from './cli-io';

export type OutputFormat = 'json' | 'ndjson';

export function parseFormat(value: string | undefined): OutputFormat {
  if (value === undefined || value === 'json' || value === 'ndjson') return value ?? 'json';
  return fail('BAD_INPUT', `--format expects "json" or "ndjson", got "${value}"`);
}

/** One response message: indented (json) or one line (ndjson). */
export function printMessage(io: CliIo, value: unknown, format: OutputFormat): void {
  io.out(format === 'ndjson' ? `${JSON.stringify(value)}\n` : `${JSON.stringify(value, null, 2)}\n`);
}

function printMetadata(io: CliIo, title: string, entries: readonly MetadataEntry[]): void {
  io.err(`${title}:\n`);
  if (entries.length === 0) io.err('  (none)\n');
  for (const { key, value } of entries) io.err(`  ${key}: ${value}\n`);
}

/** -v: what grpcurl -v prints, on stderr so stdout stays machine-readable. */
export const verbose = {
  request(io: CliIo, method: string, target: string, metadata: readonly MetadataEntry[]): void {
    io.err(`Calling ${method} on ${target}\n`);
    printMetadata(io, 'Request metadata', metadata);
  },
  headers(io: CliIo, metadata: readonly MetadataEntry[]): void {
    printMetadata(io, 'Response headers', metadata);
  },
  trailers(io: CliIo, metadata: readonly MetadataEntry[]): void {
    printMetadata(io, 'Response trailers', metadata);
  },
  summary(io: CliIo, sent: number, received: number, timings: CallTimings, bytesIn: number): void {
    const ms = (value: number | undefined) => (value === undefined ? '-' : `${value.toFixed(1)} ms`);
    io.err(`Sent ${sent} request${sent === 1 ? '' : 's'}, received ${received} response${received === 1 ? '' : 's'} (${bytesIn} bytes)\n`);
    io.err(`Timings: headers ${ms(timings.headersMs)}, first message ${ms(timings.firstMessageMs)}, total ${ms(timings.totalMs)}\n`);
  },
  protocol(io: CliIo, protocol: WireProtocol | undefined, httpVersion: HttpVersion | undefined, codec: ConnectCodec | undefined): void {
    const name = protocol === 'connect' ? `connect (${codec ?? 'proto'})` : (protocol ?? 'grpc');
    io.err(`Protocol: ${name} over ${httpVersion ? `HTTP/${httpVersion}` : 'HTTP (no connection made)'}\n`);
  },
};

/** A non-OK status: code name, message and each rich error detail, readable. */
export function printStatusError(io: CliIo, status: CallStatus): void {
  io.err(`ERROR: ${status.name} (${status.code}): ${status.message}\n`);
  status.details.forEach((detail, i) => {
    const body = detail.value !== undefined ? JSON.stringify(detail.value) : `(unknown type, ${detail.raw?.length ?? 0} base64 chars)`;
    io.err(`  detail ${i + 1}: ${detail.type} ${body}\n`);
  });
}
