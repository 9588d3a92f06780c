import { jsonDefaults, monaco } from './monaco';

/**
 * Monaco's JSON language has one global schema list; each request tab adds its message's schema, matched
 * to that tab's model URI only, so two tabs for different methods validate against their own types.
 */
const schemas = new Map<string, Record<string, unknown>>();

function publish(): void {
  jsonDefaults.setDiagnosticsOptions({
    validate: true,
    allowComments: false,
    trailingCommas: 'error',
    enableSchemaRequest: false,
    schemas: [...schemas].map(([modelUri, schema]) => ({ uri: `${modelUri}#schema`, fileMatch: [modelUri], schema })),
  });
}

export function setModelSchema(modelUri: string, schema: Record<string, unknown> | undefined): void {
  const current = schemas.get(modelUri);
  if (current === schema) return;
  if (schema) schemas.set(modelUri, schema);
  else schemas.delete(modelUri);
  publish();
}

/** Frees a closed tab's Monaco models (they otherwise live as long as the page). */
export function disposeModels(modelUris: readonly string[]): void {
  for (const uri of modelUris) {
    schemas.delete(uri);
    monaco.editor.getModel(monaco.Uri.parse(uri))?.dispose();
  }
  publish();
}
