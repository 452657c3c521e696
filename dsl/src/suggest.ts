/** Levenshtein distance with two rolling rows; inputs are short names, so O(n*m) is fine. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The closest candidate, if it is close enough to be a plausible typo: at most a third of the word's length
 * (and at least 2) edits away. Case and `-`/` ` vs `_` are ignored because those are the usual slips.
 */
export function closestMatch(
  word: string,
  candidates: Iterable<string>,
  maxDistance?: number,
): string | undefined {
  const fold = (s: string) => s.toLowerCase().replace(/[-\s]/g, '_');
  const target = fold(word);
  const budget = maxDistance ?? Math.max(2, Math.floor(target.length / 3));
  let best: { name: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(target, fold(candidate));
    if (distance <= budget && (!best || distance < best.distance)) best = { name: candidate, distance };
  }
  return best?.name;
}

export function didYouMean(word: string, candidates: Iterable<string>): string {
  const match = closestMatch(word, candidates);
  return match === undefined ? '' : `; did you mean "${match}"?`;
}
