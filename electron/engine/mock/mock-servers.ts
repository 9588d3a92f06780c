/**
 * The engine's running mock servers (`startMock`): each serves an open connection's schema on the loopback
 * address, as `ferry mock` does, and keeps its latest calls for the page to read (`mockCalls`). Loopback only:
 * the app and `ferry serve` never open a port to the network on a page's say-so.
 */
import { fail } from '../../../shared/errors';
import { MOCK_CALLS_KEPT, type MockCallSeen, type MockCallsPage, type MockStarted } from '../../../shared/model';
import type { MockStartRequest } from '../../../shared/api';
import type { ConnectionOptions } from '../channels';
import type { SchemaRegistry } from '../schema';
import { trace } from '../diagnostics/trace';
import { parseMockScript, type MockAnswer } from './mock-script';
import { startMockServer, type MockCall, type MockServer } from './mock-server';

const LOOPBACK = '127.0.0.1';
/** How a responses text is named in its errors (the page has no file). */
const RESPONSES = 'responses';

interface CallLog {
  /** The latest calls, oldest first, at most MOCK_CALLS_KEPT. */
  calls: MockCallSeen[];
  /** Calls answered so far, kept or not. */
  count: number;
}

interface RunningMock {
  server: MockServer;
  registry: SchemaRegistry;
  log: CallLog;
}

/** What a mock takes of an open connection: its schema, and how its server is reached (for passthrough). */
export interface MockedConnection {
  registry: SchemaRegistry;
  target: string;
  options: ConnectionOptions;
  /** The connection speaks a web protocol: its server cannot be passed through to over gRPC. */
  web: boolean;
}

export interface MockServersDeps {
  connectionOf(connectionId: string): MockedConnection;
  /** The absolute path of the open workspace's mock file `name` (recording writes it). */
  mockFilePath(name: string): Promise<string>;
}

function answersOf(responses: string | undefined, registry: SchemaRegistry): Map<string, MockAnswer[]> {
  return responses === undefined || responses.trim() === '' ? new Map() : parseMockScript(responses, RESPONSES, registry);
}

export function createMockServers(deps: MockServersDeps) {
  const mocks = new Map<string, RunningMock>();
  // Names taken by mocks still binding, so two starts under one name cannot both run.
  const starting = new Set<string>();

  function mockOf(mockId: string): RunningMock {
    return mocks.get(mockId) ?? fail('NOT_FOUND', `no mock server with id ${mockId}`);
  }

  function remember(log: CallLog, call: MockCall): void {
    log.calls.push({ ...call, seq: ++log.count, at: new Date().toISOString() });
    if (log.calls.length > MOCK_CALLS_KEPT) log.calls.shift();
  }

  return {
    async start(request: MockStartRequest): Promise<MockStarted> {
      if (mocks.has(request.mockId) || starting.has(request.mockId)) fail('FAILED_PRECONDITION', `a mock server named ${request.mockId} is already running`);
      const connection = deps.connectionOf(request.connectionId);
      const { registry } = connection;
      if (request.passthrough && connection.web) fail('FAILED_PRECONDITION', `passthrough forwards calls over gRPC; this connection to ${connection.target} speaks a web protocol`);
      if (request.record !== undefined && !request.passthrough) fail('FAILED_PRECONDITION', 'recording writes the calls passed to the server: ask for passthrough too');
      const record = request.record === undefined ? undefined : await deps.mockFilePath(request.record);
      const answers = answersOf(request.responses, registry);
      starting.add(request.mockId);
      try {
        const log: CallLog = { calls: [], count: 0 };
        const passthrough = request.passthrough ? { target: connection.target, connection: connection.options } : undefined;
        const server = await startMockServer({
          registry,
          answers,
          host: LOOPBACK,
          port: request.port ?? 0,
          ...(request.web && { webPort: 0 }),
          ...(passthrough && { passthrough }),
          // What the recorder says (recorded, or why not) goes to the trace; each recorded call is marked in the log.
          ...(record !== undefined && { record: { file: record, note: (text: string) => trace('mock', text) } }),
          onCall: (call) => remember(log, call),
        });
        mocks.set(request.mockId, { server, registry, log });
        return {
          address: `${LOOPBACK}:${server.port}`,
          port: server.port,
          ...(server.webPort !== undefined && { webUrl: `http://${LOOPBACK}:${server.webPort}` }),
          methods: server.methods,
          services: registry.listServices().length,
          ...(passthrough && { passthroughTo: passthrough.target }),
        };
      } finally {
        starting.delete(request.mockId);
      }
    },

    setResponses(mockId: string, responses: string): void {
      const mock = mockOf(mockId);
      mock.server.setAnswers(answersOf(responses, mock.registry));
    },

    calls(mockId: string, after: number): MockCallsPage {
      const { calls, count } = mockOf(mockId).log;
      const oldestKept = count - calls.length + 1;
      const from = Math.max(after + 1, oldestKept);
      return { calls: calls.slice(from - oldestKept), missed: Math.max(0, oldestKept - (after + 1)) };
    },

    async stop(mockId: string): Promise<void> {
      const mock = mockOf(mockId);
      mocks.delete(mockId);
      await mock.server.close();
    },

    dispose(): void {
      for (const mock of mocks.values()) void mock.server.close();
      mocks.clear();
    },
  };
}

export type MockServers = ReturnType<typeof createMockServers>;
