import type { FerryApi, FerryCommand } from '../../../shared/api';
import { validateCommand } from '../../../shared/api/validate';
import { err, ferryError, isFerryError, toFerryError, type Result } from '../../../shared/errors';

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { ok?: unknown; error?: unknown };
  return candidate.ok === true || (candidate.ok === false && isFerryError(candidate.error));
}

/**
 * Runs one command whose arguments were validated for it. Always answers a Result: whatever the handler
 * throws, or answers that is not a Result, is a bug and becomes an INTERNAL_BUG value.
 */
export async function invokeCommand(api: FerryApi, command: FerryCommand, args: readonly unknown[]): Promise<Result<unknown>> {
  try {
    // Arguments were validated against this command's own parameter list, so the spread is sound.
    const method = api[command] as (...values: unknown[]) => Promise<unknown>;
    const result = await method.apply(api, [...args]);
    if (isResult(result)) return result;
    return err(ferryError('INTERNAL_BUG', `internal error: ${command} did not answer a Result`));
  } catch (reason) {
    return err(toFerryError(reason));
  }
}

/** Validates a command's arguments as received from a transport, then runs it (see `invokeCommand`). */
export async function dispatchCommand(api: FerryApi, command: FerryCommand, args: unknown): Promise<Result<unknown>> {
  const checked = validateCommand(command, args);
  if (!checked.ok) return checked;
  return invokeCommand(api, command, checked.value);
}
