import { fail } from '../../shared/errors';
import { MAX_TIMER_MS } from '../engine';

/**
 * A flag a command accepts. `value` flags take the next word (or `--flag=value`); `repeat` ones collect every
 * use; `once` ones refuse a second use instead of keeping the last (a second `-d` would drop a message), and
 * `once` says what to do instead.
 */
export interface FlagSpec {
  name: string;
  short?: string;
  value?: boolean;
  repeat?: boolean;
  once?: string;
}

export interface ParsedArgs {
  positionals: string[];
  /** Boolean flags map to `true`; value flags to their last value; repeatable ones to every value. */
  flags: Map<string, string | string[] | true>;
}

function findSpec(specs: readonly FlagSpec[], word: string): FlagSpec | undefined {
  if (word.startsWith('--')) return specs.find((s) => s.name === word.slice(2));
  return specs.find((s) => s.short === word.slice(1));
}

function record(parsed: ParsedArgs, spec: FlagSpec, value: string | true): void {
  if (spec.once && parsed.flags.has(spec.name)) {
    const name = spec.short ? `-${spec.short}/--${spec.name}` : `--${spec.name}`;
    fail('BAD_INPUT', `${name} is given twice, and only one is used; ${spec.once}`);
  }
  if (spec.repeat && typeof value === 'string') {
    const previous = parsed.flags.get(spec.name);
    parsed.flags.set(spec.name, [...(Array.isArray(previous) ? previous : []), value]);
  } else {
    parsed.flags.set(spec.name, value);
  }
}

/**
 * Parses argv words against the command's flags. Unknown flags are bad usage (exit 2), not silently
 * ignored: a mistyped `--plaintex` must not quietly fall back to TLS.
 */
export function parseArgs(words: readonly string[], specs: readonly FlagSpec[], command: string): ParsedArgs {
  const parsed: ParsedArgs = { positionals: [], flags: new Map() };
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word === '--') {
      parsed.positionals.push(...words.slice(i + 1));
      break;
    }
    if (!word.startsWith('-') || word === '-' || word === '@-') {
      parsed.positionals.push(word);
      continue;
    }
    const eq = word.startsWith('--') ? word.indexOf('=') : -1;
    const name = eq === -1 ? word : word.slice(0, eq);
    const spec = findSpec(specs, name);
    if (!spec) fail('BAD_INPUT', `unknown flag ${name} for \`ferry ${command}\` (see \`ferry ${command} --help\`)`);
    if (!spec.value) {
      if (eq !== -1) fail('BAD_INPUT', `flag ${name} takes no value`);
      record(parsed, spec, true);
      continue;
    }
    const value = eq !== -1 ? word.slice(eq + 1) : words[++i];
    if (value === undefined) fail('BAD_INPUT', `flag ${name} needs a value`);
    record(parsed, spec, value);
  }
  return parsed;
}

export function flagString(args: ParsedArgs, name: string): string | undefined {
  const value = args.flags.get(name);
  if (Array.isArray(value)) return value[value.length - 1];
  return typeof value === 'string' ? value : undefined;
}

export function flagList(args: ParsedArgs, name: string): string[] {
  const value = args.flags.get(name);
  if (Array.isArray(value)) return value;
  return typeof value === 'string' ? [value] : [];
}

export function flagBool(args: ParsedArgs, name: string): boolean {
  return args.flags.get(name) === true;
}

/** A flag value that must be a non-negative number, e.g. `--max-time 2.5`. */
export function flagNumber(args: ParsedArgs, name: string): number | undefined {
  const text = flagString(args, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0) {
    fail('BAD_INPUT', `--${name} expects a non-negative number, got "${text}"`);
  }
  return value;
}

/** A whole-number flag from `min` to `max`, e.g. `--port 8080`. */
export function flagInteger(args: ParsedArgs, name: string, min: number, max: number): number | undefined {
  const text = flagString(args, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) fail('BAD_INPUT', `--${name} expects a whole number from ${min} to ${max}, got "${text}"`);
  return value;
}

/** A duration flag in seconds (`--max-time 2.5`), as milliseconds; longer than a timer can hold is bad input. */
export function flagSeconds(args: ParsedArgs, name: string): number | undefined {
  const seconds = flagNumber(args, name);
  if (seconds === undefined) return undefined;
  const ms = Math.round(seconds * 1000);
  if (ms > MAX_TIMER_MS) fail('BAD_INPUT', `--${name} ${flagString(args, name)} is too long: at most ${Math.floor(MAX_TIMER_MS / 1000)} seconds (about 24 days)`);
  return ms;
}
