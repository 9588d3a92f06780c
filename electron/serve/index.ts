export { startServe, type ServeOptions, type ServeHandle } from './start-serve';
export { serveUntilStopped, type ServeIo, type ServeUntilStoppedOptions } from './serve-until-stopped';
export { securityHeaders } from './security';
export { openBrowser, browserCommand } from './open-browser';
export { defaultStaticDir } from './static-files';
export { defaultDataDir } from './data-dir';
