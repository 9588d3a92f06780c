import { describe, expect, it } from 'vitest';
import { blankCommentsAndStrings, importAt, matchesInScope, packageOf, pathInPackage, scopesOf, useAfter } from './proto-text-places';

const TEXT = [
  'syntax = "proto3"; // message Fake {',
  'package a.b;',
  '/* enum Hidden { } */',
  'message Outer {',
  '  message Inner { string s = 1 [json_name = "x { y"]; }',
  '  oneof pick { int32 n = 2; }',
  '  int32 m = 3;',
  '}',
  'service S { rpc Do(Outer) returns (Outer.Inner) { option deprecated = true; } }',
].join('\n');

describe('proto text places', () => {
  const blanked = blankCommentsAndStrings(TEXT);

  it('blanks comments and strings, keeping every offset and line break', () => {
    expect(blanked).toHaveLength(TEXT.length);
    expect(blanked.split('\n')).toHaveLength(TEXT.split('\n').length);
    expect(blanked).not.toContain('Fake');
    expect(blanked).not.toContain('Hidden');
    expect(blanked).not.toContain('x { y');
    expect(blanked).toContain('message Inner');
  });

  it('knows the messages and services around an offset, anonymous blocks left out', () => {
    const scopeAt = (blankedText: string, offset: number) => scopesOf(blankedText)(offset);
    expect(scopeAt(blanked, TEXT.indexOf('message Outer'))).toBe('');
    expect(scopeAt(blanked, TEXT.indexOf('string s'))).toBe('Outer.Inner');
    expect(scopeAt(blanked, TEXT.indexOf('int32 n'))).toBe('Outer');
    expect(scopeAt(blanked, TEXT.indexOf('int32 m'))).toBe('Outer');
    expect(scopeAt(blanked, TEXT.indexOf('option deprecated'))).toBe('S');
  });

  it('reads the package and places full names inside it', () => {
    expect(packageOf(blanked)).toBe('a.b');
    expect(packageOf('message M {}')).toBe('');
    expect(pathInPackage('.a.b.Outer.Inner', 'a.b')).toBe('Outer.Inner');
    expect(pathInPackage('.a.b', 'a.b')).toBe('');
    expect(pathInPackage('.x.M', '')).toBe('x.M');
  });

  it('keeps matches of the scope asked for, at their named group', () => {
    const fields = matchesInScope(blanked, /(?<name>\w+)\s*=\s*\d/dg, (scope) => scope === 'Outer');
    expect(fields.map((found) => found.match.groups!.name)).toEqual(['n', 'm']);
    expect(fields[0]!.at).toBe(TEXT.indexOf('n = 2'));
  });

  it('finds a name used in a declaration, before its body', () => {
    const rpc = TEXT.indexOf('rpc Do');
    expect(useAfter(blanked, rpc, 'Outer.Inner')).toBe(TEXT.indexOf('Outer.Inner'));
    expect(useAfter(blanked, rpc, 'Outer')).toBe(TEXT.indexOf('Outer)'));
    expect(useAfter(blanked, rpc, 'deprecated')).toBeUndefined();
  });

  it('finds an import statement outside comments', () => {
    const text = '/* import "a.proto"; */\n// import "a.proto";\nimport weak "b.proto";\nimport "a.proto";\n';
    expect(importAt(text, 'a.proto')).toEqual({ line: 4, column: 9 });
    expect(importAt(text, 'b.proto')).toEqual({ line: 3, column: 14 });
    expect(importAt(text, 'c.proto')).toBeUndefined();
  });
});
