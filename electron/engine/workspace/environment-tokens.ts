import { isAbsolute, resolve as resolvePath } from 'node:path';
import { fail } from '../../../shared/errors';
import { signsIn, type OAuth2Grant } from '../../../shared/model';
import { requestToken, tokenWhat } from './oauth2-token-request';
import type { TokenSource } from './oauth2-tokens';
import { createVariableResolver, environmentMetadataOf, type ResolveOptions } from './resolve-request';
import { substituteText, variableNames } from './substitute-variables';

/** A grant as edited (`tryToken`): asked once with its fields substituted, the token kept by nobody. */
export async function tryGrant(options: ResolveOptions, variable: string, grant: OAuth2Grant): Promise<{ expiresInS?: number }> {
  // A check cannot wait for a person: a sign-in is the check of these grants.
  if (signsIn(grant.grant)) fail('FAILED_PRECONDITION', `${tokenWhat(variable)}: ${grant.grant === 'device_code' ? 'a device code' : 'an authorization code'} grant gets its token by signing in: use Sign in`);
  const { expiresInS } = await requestToken(variable, substituted(variable, grant, options));
  return expiresInS === undefined ? {} : { expiresInS };
}

/** A grant as edited (`beginSignIn`), its fields substituted as a call's are: the token a sign-in brings is then the calls'. */
export function signInGrant(options: ResolveOptions, variable: string, grant: OAuth2Grant): OAuth2Grant {
  return substituted(variable, grant, options);
}

/**
 * The tokens of the environment's `oauth2` variables that `texts` use, fetched (or reused) before they are
 * resolved: resolution itself is synchronous. A variable a captured value stands for needs no token. The
 * fields of each grant take the environment's other variables; one that uses a token variable fails naming it.
 */
export async function tokensFor(options: ResolveOptions, texts: readonly string[], source: TokenSource): Promise<ReadonlyMap<string, string> | undefined> {
  // The environment's own metadata goes with every request that does not opt out: its variables are used too.
  const inherited = environmentMetadataOf(options).metadata.flatMap((entry) => [entry.key, entry.value]);
  const used = new Set([...texts, ...inherited].flatMap(variableNames));
  const wanted = (options.environment?.file.variables ?? []).filter((variable) => variable.oauth2 && used.has(variable.name) && options.captured?.get(variable.name) === undefined);
  if (wanted.length === 0) return undefined;
  const fetched = await Promise.all(wanted.map(async ({ name, oauth2 }) => [name, await source.token(name, substituted(name, oauth2!, options))] as const));
  return new Map(fetched);
}

/** The grant's fields that are text, and so may use `{{variables}}`; the others (grant, credentials, a port, a switch) are copied. */
const TEXT_FIELDS = ['tokenUrl', 'authUrl', 'deviceAuthUrl', 'clientId', 'clientSecret', 'scope', 'audience', 'username', 'password', 'caCertPath', 'proxy'] as const;

/** The grant's fields with the variables filled in, and `caCertPath` made absolute under the workspace root (`baseDir`). */
function substituted(name: string, grant: OAuth2Grant, options: ResolveOptions): OAuth2Grant {
  const resolve = createVariableResolver(options);
  const filled: OAuth2Grant = { ...grant };
  for (const key of TEXT_FIELDS) {
    const text = grant[key];
    if (text !== undefined) filled[key] = substituteText(text, resolve, `${key} of OAuth 2.0 token {{${name}}}`).text;
  }
  const { caCertPath } = filled;
  if (caCertPath !== undefined && options.baseDir !== undefined && !isAbsolute(caCertPath)) filled.caCertPath = resolvePath(options.baseDir, caCertPath);
  return filled;
}
