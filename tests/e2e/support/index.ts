export { launchBrowser, CHROMIUM_ARGS, CHROMIUM_PATH } from './browser';
export { saveScreenshot, saveTourScreenshot, screenshotFileName, SCREENSHOT_DIR, TOUR_DIR } from './screenshots';
export { startServeForTest, RENDERER_DIST, type ServeForTest, type ServeForTestOptions } from './serve-for-test';
export { openFerry, openConnectedFerry, BENCH_SERVICE, type FerryUnderTest } from './open-ferry';
export { observeLongTasks, type LongTask, type LongTaskObserver } from './long-tasks';
export { withCoalescing } from './coalescing-api';
