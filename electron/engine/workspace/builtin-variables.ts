import { randomInt, randomUUID } from 'node:crypto';
import { BUILTIN_VARIABLES, type BuiltinVariableName } from '../../../shared/model';

/**
 * How each built-in (shared/model names them for every front end) is made. Each use gets a fresh value (two
 * `{{$uuid}}` in one body are two different ids), as in Postman and Bruno.
 */
const BUILTINS: Record<BuiltinVariableName, () => unknown> = {
  $uuid: () => randomUUID(),
  /** Unix time in seconds, a number: `"createdAt": {{$timestamp}}`. */
  $timestamp: () => Math.floor(Date.now() / 1000),
  $isoTimestamp: () => new Date().toISOString(),
  /** 0 to 1000 inclusive. */
  $randomInt: () => randomInt(0, 1001),
};

export function builtinVariable(name: string): { value: unknown } | undefined {
  const make = Object.prototype.hasOwnProperty.call(BUILTINS, name) ? BUILTINS[name as BuiltinVariableName] : undefined;
  return make ? { value: make() } : undefined;
}

export const BUILTIN_VARIABLE_NAMES: readonly string[] = BUILTIN_VARIABLES.map((builtin) => builtin.name);
