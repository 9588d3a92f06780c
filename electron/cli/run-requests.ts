/**
 * Runs the planned requests one after another through the engine's `runSavedRequest`, the same run the
 * app's collection runs make: each request's captured values go to the ones after it (with `--var`
 * values beneath them), and a request whose captured value is missing fails here, unsent.
 */
import { unwrap } from '../../shared/errors';
import type { SavedRequestRun } from '../../shared/model';
import { createEngine, redactSecretValues, scrubbedRun, type SecretStore, type TokenSource } from '../engine';
import { reportedCaptures, RunCaptures, type VariableOverrides } from './run-captures';
import type { PlannedRequest } from './run-plan';
import type { RequestRun } from './run-report';

export interface RunRequestsOptions {
  /** The workspace root the plan found. */
  root: string;
  environment?: string;
  secrets: SecretStore;
  /** OAuth 2.0 tokens, and how a sign-in happens at the terminal (`cliTokenSource`). */
  tokens: TokenSource;
  /** The `--var` values of each iteration (with `--iteration-data`, one per row): the requests run once per entry. */
  iterations: readonly VariableOverrides[];
  /** A pause before each request but the first (`--delay-request`), e.g. for a rate-limited service. */
  delayMs: number;
  /** Keep each response for `-v`. */
  responses: boolean;
  /** `--proxy`: how every request's server is reached (request files carry no transport settings). */
  proxy?: string;
  bail: boolean;
  /** Each request's result as it finishes. */
  onRun(run: RequestRun): void;
  /** Called before each iteration when there are several (1-based). */
  onIteration?(iteration: number, of: number): void;
}

export async function runRequests(requests: readonly PlannedRequest[], options: RunRequestsOptions): Promise<{ runs: RequestRun[]; skipped: number }> {
  const engine = createEngine({ secrets: options.secrets, tokens: options.tokens, watchWorkspace: false });
  const { iterations } = options;
  const runs: RequestRun[] = [];
  try {
    unwrap(await engine.openWorkspace(options.root));
    for (const [round, overrides] of iterations.entries()) {
      if (iterations.length > 1) options.onIteration?.(round + 1, iterations.length);
      // Each iteration starts from its own values: what one captured is not carried into the next.
      const captured = new RunCaptures(overrides);
      for (const [index, planned] of requests.entries()) {
        if (options.delayMs > 0 && runs.length > 0) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
        const run = await runOne(planned, captured, async (variables) =>
          unwrap(await engine.runSavedRequest({ path: planned.entry.relativePath, variables: { ...(options.environment !== undefined && { environment: options.environment }), captured: variables }, runId: `${round}:${index}`, responses: options.responses, ...(options.proxy !== undefined && { transport: { proxy: options.proxy } }) })),
        );
        const numbered = iterations.length > 1 ? { ...run, iteration: round + 1 } : run;
        runs.push(numbered);
        options.onRun(numbered);
        if (!run.passed && options.bail) return { runs, skipped: requests.length * iterations.length - runs.length };
      }
    }
    return { runs, skipped: 0 };
  } finally {
    engine.dispose();
  }
}

async function runOne(planned: PlannedRequest, captured: RunCaptures, runSaved: (variables: ReturnType<RunCaptures['variables']>) => Promise<SavedRequestRun>): Promise<RequestRun> {
  const { entry } = planned;
  const base = { file: entry.relativePath, collection: entry.collection, name: entry.file.name, method: entry.file.method };
  // A value an earlier capture should have set: checked here, so a missing one is named as such.
  const resolved = planned.capturedVariables.length > 0 ? planned.resolveWith(captured) : undefined;
  const result = resolved && !resolved.ok ? { target: '', responses: 0, durationMs: 0, assertions: [], captures: [], passed: false, error: resolved.error } : await runSaved(captured.variables());
  if (result.error) captured.recordFailed(entry.relativePath, entry.file.captures ?? []);
  else captured.record(entry.relativePath, result.captures);
  // Reports end up in CI logs and artifacts: a secret captured from one response must not be printed there.
  const secrets = captured.secretValues();
  const shown = scrubbedRun(result, secrets);
  const scrub = (text: string) => redactSecretValues(text, secrets);
  return {
    ...base,
    target: shown.target || entry.file.target,
    ...(shown.status && { status: shown.status }),
    responses: shown.responses,
    ...(shown.responseMessages && { responseMessages: shown.responseMessages }),
    ...(shown.error && { error: shown.error }),
    assertions: shown.assertions,
    captures: reportedCaptures(result.captures).map((c) => ({ ...c, ...(c.shown !== undefined && { shown: scrub(c.shown) }), ...(c.failure !== undefined && { failure: scrub(c.failure) }) })),
    passed: shown.passed,
    durationMs: shown.durationMs,
  };
}
