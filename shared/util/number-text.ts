/**
 * A number typed in a box: undefined for an empty box, null when the text is not a number in range. The
 * page's boxes (a run's iterations and delay, a load test's plan) read their text with these.
 */
export function wholeNumberIn(text: string, min: number, max: number): number | undefined | null {
  if (text.trim() === '') return undefined;
  const value = Number(text);
  return /^\s*\d+\s*$/.test(text) && value >= min && value <= max ? value : null;
}

/** A number above 0 and at most `max` (decimals allowed), as `wholeNumberIn` reads one. */
export function positiveNumberUpTo(text: string, max: number): number | undefined | null {
  if (text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) && value > 0 && value <= max ? value : null;
}
