/**
 * `ferry mock --passthrough --record`: record and replay, as VCR, Polly.js and WireMock's recording do. Each
 * call the real server answers (a unary or server-stream call, whatever its status) becomes a case of the
 * responses file (mock-record-case.ts), first among its method's cases (one with an equal `when` is
 * replaced), so the next identical call is answered by the mock. The new answers are taken at once, before
 * the client hears the call's end, so that next call replays even before the file is written; the file is
 * then written atomically (2-space JSON) in the order the calls ended. A file that does not read at that
 * moment (being edited) is left alone and the call is not recorded; calls go on being forwarded.
 * Client-stream and bidi calls are forwarded, not recorded: their answer depends on more than one request,
 * which a case's `when` cannot say.
 */
import { readFileSync } from 'node:fs';
import { describeFerryError, fail, ioReason, toFerryError } from '../../../shared/errors';
import { casesWithFirst, responsesObject } from '../../../shared/model';
import type { MethodDescriptor, SchemaRegistry } from '../schema';
import { writeFileAtomic } from '../workspace/atomic-write';
import type { ForwardedCall, ForwardRecorder } from './mock-passthrough';
import { recordedCase, type RecordedCase } from './mock-record-case';
import { parseMockScript, type MockAnswer } from './mock-script';

export interface MockRecorderOptions {
  /** The responses file the cases go into; it holds a JSON object of methods and their answers. */
  file: string;
  registry: SchemaRegistry;
  /** Takes the file's answers once a case is recorded, so the next call is answered by it. */
  apply(answers: Map<string, MockAnswer[]>): void;
  /** A line for the user (standard error in the CLI): what was recorded, or why not. */
  note(text: string): void;
}

export interface MockRecorder extends ForwardRecorder {
  /** Settles once every recorded case is written (or failed to be). */
  flushed(): Promise<void>;
}


/** The file's key for `method`: the one it already uses (`Bench/Echo`, `pkg.Bench/Echo`…), else the full name. */
function keyOf(root: Record<string, unknown>, method: MethodDescriptor, registry: SchemaRegistry): string {
  const named = (key: string) => {
    try {
      return registry.findMethod(key).path === method.path;
    } catch {
      return false;
    }
  };
  return Object.keys(root).find(named) ?? method.path.slice(1);
}

/**
 * The file's text with `recorded` first among its method's cases, a case with an equal `when` (and no
 * `metadata` condition, which would make it another case) dropped. Fails (BAD_INPUT, naming the line) for a
 * text that is not a JSON object.
 */
function withCase(text: string, file: string, method: MethodDescriptor, registry: SchemaRegistry, recorded: RecordedCase): string {
  const root = responsesObject(text, file);
  const key = keyOf(root, method, registry);
  return `${JSON.stringify({ ...root, [key]: casesWithFirst(root[key], recorded) }, null, 2)}\n`;
}

export function createMockRecorder(options: MockRecorderOptions): MockRecorder {
  const { file, registry, note } = options;
  /** The text last recorded and not yet on disk: the next case goes into it, not into the older file. */
  let pending: string | undefined;
  let writes = Promise.resolve();
  const told = new Set<string>();
  const current = (): string => {
    if (pending !== undefined) return pending;
    try {
      return readFileSync(file, 'utf8');
    } catch (reason) {
      return fail('IO_ERROR', `cannot read ${file}: ${ioReason(reason)}`, { file });
    }
  };
  const write = (text: string, name: string) => {
    pending = text;
    writes = writes
      .then(() => writeFileAtomic(file, text))
      .then(
        () => note(`ferry mock: recorded ${name} into ${file}`),
        (reason) => note(`ferry mock: recorded ${name}, but cannot write ${file}: ${describeFerryError(toFerryError(reason))}; the mock answers it until it stops`),
      )
      .finally(() => {
        if (pending === text) pending = undefined;
      });
  };
  return {
    wants(path) {
      const method = registry.findMethod(path.slice(1));
      if (method.kind === 'unary' || method.kind === 'server-stream') return true;
      if (!told.has(path)) note(`ferry mock: ${path.slice(1)} is a ${method.kind} method: its calls are forwarded, not recorded`);
      told.add(path);
      return false;
    },
    record(call: ForwardedCall) {
      const method = registry.findMethod(call.path.slice(1));
      const name = call.path.slice(1);
      try {
        const text = withCase(current(), file, method, registry, recordedCase(method, call, registry));
        // Checked as the mock reads it before anything is written: a file that does not read stays as it is.
        options.apply(parseMockScript(text, file, registry));
        write(text, name);
        return true;
      } catch (reason) {
        note(`ferry mock: ${name} not recorded: ${describeFerryError(toFerryError(reason))}; calls are still forwarded`);
        return false;
      }
    },
    flushed: () => writes,
  };
}
