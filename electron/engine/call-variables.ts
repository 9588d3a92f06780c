/**
 * `{{variables}}` in what a front end sends: a connection's target, authority and reflection metadata, a
 * call's metadata and body, and every later message of that call. The front end names an environment of the
 * open workspace (`variables: { environment }`); the engine reads it and the secret store, so secret values
 * of an environment never travel to the front end. Values the front end captured from earlier responses
 * (`captured`) come with the choice and win over the environment's. Requests without `variables` go out as
 * written.
 */
import type { EnvironmentChoice, StartCallRequest } from '../../shared/api';
import { inheritedMetadata, type ConnectionConfig, type MetadataEntry, type SavedMetadataEntry, type TlsSettings } from '../../shared/model';
import { substituteJsonText, substituteText, type VariableResolver } from './workspace';

export interface CallVariablesDeps {
  /**
   * The resolver for an environment choice (none: built-ins only) over `texts`, what it will resolve (the
   * OAuth 2.0 tokens they use are fetched first); fails when the environment cannot be read or a token fetched.
   */
  resolver(choice: EnvironmentChoice, texts: readonly string[]): Promise<{ resolve: VariableResolver; metadata: readonly SavedMetadataEntry[] }>;
  /** Secret values a call used, so whatever records the call (history) can redact them. */
  redact(callId: string, secretValues: readonly string[]): void;
}

/** Calls whose environment is remembered for their later messages; the oldest are forgotten past this. */
const REMEMBERED_CALLS = 10_000;

class Substitution {
  readonly secrets = new Set<string>();
  constructor(private readonly resolve: VariableResolver) {}

  text(text: string, where: string): string {
    const result = substituteText(text, this.resolve, where);
    result.secrets.forEach((value) => this.secrets.add(value));
    return result.text;
  }

  json(text: string, where: string): string {
    const result = substituteJsonText(text, this.resolve, where);
    result.secrets.forEach((value) => this.secrets.add(value));
    return result.text;
  }

  /** The environment's metadata the request does not set itself (`inherited`), then the request's own. */
  metadata(own: readonly MetadataEntry[], inherited: readonly SavedMetadataEntry[] = []): MetadataEntry[] {
    const entry = ({ key, value }: MetadataEntry, where: (field: string) => string) => ({ key: this.text(key, where('key')).toLowerCase(), value: this.text(value, where('value')) });
    return [
      ...inheritedMetadata(inherited, own).map(({ entry: from, index }) => entry(from, (field) => `metadata[${index}].${field} of the environment`)),
      ...own.map((from, i) => entry(from, (field) => `metadata[${i}].${field}`)),
    ];
  }
}

const metadataTexts = (entries: readonly MetadataEntry[]): string[] => entries.flatMap((entry) => [entry.key, entry.value]);


function substituteTls(tls: TlsSettings, substitution: Substitution): TlsSettings {
  return tls.authority === undefined ? tls : { ...tls, authority: substitution.text(tls.authority, 'authority') };
}

/** What a call was started with: its environment choice, for its later messages, and the secret values that went into it. */
interface Remembered {
  choice: EnvironmentChoice;
  secrets: string[];
}

export function createCallVariables(deps: CallVariablesDeps) {
  const calls = new Map<string, Remembered>();

  function remember(callId: string, choice: EnvironmentChoice, secrets: readonly string[]): void {
    calls.set(callId, { choice, secrets: [...secrets] });
    if (calls.size > REMEMBERED_CALLS) calls.delete(calls.keys().next().value!);
  }

  return {
    async connectionConfig(config: ConnectionConfig): Promise<ConnectionConfig> {
      const { variables, ...rest } = config;
      if (variables === undefined) return rest;
      const texts = [config.target, ...(config.tls.authority === undefined ? [] : [config.tls.authority]), ...metadataTexts(config.metadata ?? [])];
      const { resolve, metadata: inherited } = await deps.resolver(variables, texts);
      const substitution = new Substitution(resolve);
      // The environment's metadata goes with reflection too: a server that wants a token for calls usually wants it there.
      const metadata = substitution.metadata(config.metadata ?? [], inherited);
      return {
        ...rest,
        target: substitution.text(config.target, 'target'),
        tls: substituteTls(config.tls, substitution),
        ...(metadata.length > 0 && { metadata }),
      };
    },

    async startCall(request: StartCallRequest, start: (request: StartCallRequest) => { callId: string }): Promise<{ callId: string }> {
      const { variables, ...rest } = request;
      if (variables === undefined) return start(rest);
      const { resolve, metadata: inherited } = await deps.resolver(variables, [...metadataTexts(request.metadata), ...(request.body === undefined ? [] : [request.body])]);
      const substitution = new Substitution(resolve);
      const resolved: StartCallRequest = {
        ...rest,
        metadata: substitution.metadata(request.metadata, inherited),
        ...(request.body !== undefined && { body: substitution.json(request.body, 'body') }),
      };
      const started = start(resolved);
      deps.redact(started.callId, [...substitution.secrets]);
      remember(started.callId, variables, [...substitution.secrets]);
      return started;
    },

    async sendMessage(callId: string, body: string, send: (callId: string, body: string) => void): Promise<void> {
      const remembered = calls.get(callId);
      if (remembered === undefined) return send(callId, body);
      const substitution = new Substitution((await deps.resolver(remembered.choice, [body])).resolve);
      const resolved = substitution.json(body, 'message body');
      deps.redact(callId, [...substitution.secrets]);
      remembered.secrets.push(...substitution.secrets);
      send(callId, resolved);
    },

    /** The secret values that went into a call (substituted into its metadata or messages); none when unknown. */
    secretsOf(callId: string): readonly string[] {
      return calls.get(callId)?.secrets ?? [];
    },

    released(callId: string): void {
      calls.delete(callId);
    },
  };
}

export type CallVariables = ReturnType<typeof createCallVariables>;
