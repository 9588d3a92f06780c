import { monaco } from './monaco';
import { variableAtCaret, type VariableSuggestion } from './variable-at-caret';

/**
 * Monaco's completion providers are global per language: one provider serves every request tab, from the
 * variables each tab's model was given (the chosen environment's, the captured ones, the built-ins).
 */
const byModel = new Map<string, readonly VariableSuggestion[]>();
let registered = false;

function register(): void {
  if (registered) return;
  registered = true;
  monaco.languages.registerCompletionItemProvider('json', {
    triggerCharacters: ['{'],
    provideCompletionItems(model, position) {
      const variables = byModel.get(model.uri.toString());
      const at = variables && variableAtCaret(model.getLineContent(position.lineNumber), position.column);
      if (!variables || !at) return { suggestions: [] };
      const range = new monaco.Range(position.lineNumber, at.startColumn, position.lineNumber, position.column);
      return {
        suggestions: variables.map((variable, i) => ({
          label: variable.name,
          kind: monaco.languages.CompletionItemKind.Variable,
          detail: variable.detail,
          ...(variable.documentation !== undefined && { documentation: variable.documentation }),
          insertText: at.closed ? variable.name : `${variable.name}}}`,
          range,
          // Before the schema's own suggestions, in the order given.
          sortText: `0${String(i).padStart(4, '0')}`,
        })),
      };
    },
  });
}

export function setModelVariables(modelUri: string, variables: readonly VariableSuggestion[] | undefined): void {
  register();
  if (variables && variables.length > 0) byModel.set(modelUri, variables);
  else byModel.delete(modelUri);
}
