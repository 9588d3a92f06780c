import { fail, type FerryError, type FerryErrorCode } from '../../../shared/errors';
import { grpcStatusCode } from '../../../shared/util';
import type { MetadataEntry } from '../../../shared/model';

/**
 * A failure grpcurl reports with `fail(err, …)`: its words on stderr as they are, exit status 1. Thrown with
 * the cause's code, except BAD_INPUT, which grpcurl mode keeps for bad usage (exit 2, "Try … -help").
 */
export function grpcurlFailure(message: string, cause: FerryErrorCode = 'UNKNOWN'): never {
  return fail(cause === 'BAD_INPUT' ? 'INVALID_ARGUMENT' : cause, message);
}

/** Bad usage (BAD_INPUT): grpcurl prints the message and "Try '… -help'", and exits 2. */
export function badUsage(message: string): never {
  return fail('BAD_INPUT', message);
}

/** grpc-go's names for status codes, as grpcurl prints them after "Code:". */
export const GO_CODE_NAMES = [
  'OK', 'Canceled', 'Unknown', 'InvalidArgument', 'DeadlineExceeded', 'NotFound', 'AlreadyExists', 'PermissionDenied',
  'ResourceExhausted', 'FailedPrecondition', 'Aborted', 'OutOfRange', 'Unimplemented', 'Internal', 'Unavailable',
  'DataLoss', 'Unauthenticated',
];

export function goCodeName(code: number): string {
  return GO_CODE_NAMES[code] ?? `Code(${code})`;
}

/** An error as a Go program prints it: a gRPC status as grpc-go's "rpc error: code = … desc = …". */
export function goErrorText(error: FerryError): string {
  if (error.code === 'NO_REFLECTION') return 'server does not support the reflection API';
  const code = grpcStatusCode(error.code);
  // Ferry says which reflection version failed; grpc-go's error carries the server's message alone.
  const desc = error.message.replace(/^reflection \(v1(?:alpha)?\) failed: [A-Z_]+: /, '');
  if (code !== undefined && code !== 0) return `rpc error: code = ${goCodeName(code)} desc = ${desc}`;
  return error.message;
}

/** Headers a grpc-go client keeps to itself; grpcurl never shows them. */
const HIDDEN = new Set(['grpc-status', 'grpc-message', 'grpc-status-details-bin', 'grpc-encoding', 'grpc-message-type', 'grpc-timeout', 'te']);

/** grpcurl's MetadataToString: sorted by key, one `key: value` per line, "(empty)" when there is none. */
export function metadataText(entries: readonly MetadataEntry[]): string {
  const shown = entries.filter((e) => !HIDDEN.has(e.key));
  if (shown.length === 0) return '(empty)';
  const keys = [...new Set(shown.map((e) => e.key))].sort();
  return keys.flatMap((key) => shown.filter((e) => e.key === key).map((e) => `${key}: ${e.value}`)).join('\n');
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

/** Go's time.Duration.String(): "1.5s", "2m3.4s", "12.345ms", "350µs", "12ns". */
export function goDuration(nanoseconds: number): string {
  const ns = Math.round(nanoseconds);
  if (ns === 0) return '0s';
  const sign = ns < 0 ? '-' : '';
  const abs = Math.abs(ns);
  if (abs < 1_000) return `${sign}${abs}ns`;
  if (abs < 1_000_000) return `${sign}${trimZeros((abs / 1_000).toFixed(3))}µs`;
  if (abs < 1_000_000_000) return `${sign}${trimZeros((abs / 1_000_000).toFixed(6))}ms`;
  const hours = Math.floor(abs / 3_600_000_000_000);
  const minutes = Math.floor((abs % 3_600_000_000_000) / 60_000_000_000);
  const seconds = trimZeros(((abs % 60_000_000_000) / 1_000_000_000).toFixed(9));
  if (hours > 0) return `${sign}${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${sign}${minutes}m${seconds}s`;
  return `${sign}${seconds}s`;
}

/** One step of -vv's "Timing Data" tree. */
export class Timing {
  readonly children: Timing[] = [];
  private readonly start = process.hrtime.bigint();
  private elapsed: bigint | undefined;

  constructor(readonly title: string) {}

  child(title: string): Timing {
    const child = new Timing(title);
    this.children.push(child);
    return child;
  }

  done(): void {
    this.elapsed ??= process.hrtime.bigint() - this.start;
  }

  /** The tree as grpcurl prints it at the end of a run: two spaces of indent per level. */
  print(level = 0): string {
    this.done();
    const own = `${'  '.repeat(level)}${this.title}: ${goDuration(Number(this.elapsed))}\n`;
    return own + this.children.map((child) => child.print(level + 1)).join('');
  }
}

/** PrintStatus's block for a failed call, with each detail formatted and indented under its number. */
export function statusBlock(code: number, message: string, details: readonly string[]): string {
  let out = `ERROR:\n  Code: ${goCodeName(code)}\n  Message: ${message}\n`;
  if (details.length === 0) return out;
  out += '  Details:\n';
  details.forEach((detail, i) => {
    const prefix = `  ${i + 1})`;
    const [first, ...rest] = detail.split('\n');
    out += `${prefix}\t${first}\n`;
    for (const line of rest) out += `${' '.repeat(prefix.length)}\t${line}\n`;
  });
  return out;
}
