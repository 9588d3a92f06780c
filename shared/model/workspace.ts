import type { FerryError } from '../errors';
import type { CallTimings, MetadataEntry } from './call';
import type { ProtocolChoice, TlsSettings } from './connection';
import type { SchemaSource } from './schema';

/**
 * Workspace files: what users keep in git beside their .proto files. The on-disk forms (key order, how
 * bodies are stored, versions and migrations) are described in docs/workspace-format.md.
 */

export const WORKSPACE_MANIFEST_FILE = 'ferry.workspace.json';
export const REQUEST_FILE_SUFFIX = '.ferry.json';
export const ENVIRONMENT_FILE_SUFFIX = '.ferry-env.json';
export const ENVIRONMENTS_DIR = 'environments';
/** A mock server's responses (`ferry mock --responses`, the app's Mock server), kept in git with the requests. */
export const MOCK_FILE_SUFFIX = '.ferry-mock.json';
export const MOCKS_DIR = 'mocks';
/** A mock file's path from the workspace root, by its name. */
export const mockFilePath = (name: string): string => `${MOCKS_DIR}/${name}${MOCK_FILE_SUFFIX}`;

/** The newest format version of each file kind; older versions migrate on read. */
export const WORKSPACE_FORMAT_VERSION = 1;
/**
 * Request files: version 2 added the protocol (`protocol`, `httpVersion`, `codec`), version 3 `captures`
 * (a request without them is still written as version 2); 0 and 1 still read. A file whose `tls` has a
 * PKCS#12 bundle or a key passphrase is written as version 4 (formats/request-file.ts), so a Ferry that
 * predates them refuses it by version; the model's requests stay at this version.
 */
export const REQUEST_FORMAT_VERSION = 3;

/** `ferry.workspace.json`: marks a folder as a workspace. */
export interface WorkspaceManifest {
  formatVersion: number;
  name: string;
  /** Environment used when none is chosen (`ferry run` without `--env`). */
  defaultEnvironment?: string;
}

/** A saved metadata entry; disabled ones stay in the file but are not sent. */
export interface SavedMetadataEntry extends MetadataEntry {
  enabled: boolean;
}

/** Checks `ferry run` makes on a request's outcome. */
export type Assertion =
  /** The final status, by name (`"NOT_FOUND"`) or number (`5`). */
  | { type: 'status'; status: string | number }
  /** A JSONPath subset over the response (`$` is the response, or the array of responses for server/bidi streams). */
  | { type: 'jsonPath'; path: string; op: 'equals' | 'contains' | 'matches'; expected: unknown }
  /** The whole call took less than this many milliseconds. */
  | { type: 'maxTime'; ms: number }
  /** Exactly this many response messages arrived. */
  | { type: 'messageCount'; count: number };

/** One assertion checked against a finished call. */
export interface AssertionResult {
  assertion: Assertion;
  passed: boolean;
  /** The check in words: `status is OK`, `$.message equals "hi"`. */
  description: string;
  /** Why it failed: what was found instead. */
  failure?: string;
}

/**
 * A value taken from a finished call's response into a `{{variable}}` that later requests use: an id a
 * create call returned, a token a login answered. `ferry run` sets it for the rest of the run; the app for
 * the rest of the page's life.
 */
export interface Capture {
  variable: string;
  /** `jsonPath`: a JSONPath over the response, read as assertions read it; `header`: a response header, else trailer. */
  from: 'jsonPath' | 'header';
  /** The JSONPath (`$.order.id`) or the header's name (`x-session-id`). */
  path: string;
  /** Shown and recorded as `***`, as a secret variable of an environment is. */
  secret: boolean;
}

/** One capture taken from a finished call. */
export interface CaptureResult {
  capture: Capture;
  /** The value, when the response had one: a wildcard JSONPath gives the list it selects. */
  value?: unknown;
  /** Why there is no value: nothing at the path, no such header, no response. */
  failure?: string;
}

/**
 * One saved request run as `ferry run` runs it (`FerryApi.runSavedRequest`): an implied OK status check when
 * it has no status assertion, its captures taken. Secret values in the text are `***`.
 */
export interface SavedRequestRun {
  /** The target it went to, variables substituted; the file's text when it could not be resolved. */
  target: string;
  status?: { code: number; name: string; message: string };
  responses: number;
  durationMs: number;
  assertions: AssertionResult[];
  captures: CaptureResult[];
  /** Every assertion passed and every capture found its value. */
  passed: boolean;
  /** Why it could not be made or finished: a variable, the schema, an unreachable server, a bad body. */
  error?: FerryError;
  /** Each response as ProtoJSON, when the run asked for them (`ferry run -v`). */
  responseMessages?: unknown[];
}

/** A captured value as a front end hands it back for `{{variable}}` substitution. */
export interface CapturedVariable {
  name: string;
  value: unknown;
  secret: boolean;
}

/** One saved request: a `*.ferry.json` file. */
export interface RequestFile extends ProtocolChoice {
  formatVersion: number;
  name: string;
  /** Position within its folder for `ferry run`; files without one come after, by file name. */
  order?: number;
  /** May hold `{{variables}}`. */
  target: string;
  /** File paths are relative to the workspace root. */
  tls: TlsSettings;
  /** File and import paths are relative to the workspace root. */
  schema: SchemaSource;
  /** `pkg.Service/Method`. */
  method: string;
  metadata: SavedMetadataEntry[];
  /**
   * false: the chosen environment's metadata is not sent with this request (a health check or a login that
   * must go without the environment's token). Absent: it is.
   */
  environmentMetadata?: false;
  deadlineMs?: number;
  /** The text of each message to send (one for unary and server-stream calls), exactly as edited. */
  messages: string[];
  assertions: Assertion[];
  /** Values to take from the response for later requests; absent or empty for none. */
  captures?: Capture[];
}

/** The names a `{{variable}}` can have (environments, captures, `--var`, page variables). */
export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
/** VARIABLE_NAME in words, for errors. */
export const VARIABLE_NAME_RULE = 'letters, digits, _ . - (not starting with a digit)';

/** Variables every request can use without defining them; each use gets a fresh value. */
export const BUILTIN_VARIABLES = [
  { name: '$uuid', description: 'a random UUID' },
  { name: '$timestamp', description: 'Unix time in seconds, a number' },
  { name: '$isoTimestamp', description: 'the time as ISO 8601 text (2026-11-29T10:00:00.000Z)' },
  { name: '$randomInt', description: 'a random integer from 0 to 1000' },
] as const;

export type BuiltinVariableName = (typeof BUILTIN_VARIABLES)[number]['name'];

/** Where a secret variable's value comes from: `token` → `FERRY_VAR_TOKEN`, `api.key-2` → `FERRY_VAR_API_KEY_2`. */
export function secretEnvName(name: string): string {
  return `FERRY_VAR_${name.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}`;
}

/** A variable of an environment. Secret ones never carry a value in a file. */
export interface EnvironmentVariable {
  name: string;
  /** Any JSON value; absent for secrets. */
  value?: unknown;
  secret: boolean;
  /** The variable is an OAuth 2.0 access token Ferry fetches when a request uses it (always secret). */
  oauth2?: OAuth2Grant;
}

/**
 * How Ferry gets an OAuth 2.0 access token: the client credentials grant (RFC 6749 §4.4) or a user's name and
 * password (§4.3), asked of the token endpoint when a request needs the token, or the authorization code grant
 * with PKCE (RFC 6749 §4.1, RFC 7636), where a person signs in in a browser that comes back to Ferry on
 * 127.0.0.1 (RFC 8252), or the device authorization grant (RFC 8628), where a person enters a code shown
 * by Ferry on a page of the provider's, in any browser on any machine. A token answered with a
 * `refresh_token` is renewed with it (RFC 6749 §6). Each field may use the environment's other
 * `{{variables}}` (the client secret is usually a secret one).
 */
export interface OAuth2Grant {
  /** Which grant; absent: client credentials. */
  grant?: 'client_credentials' | 'authorization_code' | 'password' | 'device_code';
  tokenUrl: string;
  /** The authorization endpoint a person signs in at (authorization code only, where it is required). */
  authUrl?: string;
  clientId: string;
  clientSecret?: string;
  /** Space-separated scopes. */
  scope?: string;
  /** Asked for by some servers (Auth0) to name the API the token is for. */
  audience?: string;
  /** How the client authenticates: HTTP Basic (the RFC's default) or client_id and client_secret in the form. */
  credentials?: 'basic' | 'body';
  /**
   * Authorization code: the port of the redirect URI `http://127.0.0.1:<port>/callback` the browser comes back
   * to, for a provider that wants it registered exactly; absent, any free port.
   */
  redirectPort?: number;
  /** The device authorization endpoint a device grant asks for its codes (device code only, where it is required). */
  deviceAuthUrl?: string;
  /** The password grant's user (required there, refused on the others). */
  username?: string;
  /** The password grant's password (required there, refused on the others): a secret, best a secret `{{variable}}`. */
  password?: string;
  /**
   * A PEM file of CA certificates the token endpoint's certificate may chain to, besides Node's own list (an
   * identity provider behind a company's CA); relative to the workspace root.
   */
  caCertPath?: string;
  /** No certificate check of the token endpoint at all: for a dev server's self-signed certificate. */
  insecureSkipVerify?: boolean;
  /**
   * The HTTP proxy the token endpoint (and a device grant's authorization endpoint) is reached through, as a
   * connection's `proxy`: `http://[user:password@]host:port`, or `direct` for none. Absent: the proxy
   * environment variables where the engine runs.
   */
  proxy?: string;
}

/** Whether a grant's token comes from a person signing in (authorization code, device code): never asked for unattended. */
export const signsIn = (grant: OAuth2Grant['grant']): boolean => grant === 'authorization_code' || grant === 'device_code';

/** `environments/<name>.ferry-env.json`; the environment's name is the file name. */
export interface EnvironmentFile {
  formatVersion: number;
  variables: EnvironmentVariable[];
  /** Metadata every request sends while the environment is chosen (a request's own entry of the same key wins). */
  metadata?: SavedMetadataEntry[];
}

/** When a file was read, so a save can tell whether someone else changed it meanwhile. */
export interface FileStamp {
  mtimeMs: number;
  /** sha256 of the bytes, hex. */
  hash: string;
}

export interface WorkspaceRequest {
  /** Absolute path. */
  path: string;
  /** Relative to the workspace root, with `/` separators. */
  relativePath: string;
  /** The folder (collection) it lives in, relative to the root; `''` for the root itself. */
  collection: string;
  file: RequestFile;
  stamp: FileStamp;
}

export interface WorkspaceEnvironment {
  name: string;
  path: string;
  file: EnvironmentFile;
  stamp: FileStamp;
}

/** `mocks/<name>.ferry-mock.json`: its text as it is (checked against a schema only when a mock serves it). */
export interface WorkspaceMock {
  name: string;
  path: string;
  text: string;
  stamp: FileStamp;
}

/** Everything a workspace folder holds. Files that could not be read or parsed are in `errors`; the rest loaded. */
export interface WorkspaceSnapshot {
  root: string;
  manifest?: WorkspaceManifest;
  requests: WorkspaceRequest[];
  environments: WorkspaceEnvironment[];
  mocks: WorkspaceMock[];
  errors: FerryError[];
}

/** One call in the history (the app data folder, never the workspace). Secret values are already redacted. */
/** One past call; its protocol fields are absent for plain gRPC. */
export interface HistoryEntry extends ProtocolChoice {
  id: string;
  /** ISO time the call started. */
  time: string;
  method: string;
  target: string;
  /** The saved request it came from, relative to its workspace, when there was one. */
  requestFile?: string;
  environment?: string;
  request: { metadata: MetadataEntry[]; messages: string[]; deadlineMs?: number };
  status: { code: number; name: string; message: string };
  timings: CallTimings;
  /** Response messages: how many, and the first few bodies (truncated) for search and preview. */
  response: { messageCount: number; messages: string[] };
}
