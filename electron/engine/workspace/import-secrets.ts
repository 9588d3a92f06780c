import { secretEnvName, VARIABLE_NAME, type SavedMetadataEntry } from '../../../shared/model';
import { isSecretKey } from '../../../shared/util';

/**
 * A secret header's value (`authorization`, `*-token`, …) is not written into a request file, which goes to
 * git: it becomes a secret variable of the same name (`Bearer {{authorization}}`), said in a warning.
 */
export function withoutSecret(entry: SavedMetadataEntry, where: string, warnings: string[], secrets: Set<string>): SavedMetadataEntry {
  if (!isSecretKey(entry.key)) return entry;
  const name = VARIABLE_NAME.test(entry.key) ? entry.key : 'token';
  const scheme = /^(Bearer|Basic)\s+/i.exec(entry.value)?.[0] ?? '';
  secrets.add(name);
  warnings.push(`${where}: the value of ${entry.key} is a secret and was not written; the request sends {{${name}}}, whose value comes from ${secretEnvName(name)}`);
  return { ...entry, value: `${scheme}{{${name}}}` };
}
