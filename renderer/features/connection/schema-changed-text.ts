/** How many changed files the notice names; the rest are counted. */
const NAMED_CHANGES = 3;

/** A path's last part, for a Windows path too (the engine may run there). */
const fileNameOf = (path: string) => path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);

/** What the connection bar says of schema files changed on disk (`changed`: one or more paths). */
export function schemaChangedText(changed: readonly string[]): string {
  const named = changed.slice(0, NAMED_CHANGES).map(fileNameOf).join(', ');
  const more = changed.length > NAMED_CHANGES ? ` and ${changed.length - NAMED_CHANGES} more` : '';
  const count = changed.length === 1 ? '1 schema file' : `${changed.length} schema files`;
  return `${count} changed on disk since the schema was loaded (${named}${more}): Reload schema to use ${changed.length === 1 ? 'it' : 'them'}.`;
}
