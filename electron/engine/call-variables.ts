/**
 * `{{variables}}` in what a front end sends: a connection's target, authority and reflection metadata, a
 * call's metadata and body, and every later message of that call. The front end names an environment of the
 * open workspace (`variables: { environment }`); the engine reads it and the secret store, so secret values
 * of an environment never travel to the front end. Values the front end captured from earlier responses
 * (`captured`) come with the choice and win over the environment's. Requests without `variables` go out as
 * written.
 */
import type { EnvironmentChoice, StartCallRequest } from '../../shared/api';
import { sentMetadata, type ConnectionConfig, type MetadataEntry, type TlsSettings } from '../../shared/model';
import { substituteJsonText, substituteText, type InheritedMetadata, type VariableResolver } from './workspace';

export interface CallVariablesDeps {
  /**
   * The resolver for an environment choice (none: built-ins only) over `texts`, what it will resolve (the
   * OAuth 2.0 tokens they use are fetched first); fails when the environment cannot be read or a token fetched.
   */
  resolver(choice: EnvironmentChoice, texts: readonly string[]): Promise<{ resolve: VariableResolver; inherited: InheritedMetadata }>;
  /** Secret values a call used, so whatever records the call (history) can redact them, and its captures and tokens know them. */
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

  /** The environment's metadata the request does not set itself, then the request's own (see `sentMetadata`). */
  metadata(own: readonly MetadataEntry[], inherited: InheritedMetadata): MetadataEntry[] {
    return sentMetadata(own, inherited, (text, where) => this.text(text, where));
  }
}

const metadataTexts = (entries: readonly MetadataEntry[]): string[] => entries.flatMap((entry) => [entry.key, entry.value]);

/** The TLS settings' texts that may hold variables: the authority, and the passphrase (a secret variable's, in a saved request). */
const tlsTexts = (tls: TlsSettings): string[] => [tls.authority, tls.mode === 'tls' ? tls.passphrase : undefined].filter((text) => text !== undefined);

function substituteTls(tls: TlsSettings, substitution: Substitution): TlsSettings {
  const authority = tls.authority === undefined ? {} : { authority: substitution.text(tls.authority, 'authority') };
  if (tls.mode === 'plaintext') return { ...tls, ...authority };
  return { ...tls, ...authority, ...(tls.passphrase !== undefined && { passphrase: substitution.text(tls.passphrase, 'tls.passphrase') }) };
}

export function createCallVariables(deps: CallVariablesDeps) {
  const choices = new Map<string, EnvironmentChoice>();

  function remember(callId: string, choice: EnvironmentChoice): void {
    choices.set(callId, choice);
    if (choices.size > REMEMBERED_CALLS) choices.delete(choices.keys().next().value!);
  }

  return {
    async connectionConfig(config: ConnectionConfig): Promise<ConnectionConfig> {
      const { variables, ...rest } = config;
      if (variables === undefined) return rest;
      const proxy = config.transport?.proxy;
      const texts = [config.target, ...tlsTexts(config.tls), ...(proxy === undefined ? [] : [proxy]), ...metadataTexts(config.metadata ?? [])];
      const { resolve, inherited } = await deps.resolver(variables, texts);
      const substitution = new Substitution(resolve);
      // The environment's metadata goes with reflection too: a server that wants a token for calls usually wants it there.
      const metadata = substitution.metadata(config.metadata ?? [], inherited);
      return {
        ...rest,
        target: substitution.text(config.target, 'target'),
        tls: substituteTls(config.tls, substitution),
        ...(proxy !== undefined && { transport: { ...config.transport, proxy: substitution.text(proxy, 'proxy') } }),
        ...(metadata.length > 0 && { metadata }),
      };
    },

    async startCall(request: StartCallRequest, start: (request: StartCallRequest) => { callId: string }): Promise<{ callId: string }> {
      const { variables, ...rest } = request;
      if (variables === undefined) return start(rest);
      const { resolve, inherited } = await deps.resolver(variables, [...metadataTexts(request.metadata), ...(request.body === undefined ? [] : [request.body])]);
      const substitution = new Substitution(resolve);
      const resolved: StartCallRequest = {
        ...rest,
        metadata: substitution.metadata(request.metadata, inherited),
        ...(request.body !== undefined && { body: substitution.json(request.body, 'body') }),
      };
      const started = start(resolved);
      deps.redact(started.callId, [...substitution.secrets]);
      remember(started.callId, variables);
      return started;
    },

    async sendMessage(callId: string, body: string, send: (callId: string, body: string) => void): Promise<void> {
      const choice = choices.get(callId);
      if (choice === undefined) return send(callId, body);
      const substitution = new Substitution((await deps.resolver(choice, [body])).resolve);
      const resolved = substitution.json(body, 'message body');
      deps.redact(callId, [...substitution.secrets]);
      send(callId, resolved);
    },

    released(callId: string): void {
      choices.delete(callId);
    },
  };
}

export type CallVariables = ReturnType<typeof createCallVariables>;
