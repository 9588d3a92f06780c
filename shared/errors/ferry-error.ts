import type { GrpcStatusName } from '../util/grpc-status';

/**
 * Local failure codes: things that went wrong before or around an RPC, on our side.
 * A failure reported by a server keeps its gRPC status name instead.
 */
export type LocalErrorCode =
  | 'BAD_INPUT' // the user's input (flags, JSON, a target) is malformed
  | 'SCHEMA_ERROR' // a .proto file, descriptor set or reflection answer cannot be used
  | 'SYMBOL_NOT_FOUND' // a service, method or type name is not in the schema
  | 'NO_REFLECTION' // the server does not offer server reflection
  | 'IO_ERROR' // a file could not be read or written
  | 'CONFLICT' // a file changed on disk since it was read: reload or keep, never overwrite silently
  | 'TLS_ERROR' // certificates could not be loaded or the handshake failed
  | 'CONNECTION_FAILED' // the target could not be reached
  | 'INTERNAL_BUG'; // anything we did not expect: a bug in Ferry

export type FerryErrorCode = GrpcStatusName | LocalErrorCode;

/** Where in the user's input an expected failure points. Every field is optional. */
export interface FerryErrorDetails {
  file?: string;
  line?: number;
  column?: number;
  fieldPath?: string;
  expected?: string;
  /** Directories searched, for a missing import. */
  searched?: string[];
  /** Free-form hint shown after the message. */
  hint?: string;
  /** Stack of an unexpected failure; logged, never shown in the UI or CLI. */
  stack?: string;
}

/** An error as it crosses any boundary: a plain value, never an Error instance. */
export interface FerryError {
  code: FerryErrorCode;
  message: string;
  details?: FerryErrorDetails;
}

export function ferryError(code: FerryErrorCode, message: string, details?: FerryErrorDetails): FerryError {
  return details === undefined ? { code, message } : { code, message, details };
}

/**
 * Thrown inside one layer to unwind to its edge, where `toFerryError` turns it back into a value.
 * Only for expected failures; anything else thrown is a bug.
 */
export class FerryFailure extends Error {
  readonly error: FerryError;

  constructor(error: FerryError) {
    super(error.message);
    this.name = 'FerryFailure';
    this.error = error;
  }
}

export function fail(code: FerryErrorCode, message: string, details?: FerryErrorDetails): never {
  throw new FerryFailure(ferryError(code, message, details));
}

/** Normalises anything caught into a FerryError. Unknown throwables become INTERNAL_BUG with their stack kept. */
export function toFerryError(reason: unknown): FerryError {
  if (reason instanceof FerryFailure) return reason.error;
  if (isFerryError(reason)) return reason;
  if (reason instanceof Error) {
    return ferryError('INTERNAL_BUG', `internal error: ${reason.message}`, reason.stack ? { stack: reason.stack } : undefined);
  }
  return ferryError('INTERNAL_BUG', `internal error: ${String(reason)}`);
}

export function isFerryError(value: unknown): value is FerryError {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { code?: unknown; message?: unknown };
  return typeof candidate.code === 'string' && typeof candidate.message === 'string';
}

/** One readable sentence: the message, then where it points. */
export function describeFerryError(error: FerryError): string {
  const d = error.details;
  if (!d) return error.message;
  const where = d.file ? `${d.file}${d.line !== undefined ? `:${d.line}${d.column !== undefined ? `:${d.column}` : ''}` : ''}` : '';
  // The place goes in front, as compilers print it; a JSON problem's own words for it would say it twice.
  const message = where && d.column !== undefined ? error.message.replace(` at line ${d.line}, column ${d.column}:`, ':') : error.message;
  // A message that names its file and line already (`responses.json:3: …`) is placed well enough without the column.
  const placed = !where || message.includes(where) || (d.line !== undefined && message.includes(`${d.file}:${d.line}`));
  let text = placed ? message : `${where}: ${message}`;
  if (d.searched && d.searched.length > 0 && !text.includes('searched')) text += ` (searched: ${d.searched.join(', ')})`;
  if (d.hint) text += `; ${d.hint}`;
  return text;
}
