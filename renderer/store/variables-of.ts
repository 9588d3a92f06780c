import type { EnvironmentChoice } from '../../shared/api';
import type { FerryState } from './types';

/** Which variables the engine substitutes on Connect and Send: the open workspace's chosen environment, if any. */
export function variablesOf(state: FerryState): EnvironmentChoice {
  const { status, environment } = state.workspace;
  return status === 'open' && environment !== undefined ? { environment } : {};
}
