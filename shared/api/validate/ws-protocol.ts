/**
 * The `ferry serve` WebSocket protocol, one JSON text frame per message:
 *   client → server  { id, command, args }          a FerryApi command call
 *   server → client  { id, result }                  its Result (id null when the frame had no readable id)
 *   server → client  { event }                       a FerryEvent, pushed as the engine emits it
 * Both ends parse what they receive with the functions here.
 */
import { err, ferryError, ok, type FerryError, type FerryErrorDetails, type LocalErrorCode, type Result } from '../../errors';
import { GRPC_STATUS_NAMES } from '../../util';
import type { FerryCommand, FerryEvent } from '../ferry-api';
import type { CommandArgs } from './command-validators';
import { anything, arrayOf, isPlainObject, literal, number, object, optional, string, type Validator } from './guards';
import { validateCommand, validateEvent, validateWith } from './validate';

/** Path of the WebSocket endpoint; the token travels as `?token=`. */
export const API_PATH = '/api';

export interface CommandFrame {
  id: number;
  command: string;
  args: unknown[];
}

export interface ResponseFrame {
  id: number | null;
  result: Result<unknown>;
}

export interface EventFrame {
  event: FerryEvent;
}

export type ServerFrame = ResponseFrame | EventFrame;

export type ParsedCommand =
  | { ok: true; id: number; command: FerryCommand; args: CommandArgs<FerryCommand> }
  | { ok: false; id: number | null; error: FerryError };

const LOCAL_ERROR_CODES = [
  'BAD_INPUT',
  'SCHEMA_ERROR',
  'SYMBOL_NOT_FOUND',
  'NO_REFLECTION',
  'IO_ERROR',
  'CONFLICT',
  'TLS_ERROR',
  'CONNECTION_FAILED',
  'INTERNAL_BUG',
] as const satisfies readonly LocalErrorCode[];
// A local code missing from the list above is a compile error here.
type MissingLocalCodes = Exclude<LocalErrorCode, (typeof LOCAL_ERROR_CODES)[number]>;
const _allLocalCodesListed: MissingLocalCodes extends never ? true : never = true;
void _allLocalCodesListed;

const frameId = number({ integer: true, min: 0 });

const commandFrame = object<CommandFrame>({ id: frameId, command: string({ nonEmpty: true }), args: arrayOf(anything) });

const errorDetails = object<FerryErrorDetails>(
  {
    file: optional(string()),
    line: optional(number()),
    column: optional(number()),
    fieldPath: optional(string()),
    expected: optional(string()),
    searched: optional(arrayOf(string())),
    hint: optional(string()),
    stack: optional(string()),
  },
  { allowUnknownFields: true },
);

const ferryErrorValidator: Validator<FerryError> = object<FerryError>(
  { code: literal(...GRPC_STATUS_NAMES, ...LOCAL_ERROR_CODES), message: string(), details: optional(errorDetails) },
  { allowUnknownFields: true },
);

/** A frame's id when it can still be read, so even an unparseable frame gets an answer its sender can match. */
export function peekFrameId(text: string): number | null {
  // Our client writes `id` first; a regex over the head avoids parsing a frame we are refusing.
  const match = /^\s*\{\s*"id"\s*:\s*(\d{1,15})\s*[,}]/.exec(text.slice(0, 64));
  return match ? Number(match[1]) : null;
}

function parseJson(text: string): Result<unknown> {
  try {
    return ok(JSON.parse(text) as unknown);
  } catch {
    return err(ferryError('BAD_INPUT', 'frame is not valid JSON'));
  }
}

/** Server side: one received text frame → a validated command call, or an error to answer with. */
export function parseCommandFrame(text: string): ParsedCommand {
  const json = parseJson(text);
  if (!json.ok) return { ok: false, id: peekFrameId(text), error: json.error };
  const id = isPlainObject(json.value) && frameId(json.value.id) === undefined ? (json.value.id as number) : null;
  const frame = validateWith(commandFrame, json.value, 'frame');
  if (!frame.ok) return { ok: false, id, error: frame.error };
  const args = validateCommand(frame.value.command, frame.value.args);
  if (!args.ok) return { ok: false, id, error: args.error };
  return { ok: true, id: frame.value.id, command: frame.value.command as FerryCommand, args: args.value };
}

function parseResult(value: unknown): Result<Result<unknown>> {
  if (!isPlainObject(value) || typeof value.ok !== 'boolean') return err(ferryError('BAD_INPUT', 'frame.result: expected a Result'));
  // `ok(undefined)` loses its `value` key in JSON: a void command's success arrives as `{ ok: true }`.
  if (value.ok) return ok(ok(value.value));
  const error = validateWith(ferryErrorValidator, value.error, 'frame.result.error');
  return error.ok ? ok(err(error.value)) : error;
}

/** Client side: one received text frame → a response or a validated event. */
export function parseServerFrame(text: string): Result<ServerFrame> {
  const json = parseJson(text);
  if (!json.ok) return json;
  const value = json.value;
  if (!isPlainObject(value)) return err(ferryError('BAD_INPUT', 'frame: expected an object'));
  if ('event' in value) {
    const event = validateEvent(value.event);
    return event.ok ? ok({ event: event.value }) : event;
  }
  const idProblem = value.id === null ? undefined : frameId(value.id);
  if (idProblem) return err(ferryError('BAD_INPUT', `frame.id: ${idProblem.message}`));
  const result = parseResult(value.result);
  return result.ok ? ok({ id: value.id as number | null, result: result.value }) : result;
}
