import { describe, expect, it } from 'vitest';
import { cFormatG, goFormatFloat, goJsonFloat, protocFormatFloat } from './float-format';

// Expected strings are what Go's strconv/encoding/json and C's printf produce for the same values.
describe('float formats of other tools', () => {
  it("Go's FormatFloat(f, 'g', -1, bits): shortest digits, exponent form below 1e-4 and from 1e6", () => {
    const cases: Array<[number, 32 | 64, string]> = [
      [1.5, 64, '1.5'], [100000, 64, '100000'], [1234567, 64, '1.234567e+06'], [1e21, 64, '1e+21'], [0.0001, 64, '0.0001'],
      [0.00001, 64, '1e-05'], [-0, 64, '-0'], [0.1, 64, '0.1'], [Math.fround(0.1), 32, '0.1'], [Math.fround(123456789), 32, '1.2345679e+08'],
      [1.7976931348623157e308, 64, '1.7976931348623157e+308'], [5e-324, 64, '5e-324'], [-2.5, 32, '-2.5'],
    ];
    for (const [value, bits, expected] of cases) expect(goFormatFloat(value, bits)).toBe(expected);
  });

  it("Go's encoding/json: plain decimals between 1e-6 and 1e21, e-notation with a trimmed exponent otherwise", () => {
    const cases: Array<[number, 32 | 64, string]> = [
      [1234567, 64, '1234567'], [1e21, 64, '1e+21'], [1e-7, 64, '1e-7'], [0.000001, 64, '0.000001'], [1.5e-10, 64, '1.5e-10'],
      [Math.fround(123456789), 32, '123456790'], [-0, 64, '-0'], [1e20, 64, '100000000000000000000'],
    ];
    for (const [value, bits, expected] of cases) expect(goJsonFloat(value, bits)).toBe(expected);
  });

  it("C's %g and protoc's choice of precision", () => {
    expect(cFormatG(0.1, 15)).toBe('0.1');
    expect(cFormatG(1e-5, 6)).toBe('1e-05');
    expect(cFormatG(123456, 6)).toBe('123456');
    expect(cFormatG(1234567, 6)).toBe('1.23457e+06');
    expect(protocFormatFloat(0.30000000000000004, 64)).toBe('0.30000000000000004');
    expect(protocFormatFloat(Math.fround(123456789), 32)).toBe('123456792');
  });
});
