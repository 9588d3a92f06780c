/**
 * Targets the user connected to, newest first, offered as suggestions in the Target box (as Postman and Kreya
 * keep recent URLs). Kept with the page's preferences, so they outlive a reload; never secrets, since a target
 * with a variable is kept as typed (`{{host}}`), not resolved.
 */
export const MAX_RECENT_TARGETS = 10;
/** Longer text is not a target anyone retypes; it is not worth a suggestion. */
const MAX_TARGET_LENGTH = 300;

/** `target` moved (or added) to the front; blank ones are ignored, the oldest fall off. */
export function rememberTarget(recent: readonly string[], target: string): string[] {
  const trimmed = target.trim();
  if (trimmed === '' || trimmed.length > MAX_TARGET_LENGTH) return [...recent];
  return [trimmed, ...recent.filter((t) => t !== trimmed)].slice(0, MAX_RECENT_TARGETS);
}

/** The stored list as far as it is usable: anything that is not a list of short strings counts as none. */
export function recentTargetsFrom(stored: unknown): string[] {
  if (!Array.isArray(stored)) return [];
  return stored.filter((t): t is string => typeof t === 'string').reduceRight<string[]>((list, t) => rememberTarget(list, t), []);
}
