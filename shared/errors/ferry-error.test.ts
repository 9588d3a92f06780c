import { describe, expect, it } from 'vitest';
import { describeFerryError, ferryError } from './ferry-error';

describe('describeFerryError', () => {
  it('puts the file and place in front, once', () => {
    const json = ferryError('BAD_INPUT', 'message 2: invalid JSON at line 2, column 13: trailing comma', { file: '-d', line: 2, column: 13 });
    expect(describeFerryError(json)).toBe('-d:2:13: message 2: invalid JSON: trailing comma');
    const proto = ferryError('SCHEMA_ERROR', 'a.proto:3:9: d.M is already defined earlier in this file', { file: 'a.proto', line: 3, column: 9 });
    expect(describeFerryError(proto)).toBe('a.proto:3:9: d.M is already defined earlier in this file');
    expect(describeFerryError(ferryError('BAD_INPUT', 'invalid JSON at line 1, column 2: x', { line: 1, column: 2 }))).toBe('invalid JSON at line 1, column 2: x');
    // Placed by file and line in its own words: the column alone does not earn a second place.
    expect(describeFerryError(ferryError('BAD_INPUT', 'mock.json:3: colour: unknown field', { file: 'mock.json', line: 3, column: 5 }))).toBe('mock.json:3: colour: unknown field');
  });

  it('adds the directories searched and a hint', () => {
    const missing = ferryError('SCHEMA_ERROR', 'import "x.proto" not found', { file: 'a.proto', searched: ['/p'], hint: 'add it with -I' });
    expect(describeFerryError(missing)).toBe('a.proto: import "x.proto" not found (searched: /p); add it with -I');
  });
});
