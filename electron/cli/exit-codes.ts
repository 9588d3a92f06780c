import type { FerryError } from '../../shared/errors';
import { GRPC_STATUS_NAMES, grpcStatusCode } from '../../shared/util';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_BAD_INPUT = 2;
/** An RPC that ended with a non-OK status exits with 64 + its gRPC code (grpcurl uses the same offset). */
export const EXIT_RPC_BASE = 64;
const UNKNOWN = 2;

// TLS_ERROR: the certificate files themselves (unreadable, not PEM, key and certificate apart); a failed
// handshake is a gRPC status instead.
const BAD_INPUT_CODES = new Set(['BAD_INPUT', 'SCHEMA_ERROR', 'SYMBOL_NOT_FOUND', 'IO_ERROR', 'TLS_ERROR']);

/** 64 + code; a code outside 0–16 (a server sending `grpc-status: 99` or `abc`) is UNKNOWN, as gRPC specifies. */
export function exitCodeForRpc(code: number): number {
  if (code === 0) return EXIT_OK;
  const known = Number.isInteger(code) && code > 0 && code < GRPC_STATUS_NAMES.length;
  return EXIT_RPC_BASE + (known ? code : UNKNOWN);
}

/** Failures before or around an RPC: bad input is 2, a gRPC status (e.g. UNAVAILABLE while dialing) 64 + code, else 1. */
export function exitCodeForError(error: FerryError): number {
  if (BAD_INPUT_CODES.has(error.code)) return EXIT_BAD_INPUT;
  const grpcCode = grpcStatusCode(error.code);
  if (grpcCode !== undefined && grpcCode !== 0) return EXIT_RPC_BASE + grpcCode;
  return EXIT_FAILURE;
}
