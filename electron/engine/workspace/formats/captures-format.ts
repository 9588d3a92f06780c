import type { JsonPathSegment } from '../../../../shared/json';
import { VARIABLE_NAME, VARIABLE_NAME_RULE, type Capture } from '../../../../shared/model';
import { parseJsonPath } from '../json-path';
import { type FieldReader, type Json } from './field-reader';

/**
 * Captures are stored as small objects naming the variable and where its value comes from:
 *   { "variable": "orderId", "jsonPath": "$.order.id" }
 *   { "variable": "session", "header": "x-session-id", "secret": true }
 */
export function captureToFile(capture: Capture): Json {
  return { variable: capture.variable, [capture.from]: capture.path, ...(capture.secret && { secret: true }) };
}

export function capturesFromFile(value: unknown, reader: FieldReader): Capture[] {
  const seen = new Set<string>();
  return reader.array(value, ['captures']).map((entry, i) => {
    const capture = captureFromFile(entry, ['captures', i], reader);
    if (seen.has(capture.variable)) reader.fail(['captures', i, 'variable'], `variable "${capture.variable}" is captured twice`, 'each variable once');
    seen.add(capture.variable);
    return capture;
  });
}

function captureFromFile(value: unknown, path: readonly JsonPathSegment[], reader: FieldReader): Capture {
  const object = reader.object(value, path, ['variable', 'jsonPath', 'header', 'secret']);
  const variable = reader.string(object, 'variable', path);
  if (!VARIABLE_NAME.test(variable)) reader.fail([...path, 'variable'], `"${variable}" is not a valid variable name`, VARIABLE_NAME_RULE);
  const sources = (['jsonPath', 'header'] as const).filter((key) => object[key] !== undefined);
  if (sources.length !== 1) reader.fail(path, 'a capture needs exactly one of jsonPath or header', 'jsonPath or header');
  const from = sources[0]!;
  const source = reader.string(object, from, path);
  if (from === 'jsonPath') {
    const parsed = parseJsonPath(source);
    if (!parsed.ok) reader.fail([...path, 'jsonPath'], parsed.error.message, parsed.error.details?.expected);
  } else if (!/^[0-9a-z_.-]+$/.test(source)) {
    reader.fail([...path, 'header'], `"${source}" is not a header name`, 'lower-case 0-9 a-z _ . -');
  }
  return { variable, from, path: source, secret: reader.optionalBoolean(object, 'secret', path) ?? false };
}
