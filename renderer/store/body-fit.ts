/**
 * A light check of a request body against a message's JSON Schema, run after a schema reload to mark bodies
 * that no longer fit. Monaco shows the full validation in the editor; this only finds what makes a body
 * plainly stale: fields the message no longer has, and objects where the schema now wants something else.
 */
type Schema = Record<string, unknown>;

const MAX_ISSUES = 3;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Follows `$ref` into `definitions` and single-entry `allOf`, as the engine's schemas use them. */
function resolve(schema: unknown, root: Schema, depth = 0): Schema | undefined {
  if (!isObject(schema) || depth > 32) return undefined;
  const ref = schema['$ref'];
  if (typeof ref === 'string' && ref.startsWith('#/definitions/')) {
    const definitions = root['definitions'];
    return isObject(definitions) ? resolve(definitions[ref.slice('#/definitions/'.length)], root, depth + 1) : undefined;
  }
  const allOf = schema['allOf'];
  if (Array.isArray(allOf) && allOf.length === 1 && schema['properties'] === undefined) return resolve(allOf[0], root, depth + 1);
  return schema;
}

function walk(value: unknown, schema: Schema | undefined, root: Schema, path: string, issues: string[]): void {
  if (!schema || issues.length >= MAX_ISSUES) return;
  const properties = schema['properties'];
  if (isObject(value) && isObject(properties)) {
    for (const [key, child] of Object.entries(value)) {
      const childPath = path ? `${path}.${key}` : key;
      if (key in properties) walk(child, resolve(properties[key], root), root, childPath, issues);
      else if (schema['additionalProperties'] === false) issues.push(`${childPath} is not a field any more`);
      if (issues.length >= MAX_ISSUES) return;
    }
    return;
  }
  if (Array.isArray(value) && isObject(schema['items'])) {
    const items = resolve(schema['items'], root);
    value.forEach((item, i) => walk(item, items, root, `${path}[${i}]`, issues));
    return;
  }
  const type = schema['type'];
  if (type === 'object' && value !== null && !isObject(value)) issues.push(`${path || 'the body'} should be an object now`);
  if (type === 'array' && !Array.isArray(value)) issues.push(`${path || 'the body'} should be a list now`);
}

/** Up to three readable reasons the body no longer fits, or none (also for text that is not JSON at all). */
export function bodyFitIssues(body: string, jsonSchema: Schema): string[] {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return [];
  }
  const issues: string[] = [];
  walk(value, resolve(jsonSchema, jsonSchema), jsonSchema, '', issues);
  return issues;
}
