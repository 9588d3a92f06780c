import { describe, expect, it } from 'vitest';
import { matchingVariables, variableAtCaret, withVariable } from './variable-at-caret';

/** The caret is where `|` is written. */
const at = (text: string) => variableAtCaret(text.replace('|', ''), text.indexOf('|') + 1);

describe('variableAtCaret', () => {
  it('finds the name being typed after an open {{, spaces allowed', () => {
    expect(at('  "id": "{{|')).toEqual({ startColumn: 12, typed: '', closed: false });
    expect(at('  "id": "{{ ord|')).toEqual({ startColumn: 13, typed: 'ord', closed: false });
    expect(at('"n": {{$ra|}}')).toEqual({ startColumn: 8, typed: '$ra', closed: true });
    expect(at('"n": "{{or|der }}"')).toMatchObject({ typed: 'or', closed: true });
  });

  it('is undefined outside an open {{', () => {
    expect(at('"id": "{|')).toBeUndefined();
    expect(at('"id": "{{a}} |')).toBeUndefined();
    expect(at('"id": "{{a b|')).toBeUndefined();
  });
});

const variables = ['orderId', 'host', 'customerOrder', '$uuid'].map((name) => ({ name, detail: 'environment e' }));

describe('matchingVariables', () => {
  it('keeps names holding what was typed in any case, those starting with it first', () => {
    expect(matchingVariables(variables, 'ord').map((v) => v.name)).toEqual(['orderId', 'customerOrder']);
    expect(matchingVariables(variables, '').map((v) => v.name)).toEqual(['orderId', 'host', 'customerOrder', '$uuid']);
    expect(matchingVariables(variables, '$U').map((v) => v.name)).toEqual(['$uuid']);
    expect(matchingVariables(variables, 'zzz')).toEqual([]);
  });
});

describe('withVariable', () => {
  const write = (text: string, name: string) => {
    const written = withVariable(text.replace('|', ''), text.indexOf('|'), name);
    return written && written.text.slice(0, written.caret) + '|' + written.text.slice(written.caret);
  };

  it('writes the name and its closing braces, the caret after them', () => {
    expect(write('Bearer {{|', 'token')).toBe('Bearer {{token}}|');
    expect(write('Bearer {{to|', 'token')).toBe('Bearer {{token}}|');
    expect(write('{{ h|:443', 'host')).toBe('{{ host}}|:443');
  });

  it('replaces the whole name around the caret and keeps braces already there', () => {
    expect(write('{{or|der }}-x', 'orderId')).toBe('{{orderId }}|-x');
    expect(write('a {{|}} b', 'host')).toBe('a {{host}}| b');
  });

  it('is undefined outside an open {{', () => {
    expect(write('Bearer {|', 'token')).toBeUndefined();
  });
});
