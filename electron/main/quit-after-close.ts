/** What of Electron's `app` the quit sequence uses. */
export interface QuittingApp {
  on(event: 'will-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
}

/** Longest a quit waits for `close`: a history write stuck on a slow disk must not keep the app open. */
export const QUIT_WAIT_MS = 2000;

/**
 * Holds the app's quit until `close` has finished (the engine writing call history's last batch, which
 * otherwise waits 20 ms after a call and is lost when the process ends first), then quits again. A quit
 * asked for meanwhile waits for the same close; a `close` that fails or takes longer than `timeoutMs` does
 * not stop the app from quitting.
 */
export function quitAfterClose(app: QuittingApp, close: () => Promise<void>, timeoutMs = QUIT_WAIT_MS): void {
  let closing: Promise<void> | undefined;
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    closing ??= Promise.race([
      close().catch(() => undefined),
      new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref()),
    ]).then(() => {
      closed = true;
      app.quit();
    });
  });
}
