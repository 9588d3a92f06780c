import type { JsonPathSegment } from '../../../../shared/json';
import type { Assertion } from '../../../../shared/model';
import { GRPC_STATUS_NAMES } from '../../../../shared/util';
import { parseJsonPath } from '../json-path';
import { describe, type FieldReader, type Json } from './field-reader';

/**
 * Assertions are stored as small objects whose one distinguishing key says what they check:
 *   { "status": "OK" }                       { "status": 5 }
 *   { "jsonPath": "$.user.id", "equals": "42" }
 *   { "jsonPath": "$.items[*].id", "contains": "7" }
 *   { "jsonPath": "$.message", "matches": "^hello" }
 *   { "maxTimeMs": 500 }                     { "messageCount": 3 }
 */
export function assertionToFile(assertion: Assertion): Json {
  switch (assertion.type) {
    case 'status':
      return { status: assertion.status };
    case 'jsonPath':
      return { jsonPath: assertion.path, [assertion.op]: assertion.expected };
    case 'maxTime':
      return { maxTimeMs: assertion.ms };
    case 'messageCount':
      return { messageCount: assertion.count };
  }
}

export function assertionFromFile(value: unknown, path: readonly JsonPathSegment[], reader: FieldReader): Assertion {
  const object = reader.object(value, path, ['status', 'jsonPath', 'equals', 'contains', 'matches', 'maxTimeMs', 'messageCount']);
  if (object.status !== undefined) return { type: 'status', status: statusOf(object.status, [...path, 'status'], reader) };
  if (object.jsonPath !== undefined) return jsonPathAssertion(object, path, reader);
  if (object.maxTimeMs !== undefined) return { type: 'maxTime', ms: reader.integer(object, 'maxTimeMs', path, 1) };
  if (object.messageCount !== undefined) return { type: 'messageCount', count: reader.integer(object, 'messageCount', path, 0) };
  return reader.fail(path, 'an assertion needs one of status, jsonPath, maxTimeMs or messageCount', 'status, jsonPath, maxTimeMs or messageCount');
}

function statusOf(value: unknown, path: readonly JsonPathSegment[], reader: FieldReader): string | number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < GRPC_STATUS_NAMES.length) return value;
  if (typeof value === 'string' && (GRPC_STATUS_NAMES as readonly string[]).includes(value)) return value;
  return reader.fail(path, `${describe(value)} is not a gRPC status`, 'a status name like "NOT_FOUND" or its number 0–16');
}

function jsonPathAssertion(object: Json, path: readonly JsonPathSegment[], reader: FieldReader): Assertion {
  const jsonPath = reader.string(object, 'jsonPath', path);
  const parsed = parseJsonPath(jsonPath);
  if (!parsed.ok) reader.fail([...path, 'jsonPath'], parsed.error.message, parsed.error.details?.expected);
  const ops = (['equals', 'contains', 'matches'] as const).filter((op) => object[op] !== undefined);
  if (ops.length !== 1) reader.fail(path, 'a jsonPath assertion needs exactly one of equals, contains or matches', 'equals, contains or matches');
  const op = ops[0]!;
  if (op === 'matches') {
    const pattern = reader.string(object, 'matches', path);
    try {
      new RegExp(pattern);
    } catch (reason) {
      reader.fail([...path, 'matches'], `invalid regular expression: ${(reason as Error).message}`, 'a JavaScript regular expression');
    }
  }
  return { type: 'jsonPath', path: jsonPath, op, expected: object[op] };
}
