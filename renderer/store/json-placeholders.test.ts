import { describe, expect, it } from 'vitest';
import { findJsonProblem } from '../../shared/json';
import { hasPlaceholders, maskPlaceholders } from './json-placeholders';

describe('maskPlaceholders', () => {
  it('lets whole-value variables stand for a value, keeping every offset', () => {
    const body = '{"n": {{size}}, "list": [{{ a.b }}, 1], {{key}}: true}';
    const masked = maskPlaceholders(body);
    expect(masked).toHaveLength(body.length);
    expect(findJsonProblem(masked)).toBeUndefined();
    expect(findJsonProblem(body)).toBeDefined();
    expect(hasPlaceholders(body)).toBe(true);
  });

  it('leaves variables inside strings, and braces that are no variable, as they are', () => {
    expect(maskPlaceholders('{"a": "{{x}}"}')).toBe('{"a": "{{x}}"}');
    expect(hasPlaceholders('{"a": "say \\"{{x}}\\""}')).toBe(false);
    expect(maskPlaceholders('{{1x}}')).toBe('{{1x}}');
    expect(hasPlaceholders('{"a": 1}')).toBe(false);
  });

  it('still finds real mistakes, at their place in the typed text', () => {
    expect(findJsonProblem(maskPlaceholders('{"n": {{size}},\n"m": }'))).toMatchObject({ line: 2, column: 6 });
  });
});
