/** The seeded randomness the demo store is generated from. */

/** Mulberry32: a small, fast, seedable generator of numbers in [0, 1). */
export function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (min: number, max: number) =>
    min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)];
  const shuffle = <T>(items: readonly T[]): T[] => {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i -= 1) {
      const j = int(0, i);
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy;
  };
  const digits = (count: number, first = '') => {
    let text = first;
    while (text.length < count) text += String(int(0, 9));
    return text;
  };
  return { next, int, pick, shuffle, digits };
}

export type Random = ReturnType<typeof random>;

/** Makes an id of `length` digits (the first not 0) after `prefix`. */
export type NewId = (length: number, prefix?: string) => string;

/** Hands out random digit strings that were not handed out before. */
export function uniqueIds(rng: Random, reserved: readonly string[]): NewId {
  const taken = new Set(reserved);
  return (length: number, prefix = '') => {
    for (;;) {
      const id = `${prefix}${rng.digits(length, String(rng.int(1, 9)))}`;
      if (!taken.has(id)) {
        taken.add(id);
        return id;
      }
    }
  };
}
