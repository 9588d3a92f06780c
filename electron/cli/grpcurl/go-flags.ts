/**
 * Command-line flags the way Go's `flag` package reads them, which is what grpcurl's users type:
 * `-flag` or `--flag`, `-flag=value` or `-flag value` (booleans only `-flag` or `-flag=false`), parsing stops
 * at the first word that is not a flag (or after `--`), and `-h`/`-help` ask for help.
 */
import { fail } from '../../../shared/errors';

export type GoFlagKind = 'bool' | 'string' | 'float' | 'int' | 'repeated' | 'optional-bool';

export interface GoFlagSpec {
  name: string;
  kind: GoFlagKind;
  /** Help text; lines are printed under the flag as Go's PrintDefaults does. */
  usage: string;
  /** Shown as `(default "json")` in the help when it is not the zero value. */
  defaultValue?: string;
}

export type GoFlagValue = boolean | string | number | string[];

export interface GoFlags {
  values: Map<string, GoFlagValue>;
  /** Flags given explicitly (for -use-reflection, whose meaning depends on whether it was set). */
  given: Set<string>;
  args: string[];
  /** `-h` or `-help` was given (and not defined as a flag): parsing stopped there, as Go's ErrHelp stops it. */
  help: boolean;
}

/** A flag-parsing failure (BAD_INPUT): Go prints the message, then the usage, and exits 2. */
function flagError(message: string): never {
  return fail('BAD_INPUT', message);
}

const TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** strconv.ParseBool. */
function parseBool(text: string): boolean | undefined {
  if (TRUE.has(text)) return true;
  if (FALSE.has(text)) return false;
  return undefined;
}

/** strconv.ParseFloat's accepted forms, closely enough: decimal, exponent, hex, inf and nan. */
function parseFloat(text: string): number | undefined {
  if (/^[+-]?(inf|infinity)$/i.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  if (/^nan$/i.test(text)) return NaN;
  if (!/^[+-]?(\d[\d_]*\.?[\d_]*|\.\d[\d_]*)([eE][+-]?\d+)?$/.test(text) && !/^[+-]?0[xX][0-9a-fA-F]+$/.test(text)) return undefined;
  return Number(text.replace(/_/g, ''));
}

function setValue(spec: GoFlagSpec, flags: GoFlags, raw: string, name: string): void {
  const invalid = (why = 'parse error') => flagError(`invalid value ${JSON.stringify(raw)} for flag -${name}: ${why}`);
  switch (spec.kind) {
    case 'string':
      flags.values.set(spec.name, raw);
      return;
    case 'repeated':
      flags.values.set(spec.name, [...((flags.values.get(spec.name) as string[] | undefined) ?? []), raw]);
      return;
    case 'float': {
      const value = parseFloat(raw);
      if (value === undefined) invalid();
      else if (Math.abs(value) > Number.MAX_VALUE) invalid('value out of range');
      flags.values.set(spec.name, value!);
      return;
    }
    case 'int': {
      if (!/^[+-]?(0[xXoObB])?[0-9a-fA-F_]+$/.test(raw)) invalid();
      const value = Number(raw.replace(/_/g, ''));
      if (!Number.isSafeInteger(value)) invalid(Number.isNaN(value) ? 'parse error' : 'value out of range');
      flags.values.set(spec.name, value);
      return;
    }
    default: {
      const value = parseBool(raw);
      if (value === undefined) {
        // Go's own bool flags say "parse error"; grpcurl's -use-reflection passes strconv's error through.
        if (spec.kind === 'bool') flagError(`invalid boolean value ${JSON.stringify(raw)} for -${name}: parse error`);
        invalid(`strconv.ParseBool: parsing ${JSON.stringify(raw)}: invalid syntax`);
      }
      flags.values.set(spec.name, value!);
    }
  }
}

/** Parses `argv` against `specs`, as `flag.FlagSet.Parse` does; a bad flag fails with BAD_INPUT and Go's words. */
export function parseGoFlags(argv: readonly string[], specs: readonly GoFlagSpec[]): GoFlags {
  const byName = new Map(specs.map((spec) => [spec.name, spec]));
  const flags: GoFlags = { values: new Map(), given: new Set(), args: [], help: false };
  let i = 0;
  for (; i < argv.length; i++) {
    const word = argv[i]!;
    if (word.length < 2 || word[0] !== '-') break;
    if (word === '--') {
      i++;
      break;
    }
    const body = word.slice(word[1] === '-' ? 2 : 1);
    if (body === '' || body[0] === '-' || body[0] === '=') flagError(`bad flag syntax: ${word}`);
    const eq = body.indexOf('=', 1);
    const name = eq === -1 ? body : body.slice(0, eq);
    const spec = byName.get(name);
    if (!spec) {
      if (name === 'help' || name === 'h') return { ...flags, help: true };
      flagError(`flag provided but not defined: -${name}`);
    }
    flags.given.add(spec.name);
    if (spec.kind === 'bool' || spec.kind === 'optional-bool') {
      setValue(spec, flags, eq === -1 ? 'true' : body.slice(eq + 1), name);
      continue;
    }
    let value = eq === -1 ? undefined : body.slice(eq + 1);
    if (value === undefined) {
      if (i + 1 >= argv.length) flagError(`flag needs an argument: -${name}`);
      value = argv[++i]!;
    }
    setValue(spec, flags, value, name);
  }
  flags.args = argv.slice(i);
  return flags;
}

/** The flag list as Go's PrintDefaults prints it: sorted by name, the usage indented under each flag. */
export function printGoDefaults(specs: readonly GoFlagSpec[]): string {
  const sorted = [...specs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return sorted
    .map((spec) => {
      const typeName = { bool: '', 'optional-bool': '', string: 'string', float: 'float', int: 'int', repeated: 'value' }[spec.kind];
      let line = `  -${spec.name}${typeName ? ` ${typeName}` : ''}`;
      // Go keeps one-letter boolean flags on one line with their usage.
      line += line.length <= 4 ? '\t' : '\n    \t';
      line += spec.usage.replace(/\n/g, '\n    \t');
      if (spec.defaultValue !== undefined) line += spec.kind === 'string' ? ` (default ${JSON.stringify(spec.defaultValue)})` : ` (default ${spec.defaultValue})`;
      return `${line}\n`;
    })
    .join('');
}
