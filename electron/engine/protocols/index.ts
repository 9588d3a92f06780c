export { createWebClient, DEFAULT_MAX_RECEIVE_BYTES, type WebClient, type WebClientOptions } from './web-client';
export { createJsonWire } from './json-wire';
export type { HttpVersion, JsonWire, WebCall, WebCallEnd, WebCallHandlers, WebCallOptions, WebCodec, WebProtocol } from './web-protocol';
export { parseWebTarget, type WebTarget } from './web-target';
export { webTransport } from './web-transport';
export { openWebReflectionStream } from './web-reflection-stream';
