import { describe, expect, it } from 'vitest';
import { variableSuggestions } from './variable-suggestions';

describe('variableSuggestions', () => {
  it('offers captured values, then the environment\'s others, then the built-ins, never a secret value', () => {
    const environment = {
      name: 'staging',
      path: '/w/environments/staging.ferry-env.json',
      stamp: { mtimeMs: 0, hash: '' },
      file: { formatVersion: 1, variables: [{ name: 'host', value: 'h:1', secret: false }, { name: 'orderId', value: 'o-env', secret: false }, { name: 'token', secret: true }, { name: 'accessToken', secret: true, oauth2: { tokenUrl: '{{authUrl}}/token', clientId: 'c' } }] },
    };
    const captured = [{ name: 'orderId', value: 'o-7', secret: false, from: 'Create' }, { name: 'session', value: 's3cret', secret: true, from: 'Login' }];
    const suggestions = variableSuggestions(captured, environment);
    expect(suggestions.map((s) => [s.name, s.detail, s.documentation])).toEqual([
      ['orderId', 'captured from Create', 'o-7'],
      ['session', 'captured from Login', '***'],
      ['host', 'environment staging', 'h:1'],
      ['token', 'environment staging', '*** (a secret: its value stays with Ferry)'],
      ['accessToken', 'environment staging', '*** (an OAuth 2.0 token from {{authUrl}}/token, fetched when used)'],
      ['$uuid', 'built-in', 'a random UUID'],
      ['$timestamp', 'built-in', 'Unix time in seconds, a number'],
      ['$isoTimestamp', 'built-in', 'the time as ISO 8601 text (2026-11-29T10:00:00.000Z)'],
      ['$randomInt', 'built-in', 'a random integer from 0 to 1000'],
    ]);
    expect(JSON.stringify(suggestions)).not.toContain('s3cret');
  });
});
