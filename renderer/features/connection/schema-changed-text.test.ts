import { describe, expect, it } from 'vitest';
import { schemaChangedText } from './schema-changed-text';

describe('schemaChangedText', () => {
  it('names one file, or up to three and counts the rest, by their last part', () => {
    expect(schemaChangedText(['/p/acme/shop.proto'])).toBe('1 schema file changed on disk since the schema was loaded (shop.proto): Reload schema to use it.');
    expect(schemaChangedText(['/p/a.proto', 'C:\\protos\\b.proto'])).toBe('2 schema files changed on disk since the schema was loaded (a.proto, b.proto): Reload schema to use them.');
    expect(schemaChangedText(['/a.proto', '/b.proto', '/c.proto', '/d.proto', '/e.proto'])).toBe(
      '5 schema files changed on disk since the schema was loaded (a.proto, b.proto, c.proto and 2 more): Reload schema to use them.',
    );
  });
});
