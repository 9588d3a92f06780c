import type { EnvironmentChoice } from '../../shared/api';
import type { CapturedVariable, WorkspaceEnvironment } from '../../shared/model';
import type { CapturedValue } from './captures';
import type { FerryState, RequestTab } from './types';

/**
 * Which variables the engine substitutes on Connect and Send: the open workspace's chosen environment, if
 * any, and the values captured from earlier responses.
 */
export function variablesOf(state: FerryState): EnvironmentChoice {
  const { status, environment, captured } = state.workspace;
  return {
    ...(status === 'open' && environment !== undefined && { environment }),
    ...(captured.length > 0 && { captured: capturedVariables(captured) }),
  };
}

/** The variables of a tab's calls: the page's, without the environment's metadata when the tab opts out. */
export function tabVariables(state: FerryState, tab: Pick<RequestTab, 'environmentMetadata'>): EnvironmentChoice {
  return { ...variablesOf(state), ...(tab.environmentMetadata === false && { environmentMetadata: false }) };
}

/** The open workspace's chosen environment, if any. */
export function chosenEnvironment(state: FerryState): WorkspaceEnvironment | undefined {
  const { status, environment, snapshot } = state.workspace;
  return status === 'open' && environment !== undefined ? snapshot?.environments.find((env) => env.name === environment) : undefined;
}

/** The page's values as the engine takes them: without where each came from. */
export function capturedVariables(values: readonly CapturedValue[]): CapturedVariable[] {
  return values.map(({ name, value, secret }) => ({ name, value, secret }));
}
