export { parseMockScript, type MockAnswer } from './mock-script';
export { startMockServer, type MockCall, type MockServer, type MockServerOptions } from './mock-server';
export { createMockServers, type MockServers } from './mock-servers';
