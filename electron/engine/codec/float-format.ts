/**
 * Floating-point numbers the way other tools print them, so output matches byte for byte:
 * Go's `strconv.FormatFloat(f, 'g', -1, bits)` (grpcurl's text format and JSON numbers), Go's
 * `encoding/json` (well-known types inside grpcurl's JSON) and C's `%.Ng` (protoc's text format).
 */

/** The shortest decimal digits that read back as `value` (as a float32 when bits is 32), and the exponent. */
function shortestDigits(value: number, bits: 32 | 64): { digits: string; exponent: number } {
  let text = Math.abs(value).toExponential();
  if (bits === 32) {
    for (let precision = 1; precision <= 9; precision++) {
      const candidate = Math.abs(value).toExponential(precision - 1);
      if (Math.fround(Number(candidate)) === Math.abs(value)) {
        text = candidate;
        break;
      }
    }
  }
  const [mantissa = '0', exp = '0'] = text.split('e');
  return { digits: mantissa.replace('.', '').replace(/0+$/, '') || '0', exponent: Number(exp) };
}

function exponentForm(sign: string, digits: string, exponent: number): string {
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const magnitude = String(Math.abs(exponent)).padStart(2, '0');
  return `${sign}${mantissa}e${exponent < 0 ? '-' : '+'}${magnitude}`;
}

function fixedForm(sign: string, digits: string, exponent: number): string {
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  if (digits.length <= exponent + 1) return `${sign}${digits}${'0'.repeat(exponent + 1 - digits.length)}`;
  return `${sign}${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
}

const signOf = (value: number): string => (value < 0 || Object.is(value, -0) ? '-' : '');

/** Go's FormatFloat(value, 'g', -1, bits). NaN and infinities are the caller's business. */
export function goFormatFloat(value: number, bits: 32 | 64): string {
  if (value === 0) return `${signOf(value)}0`;
  const { digits, exponent } = shortestDigits(value, bits);
  // Go switches to the exponent form below 1e-4 and from 1e6 on when printing the shortest form.
  if (exponent < -4 || exponent >= 6) return exponentForm(signOf(value), digits, exponent);
  return fixedForm(signOf(value), digits, exponent);
}

/** A finite float as Go's encoding/json writes it (plain decimal between 1e-6 and 1e21, else e-notation). */
export function goJsonFloat(value: number, bits: 32 | 64): string {
  if (value === 0) return `${signOf(value)}0`;
  const { digits, exponent } = shortestDigits(value, bits);
  const abs = Math.abs(value);
  // Go writes two exponent digits, then trims "e-07" to "e-7".
  if (abs < 1e-6 || abs >= 1e21) return exponentForm(signOf(value), digits, exponent).replace(/e-0(\d)$/, 'e-$1');
  return fixedForm(signOf(value), digits, exponent);
}

/** C's printf("%.{precision}g", value) for a finite value. */
export function cFormatG(value: number, precision: number): string {
  if (value === 0) return `${signOf(value)}0`;
  const [mantissa = '0', exp = '0'] = Math.abs(value).toExponential(precision - 1).split('e');
  const exponent = Number(exp);
  const digits = mantissa.replace('.', '').replace(/0+$/, '') || '0';
  if (exponent < -4 || exponent >= precision) return exponentForm(signOf(value), digits, exponent);
  return fixedForm(signOf(value), digits, exponent);
}

/** protoc's text format: %.15g for doubles (%.17g when that would not read back), %.6g / %.9g for floats. */
export function protocFormatFloat(value: number, bits: 32 | 64): string {
  if (bits === 64) {
    const short = cFormatG(value, 15);
    return Number(short) === value ? short : cFormatG(value, 17);
  }
  const short = cFormatG(value, 6);
  return Math.fround(Number(short)) === value ? short : cFormatG(value, 9);
}
