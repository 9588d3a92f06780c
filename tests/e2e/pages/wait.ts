/**
 * Polling for facts that no single locator states (a list of timeline rows, a server-side counter).
 * Like Playwright Test's `expect.poll`, which playwright-core does not ship: read, check, and on timeout
 * say what was awaited and what was last seen. Never a fixed sleep: it returns as soon as the check passes.
 */
export interface WaitOptions {
  /** What is awaited, for the timeout message. */
  what: string;
  /** Default 10 s. */
  timeoutMs?: number;
}

const INTERVALS_MS = [0, 20, 50, 100, 100, 250];

export async function waitUntil<T>(read: () => Promise<T> | T, accept: (value: T) => boolean, options: WaitOptions): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
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
      throw new Error(`Timed out after ${options.timeoutMs ?? 10_000} ms waiting for ${options.what}; last seen: ${seen}`);
    }
    const interval = INTERVALS_MS[Math.min(attempt, INTERVALS_MS.length - 1)] ?? 250;
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
