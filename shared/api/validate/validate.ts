import { err, ferryError, ok, type Result } from '../../errors';
import { FERRY_COMMANDS, type FerryCommand, type FerryEvent } from '../ferry-api';
import { COMMAND_VALIDATORS, type CommandArgs } from './command-validators';
import { ferryEventValidator } from './event-validators';
import { describeProblem, quoteChoices, type Validator } from './guards';

const COMMAND_NAMES: ReadonlySet<string> = new Set(FERRY_COMMANDS);

export function isFerryCommand(name: unknown): name is FerryCommand {
  return typeof name === 'string' && COMMAND_NAMES.has(name);
}

/** Runs a validator and turns its first problem into a BAD_INPUT error that names the path. */
export function validateWith<T>(validator: Validator<T>, value: unknown, root: string): Result<T> {
  const found = validator(value);
  if (!found) return ok(value as T);
  const problem = { ...found, path: `${root}${found.path}` };
  const details = problem.expected === undefined ? { fieldPath: problem.path } : { fieldPath: problem.path, expected: problem.expected };
  return err(ferryError('BAD_INPUT', describeProblem(problem), details));
}

/**
 * Checks a command's argument list (as received from a transport) before it reaches the engine.
 * An unknown command is an error too, so a receiver can pass any string it was sent.
 */
export function validateCommand<K extends FerryCommand>(command: K, args: unknown): Result<CommandArgs<K>>;
export function validateCommand(command: string, args: unknown): Result<CommandArgs<FerryCommand>>;
export function validateCommand(command: string, args: unknown): Result<CommandArgs<FerryCommand>> {
  if (!isFerryCommand(command)) {
    const shown = JSON.stringify(command.length > 60 ? `${command.slice(0, 60)}…` : command);
    return err(ferryError('BAD_INPUT', `unknown command ${shown}`, { fieldPath: 'command', expected: quoteChoices(FERRY_COMMANDS) }));
  }
  const validator = COMMAND_VALIDATORS[command] as Validator<CommandArgs<FerryCommand>>;
  return validateWith(validator, args, 'args');
}

/** Checks one pushed event before a receiver applies it. */
export function validateEvent(value: unknown): Result<FerryEvent> {
  return validateWith(ferryEventValidator, value, 'event');
}
