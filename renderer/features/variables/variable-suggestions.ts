import { useMemo } from 'react';
import { BUILTIN_VARIABLES, type WorkspaceEnvironment } from '../../../shared/model';
import type { VariableSuggestion } from '../../editor/variable-at-caret';
import { chosenEnvironment, useFerry } from '../../store';
import type { CapturedValue } from '../../store/captures';
import { SET_BY_HAND, shownCapturedValue } from '../../store/captures';

/**
 * What the body editor and the metadata and target boxes offer after `{{`: captured values first (they win over the environment), then the
 * chosen environment's variables, then the built-ins. A secret's value is never shown.
 */
export function variableSuggestions(captured: readonly CapturedValue[], environment: WorkspaceEnvironment | undefined): VariableSuggestion[] {
  const fromCaptures = captured.map(({ name, value, secret, from }) => ({ name, detail: from === SET_BY_HAND ? 'set for this page' : `captured from ${from}`, documentation: shownCapturedValue(value, secret) }));
  const taken = new Set(captured.map((value) => value.name));
  const fromEnvironment = (environment?.file.variables ?? [])
    .filter((variable) => !taken.has(variable.name))
    .map((variable) => ({
      name: variable.name,
      detail: `environment ${environment!.name}`,
      documentation: variable.oauth2
        ? `*** (an OAuth 2.0 token from ${variable.oauth2.tokenUrl}, fetched when used)`
        : variable.secret
          ? '*** (a secret: its value stays with Ferry)'
          : shownCapturedValue(variable.value, false),
    }));
  const builtins = BUILTIN_VARIABLES.map(({ name, description }) => ({ name, detail: 'built-in', documentation: description }));
  return [...fromCaptures, ...fromEnvironment, ...builtins];
}

/** The variables to offer where `{{` is typed, following the page's captured values and the chosen environment. */
export function useVariableSuggestions(): VariableSuggestion[] {
  const captured = useFerry((s) => s.workspace.captured);
  const environment = useFerry(chosenEnvironment);
  return useMemo(() => variableSuggestions(captured, environment), [captured, environment]);
}
