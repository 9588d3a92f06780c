import { fail } from '../../shared/errors';
import { VARIABLE_NAME, VARIABLE_NAME_RULE, type Capture, type CapturedVariable, type CaptureResult, type EnvironmentFile } from '../../shared/model';
import { variableValueOf } from '../../shared/util';
import type { CapturedValue, CapturedValues } from '../engine';

/** A capture as `ferry run` reports it; a secret's value is shown as `***`. */
export interface RunCapture {
  variable: string;
  /** `capture {{orderId}} from $.order.id`. */
  description: string;
  /** The value as JSON text, when one was found. */
  shown?: string;
  failure?: string;
}

/** `--var NAME=VALUE` values: they win over the environment's, and captured values win over them. */
export type VariableOverrides = ReadonlyMap<string, unknown>;

/**
 * `--var` words: `NAME=VALUE`, the value read as the environment editor reads one (`variableValueOf`):
 * JSON when it is JSON (`3`, `true`, `{"a":1}`, `"3"`), else the text itself.
 */
export function variableOverrides(words: readonly string[]): VariableOverrides {
  const overrides = new Map<string, unknown>();
  for (const word of words) {
    const eq = word.indexOf('=');
    const name = eq === -1 ? word : word.slice(0, eq);
    if (eq === -1) fail('BAD_INPUT', `--var ${word}: expected NAME=VALUE`);
    if (!VARIABLE_NAME.test(name)) fail('BAD_INPUT', `--var ${word}: "${name}" is not a variable name (${VARIABLE_NAME_RULE})`);
    overrides.set(name, variableValueOf(word.slice(eq + 1)));
  }
  return overrides;
}

/**
 * While a run is planned: which variables earlier requests capture, so a request using one is checked now
 * and resolved once the capturing request has answered. A variable only a later request captures is an
 * error before anything is sent, unless the environment or `--var` also defines it.
 */
export class PlannedCaptures {
  private readonly earlier = new Map<string, string>();
  private readonly byLater = new Map<string, string>();

  constructor(
    requests: readonly { relativePath: string; file: { captures?: Capture[] } }[],
    private readonly environment: EnvironmentFile | undefined,
    private readonly overrides: VariableOverrides = new Map(),
  ) {
    for (const request of [...requests].reverse()) for (const capture of request.file.captures ?? []) this.byLater.set(capture.variable, request.relativePath);
  }

  /** The values the request at `relativePath` may use, noting in `used` each variable a capture will set. */
  valuesFor(relativePath: string, used: Set<string>): CapturedValues {
    return {
      get: (name) => {
        if (this.earlier.has(name)) {
          used.add(name);
          return { value: '', secret: false };
        }
        if (this.overrides.has(name)) return { value: this.overrides.get(name), secret: false };
        const later = this.byLater.get(name);
        if (later === undefined || this.environment?.variables.some((v) => v.name === name)) return undefined;
        const why = later === relativePath ? 'this request captures it from its own response, after it is sent' : `it is captured by ${later}, which runs after this request`;
        return { missing: why, code: 'BAD_INPUT' };
      },
    };
  }

  /** Called after a request is planned: what it captures is there for the requests after it. */
  add(relativePath: string, captures: readonly Capture[] | undefined): void {
    for (const capture of captures ?? []) this.earlier.set(capture.variable, relativePath);
  }
}

/** While a run goes: the values captured so far, or why a capture has none. */
export class RunCaptures implements CapturedValues {
  private readonly values = new Map<string, CapturedValue>();

  constructor(private readonly overrides: VariableOverrides = new Map()) {}

  get(name: string): CapturedValue | undefined {
    return this.values.get(name) ?? (this.overrides.has(name) ? { value: this.overrides.get(name), secret: false } : undefined);
  }

  record(file: string, results: readonly CaptureResult[]): void {
    for (const { capture, value, failure } of results) {
      this.values.set(capture.variable, failure === undefined ? { value, secret: capture.secret } : { missing: `its capture in ${file} failed: ${failure}`, code: 'FAILED_PRECONDITION' });
    }
  }

  /** A request that could not be made captures nothing; the requests that needed its values say so. */
  recordFailed(file: string, captures: readonly Capture[]): void {
    for (const capture of captures) this.values.set(capture.variable, { missing: `${file} failed before it could capture it`, code: 'FAILED_PRECONDITION' });
  }

  /** `--var` values and the values captured so far, for the engine (a captured one wins over a `--var` one). */
  variables(): CapturedVariable[] {
    const overrides = [...this.overrides].map(([name, value]) => ({ name, value, secret: false }));
    const taken = [...this.values].flatMap(([name, entry]) => ('value' in entry ? [{ name, value: entry.value, secret: entry.secret }] : []));
    return [...overrides, ...taken];
  }

  /** Secret values captured so far, for redacting what the run prints. */
  secretValues(): string[] {
    return [...this.values.values()].flatMap((entry) => ('value' in entry && entry.secret ? [textOf(entry.value)] : []));
  }
}

export function reportedCaptures(results: readonly CaptureResult[]): RunCapture[] {
  return results.map(({ capture, value, failure }) => ({
    variable: capture.variable,
    description: `capture {{${capture.variable}}} from ${capture.from === 'header' ? `header ${capture.path}` : capture.path}`,
    ...(failure === undefined ? { shown: capture.secret ? '***' : JSON.stringify(value) } : { failure }),
  }));
}

/** The text a value stands for when substituted into a string, which is what a redaction must find. */
function textOf(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
