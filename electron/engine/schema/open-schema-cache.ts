import { join } from 'node:path';
import { createSchemaCache, DEFAULT_SCHEMA_CACHE_BYTES, type SchemaCache } from './schema-cache';

/** Set by the bundlers (scripts/build-defines.mjs): the Ferry version plus a hash of the schema code. */
declare const FERRY_SCHEMA_CACHE_VERSION: string | undefined;

export interface OpenSchemaCacheOptions {
  /** Overrides the build's version (tests). Unbundled code has none, and so no cache unless given one. */
  version?: string;
  maxBytes?: number;
}

/** The schema cache in `<dataDir>/schema-cache`, or none when this build has no version to key it by. */
export function openSchemaCache(dataDir: string, options: OpenSchemaCacheOptions = {}): SchemaCache | undefined {
  const version = options.version ?? (typeof FERRY_SCHEMA_CACHE_VERSION === 'undefined' ? undefined : FERRY_SCHEMA_CACHE_VERSION);
  if (version === undefined) return undefined;
  return createSchemaCache({ dir: join(dataDir, 'schema-cache'), version, maxBytes: options.maxBytes ?? DEFAULT_SCHEMA_CACHE_BYTES });
}
