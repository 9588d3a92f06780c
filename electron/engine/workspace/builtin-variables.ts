import { randomInt, randomUUID } from 'node:crypto';

/**
 * Variables every request can use without defining them. Each use gets a fresh value (two `{{$uuid}}` in
 * one body are two different ids), as in Postman and Bruno.
 */
const BUILTINS: Record<string, () => unknown> = {
  $uuid: () => randomUUID(),
  /** Unix time in seconds, a number: `"createdAt": {{$timestamp}}`. */
  $timestamp: () => Math.floor(Date.now() / 1000),
  $isoTimestamp: () => new Date().toISOString(),
  /** 0 to 1000 inclusive. */
  $randomInt: () => randomInt(0, 1001),
};

export function builtinVariable(name: string): { value: unknown } | undefined {
  const make = BUILTINS[name];
  return make ? { value: make() } : undefined;
}

export const BUILTIN_VARIABLE_NAMES = Object.keys(BUILTINS);
