import { describe, expect, it } from 'vitest';
import { variableAtCaret } from './variable-at-caret';

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
