/**
 * `{{variables}}` in what a front end sends: a connection's target, authority and reflection metadata, a
 * call's metadata and body, and every later message of that call. The front end names an environment of the
 * open workspace (`variables: { environment }`); the engine reads it and the secret store, so secret values
 * of an environment never travel to the front end. Values the front end captured from earlier responses
 * (`captured`) come with the choice and win over the environment's. Requests without `variables` go out as
 * written.
 */
import type { EnvironmentChoice, StartCallRequest } from '../../shared/api';
import type { ConnectionConfig, MetadataEntry, TlsSettings } from '../../shared/model';
import { substituteJsonText, substituteText, type VariableResolver } from './workspace';

export interface CallVariablesDeps {
  /**
   * The resolver for an environment choice (none: built-ins only) over `texts`, what it will resolve (the
   * OAuth 2.0 tokens they use are fetched first); fails when the environment cannot be read or a token fetched.
   */
  resolver(choice: EnvironmentChoice, texts: readonly string[]): Promise<VariableResolver>;
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

  metadata(entries: readonly MetadataEntry[]): MetadataEntry[] {
    return entries.map((entry, i) => ({ key: this.text(entry.key, `metadata[${i}].key`).toLowerCase(), value: this.text(entry.value, `metadata[${i}].value`) }));
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
      const substitution = new Substitution(await deps.resolver(variables, texts));
      return {
        ...rest,
        target: substitution.text(config.target, 'target'),
        tls: substituteTls(config.tls, substitution),
        ...(config.metadata && { metadata: substitution.metadata(config.metadata) }),
      };
    },

    async startCall(request: StartCallRequest, start: (request: StartCallRequest) => { callId: string }): Promise<{ callId: string }> {
      const { variables, ...rest } = request;
      if (variables === undefined) return start(rest);
      const substitution = new Substitution(await deps.resolver(variables, [...metadataTexts(request.metadata), ...(request.body === undefined ? [] : [request.body])]));
      const resolved: StartCallRequest = {
        ...rest,
        metadata: substitution.metadata(request.metadata),
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
      const substitution = new Substitution(await deps.resolver(remembered.choice, [body]));
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
