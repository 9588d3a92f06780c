/** A mock server the app runs for an open connection's schema (`startMock`), as `ferry mock` serves one. */

/** One call a mock answered, as it saw it. */
export interface MockCallSeen {
  /** Numbers the mock's calls from 1, for asking only what came after (`mockCalls`). */
  seq: number;
  /** When the call ended, as an ISO time. */
  at: string;
  method: string;
  metadata: Record<string, string>;
  /** Each request as ProtoJSON (a client or bidi stream's every message). */
  requests: unknown[];
  /** How it answered: `OK` or the status's name. */
  status: string;
  /** A call on the web port: the protocol that carried it (`connect`, `grpc-web`, `grpc-web-text`); absent for gRPC. */
  protocol?: string;
  /** No case answered it: the real server did (`passthrough`), and `status` is the server's. */
  passthrough?: boolean;
  /** Passed through and written into the recorded mock file as a case. */
  recorded?: boolean;
}

export interface MockStarted {
  /** Where clients reach it: always the loopback address, `127.0.0.1:port`. */
  address: string;
  port: number;
  /** The gRPC-Web and Connect base URL (`http://127.0.0.1:port`), when asked for. */
  webUrl?: string;
  methods: number;
  services: number;
  /** Where the calls no case answers go, when the mock passes them through. */
  passthroughTo?: string;
}

/** The calls after the one asked about, oldest first; a mock keeps only its latest `MOCK_CALLS_KEPT`. */
export interface MockCallsPage {
  calls: MockCallSeen[];
  /** Calls after the one asked about that are no longer kept. */
  missed: number;
}

export const MOCK_CALLS_KEPT = 200;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** JSON text with object keys sorted, so two `when`s written in another key order compare equal. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (!isObject(value)) return JSON.stringify(value) ?? 'undefined';
  return `{${Object.keys(value)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`)
    .join(',')}}`;
}

/**
 * A method's entry of a mock's responses (one case, a list of them, or none yet) as a list with a recorded case
 * first: the first match answers, so the recorded call is answered so from now on. A case with an equal `when`
 * and no `metadata` condition (which would make it another case) is dropped; the app's Add to mock and
 * `ferry mock --record` both record this way.
 */
export function casesWithFirst(entry: unknown, recorded: { when: unknown }): unknown[] {
  const existing = entry === undefined ? [] : Array.isArray(entry) ? entry : [entry];
  const same = canonicalJson(recorded.when);
  return [recorded, ...existing.filter((one) => !(isObject(one) && one.metadata === undefined && canonicalJson(one.when) === same))];
}
