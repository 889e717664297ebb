/** Mulberry32: a small seedable generator of numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Shuffles `items` in place (Fisher–Yates) with the given generator. */
export function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

/**
 * Splits examples per label, holding out `round(n * fraction)` of each
 * label's `n` (never all of them), chosen by a seeded shuffle. Both parts
 * keep the input order.
 */
export function stratifiedSplit<T extends { readonly label: string }>(
  items: readonly T[],
  fraction: number,
  seed: number,
): { kept: T[]; held: T[] } {
  const random = seededRandom(seed);
  const byLabel = new Map<string, number[]>();
  items.forEach((item, i) => {
    byLabel.set(item.label, [...(byLabel.get(item.label) ?? []), i]);
  });
  const held = new Set<number>();
  for (const label of [...byLabel.keys()].sort()) {
    const indices = shuffle(byLabel.get(label) as number[], random);
    const count = Math.min(
      indices.length - 1,
      Math.round(indices.length * fraction),
    );
    for (const i of indices.slice(0, count)) held.add(i);
  }
  return {
    kept: items.filter((_, i) => !held.has(i)),
    held: items.filter((_, i) => held.has(i)),
  };
}
