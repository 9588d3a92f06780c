import { describe, expect, it } from 'vitest';
import { until } from '../../tests/kit/until';
import { quitAfterClose, type QuittingApp } from './quit-after-close';

/** A stand-in for Electron's `app`: `willQuit()` is Electron asking, and says whether the quit was held. */
function fakeApp(): QuittingApp & { willQuit(): boolean; quits: number } {
  let listener: ((event: { preventDefault(): void }) => void) | undefined;
  return {
    quits: 0,
    on(_event, handler) {
      listener = handler;
    },
    quit() {
      this.quits++;
    },
    willQuit() {
      let held = false;
      listener!({ preventDefault: () => (held = true) });
      return held;
    },
  };
}

describe('quitAfterClose', () => {
  it('holds the quit until close has finished, then quits again and lets that one through', async () => {
    const app = fakeApp();
    let finish!: () => void;
    let closes = 0;
    quitAfterClose(app, () => {
      closes++;
      return new Promise<void>((resolve) => (finish = resolve));
    });
    expect(app.willQuit()).toBe(true);
    // A second quit while closing waits for the same close.
    expect(app.willQuit()).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    expect([closes, app.quits]).toEqual([1, 0]);
    finish();
    await until(() => app.quits === 1, 'the quit after close');
    expect(app.willQuit()).toBe(false);
    expect(closes).toBe(1);
  });

  it('quits anyway when close fails or takes longer than the wait', async () => {
    const failing = fakeApp();
    quitAfterClose(failing, () => Promise.reject(new Error('disk gone')));
    expect(failing.willQuit()).toBe(true);
    await until(() => failing.quits === 1, 'the quit after a failed close');

    const stuck = fakeApp();
    quitAfterClose(stuck, () => new Promise<void>(() => undefined), 30);
    expect(stuck.willQuit()).toBe(true);
    await until(() => stuck.quits === 1, 'the quit after the wait');
    expect(stuck.willQuit()).toBe(false);
  });
});
