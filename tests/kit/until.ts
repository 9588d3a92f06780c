/**
 * Test-only: waiting for a condition that real I/O will make true (a server counted a call, a file changed,
 * a row appeared). Checks at once, then at growing intervals, and returns as soon as the condition holds:
 * never a fixed sleep. On timeout it says what was awaited and what was last seen. The one helper for
 * engine, front-end, renderer and browser tests.
 */
export interface WaitOptions {
  /** What is awaited, for the timeout message. */
  what: string;
  /** Default 10 s: generous, since the machines running the tests are busy; only a hang reaches it. */
  timeoutMs?: number;
}

const INTERVALS_MS = [0, 2, 5, 10, 20, 50, 100, 100, 250];

/** Reads until `accept` takes the value read, and returns that value. A read that throws counts as not yet. */
export async function waitUntil<T>(read: () => Promise<T> | T, accept: (value: T) => boolean, options: WaitOptions): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const deadline = Date.now() + timeoutMs;
  let last: { value: T } | { error: unknown } | undefined;
  for (let attempt = 0; ; attempt++) {
    try {
      const value = await read();
      if (accept(value)) return value;
      last = { value };
    } catch (error) {
      last = { error };
    }
    if (Date.now() >= deadline) {
      const seen = last === undefined ? 'nothing' : 'value' in last ? JSON.stringify(last.value) : `error: ${String(last.error)}`;
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${options.what}; last seen: ${seen}`);
    }
    await new Promise((resolve) => setTimeout(resolve, INTERVALS_MS[Math.min(attempt, INTERVALS_MS.length - 1)]));
  }
}

/** Waits until `condition` holds. */
export async function until(condition: () => boolean | Promise<boolean>, what = 'the condition', timeoutMs?: number): Promise<void> {
  await waitUntil(condition, (met) => met, { what, ...(timeoutMs !== undefined && { timeoutMs }) });
}
