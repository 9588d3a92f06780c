import type { EnvironmentChoice } from '../../shared/api';
import type { WorkspaceEnvironment } from '../../shared/model';
import type { FerryState } from './types';

/**
 * Which variables the engine substitutes on Connect and Send: the open workspace's chosen environment, if
 * any, and the values captured from earlier responses.
 */
export function variablesOf(state: FerryState): EnvironmentChoice {
  const { status, environment, captured } = state.workspace;
  return {
    ...(status === 'open' && environment !== undefined && { environment }),
    ...(captured.length > 0 && { captured: captured.map(({ name, value, secret }) => ({ name, value, secret })) }),
  };
}

/** The open workspace's chosen environment, if any. */
export function chosenEnvironment(state: FerryState): WorkspaceEnvironment | undefined {
  const { status, environment, snapshot } = state.workspace;
  return status === 'open' && environment !== undefined ? snapshot?.environments.find((env) => env.name === environment) : undefined;
}
