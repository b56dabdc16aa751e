/**
 * The "Perhaps you meant …" hint of PostHog's printer uses Python's `difflib.get_close_matches(name,
 * ALL_EXPOSED_FUNCTION_NAMES, 1)` (posthog/hogql/printer/base.py). This is the same Ratcliff/Obershelp
 * ratio (no junk heuristics: they only apply to sequences of 200+ items) with the same cutoff (0.6) and the
 * same tie-break (highest ratio, then the greatest string).
 */

function longestMatch(a: string, alo: number, ahi: number, blo: number, bhi: number, b2j: Map<string, number[]>) {
  let besti = alo;
  let bestj = blo;
  let bestsize = 0;
  let j2len = new Map<number, number>();
  for (let i = alo; i < ahi; i++) {
    const next = new Map<number, number>();
    const positions = b2j.get(a[i] ?? '') ?? [];
    for (const j of positions) {
      if (j < blo) continue;
      if (j >= bhi) break;
      const k = (j2len.get(j - 1) ?? 0) + 1;
      next.set(j, k);
      if (k > bestsize) {
        besti = i - k + 1;
        bestj = j - k + 1;
        bestsize = k;
      }
    }
    j2len = next;
  }
  return { i: besti, j: bestj, size: bestsize };
}

/** difflib.SequenceMatcher(None, a, b).ratio() */
export function sequenceRatio(a: string, b: string): number {
  const total = a.length + b.length;
  if (total === 0) return 1;
  const b2j = new Map<string, number[]>();
  for (let j = 0; j < b.length; j++) {
    const ch = b[j] ?? '';
    const positions = b2j.get(ch);
    if (positions) positions.push(j);
    else b2j.set(ch, [j]);
  }
  let matches = 0;
  const queue: [number, number, number, number][] = [[0, a.length, 0, b.length]];
  while (queue.length > 0) {
    const [alo, ahi, blo, bhi] = queue.pop() ?? [0, 0, 0, 0];
    const m = longestMatch(a, alo, ahi, blo, bhi, b2j);
    if (m.size > 0) {
      matches += m.size;
      if (alo < m.i && blo < m.j) queue.push([alo, m.i, blo, m.j]);
      if (m.i + m.size < ahi && m.j + m.size < bhi) queue.push([m.i + m.size, ahi, m.j + m.size, bhi]);
    }
  }
  return (2 * matches) / total;
}

/** difflib.get_close_matches(word, possibilities, n=1, cutoff=0.6)[0] */
export function closestMatch(word: string, possibilities: readonly string[], cutoff = 0.6): string | null {
  let best: { score: number; name: string } | null = null;
  for (const name of possibilities) {
    const score = sequenceRatio(name, word);
    if (score < cutoff) continue;
    if (best === null || score > best.score || (score === best.score && name > best.name)) best = { score, name };
  }
  return best?.name ?? null;
}
