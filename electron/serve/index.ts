export { startServe, type ServeOptions, type ServeHandle } from './start-serve';
export { runServeCommand, parseServeArgs, SERVE_USAGE, type ServeCommandIo, type ServeCommandOptions } from './run-serve-command';
export { securityHeaders } from './security';
export { openBrowser, browserCommand } from './open-browser';
export { defaultStaticDir } from './static-files';
export { defaultDataDir } from './data-dir';
