/**
 * Milliseconds on a monotonic clock, as `performance.now()` counts them but from another origin: only
 * differences and comparisons mean anything. The first use of `performance` in a Node process loads
 * perf_hooks and the ten modules behind it, ~2.5 ms of a `ferry` command's start-up on the 2-core machine;
 * `process.hrtime()` is what `performance.now()` itself reads in Node 20, and it is there from the start.
 */
export function monotonicMs(): number {
  const [seconds, nanoseconds] = process.hrtime();
  return seconds * 1e3 + nanoseconds / 1e6;
}
