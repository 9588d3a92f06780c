import { fail, unwrap, type Result } from '../../shared/errors';
import { isServerStreaming, type ConnectionConfig, type ConnectionInfo, type MetadataEntry } from '../../shared/model';
import type { Engine, CallOutcome, ResolvedRequest } from '../engine';
import { methodKind, runEngineCall } from './engine-call';
import type { RequestSource } from './request-data';

/**
 * Runs resolved requests through the engine facade, the same FerryApi the desktop app and `ferry serve`
 * use, so `ferry run` exercises exactly what the UI does. Connections (and their schemas) are shared by
 * requests with the same target, TLS, schema and metadata.
 */
export interface RequestRunner {
  /** `source`: where the request's messages were read from, to place an error the engine finds in one. */
  run(request: ResolvedRequest, source?: RequestSource): Promise<CallOutcome>;
  dispose(): void;
}

export function createRequestRunner(engine: Engine): RequestRunner {
  const connections = new Map<string, Promise<Result<ConnectionInfo>>>();

  function connect(request: ResolvedRequest): Promise<Result<ConnectionInfo>> {
    const { protocol, httpVersion, codec } = request;
    const config: ConnectionConfig = {
      target: request.target,
      ...(protocol && { protocol }),
      ...(httpVersion && { httpVersion }),
      ...(codec && { codec }),
      tls: request.tls,
      schema: request.schema,
      metadata: request.metadata,
    };
    const key = JSON.stringify(config);
    let connection = connections.get(key);
    if (!connection) {
      connection = engine.openConnection(config);
      connections.set(key, connection);
    }
    return connection;
  }

  async function run(request: ResolvedRequest, source?: RequestSource): Promise<CallOutcome> {
    const connection = unwrap(await connect(request));
    const kind = methodKind(connection, request.method) ?? fail('SYMBOL_NOT_FOUND', `method ${request.method} is not in the schema of ${request.target}`);
    const responses: unknown[] = [];
    let headers: MetadataEntry[] = [];
    let trailers: MetadataEntry[] = [];
    const last = await runEngineCall(engine, {
      connectionId: connection.connectionId,
      method: request.method,
      kind,
      messages: request.messages,
      ...(source && { source }),
      metadata: request.metadata,
      ...(request.deadlineMs !== undefined && { deadlineMs: request.deadlineMs }),
      onEvents: (events) => {
        for (const event of events) {
          if (event.type === 'call.headers-received') headers = event.metadata;
          if (event.type === 'call.trailers-received') trailers = event.metadata;
          if (event.type !== 'call.message-received') continue;
          if (event.messageError !== undefined) fail('SCHEMA_ERROR', `response ${event.index + 1}: ${event.messageError}`);
          // Through text, as a saved response reads: lossless numbers become plain JSON values.
          responses.push(JSON.parse(JSON.stringify(event.message)));
        }
      },
    });
    return {
      status: { code: last.status.code, name: last.status.name, message: last.status.message },
      responses,
      streamingResponses: isServerStreaming(kind),
      totalMs: last.timings.totalMs ?? last.timeMs,
      headers,
      trailers,
    };
  }

  return {
    run,
    dispose: () => engine.dispose(),
  };
}
