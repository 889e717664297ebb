/**
 * Hashed n-gram features of an utterance: word n-grams and skip pairs, and
 * character n-grams inside word boundaries (each word padded with a space
 * on either side), every n-gram reduced to a 32-bit FNV-1a hash. Hashing needs no
 * stored vocabulary to extract features, and distinct seeds keep the word
 * and character blocks apart.
 */

/** Which n-grams make up the two feature blocks. */
export interface FeatureOptions {
  /** Smallest and largest word n-gram, e.g. `[1, 2]`. */
  readonly wordNgrams: readonly [number, number];
  /** Smallest and largest character n-gram, e.g. `[2, 5]`. */
  readonly charNgrams: readonly [number, number];
  /**
   * Also pair each word with every later word at most this many words
   * away (skipping its neighbour, which the bigram covers); 0 for none.
   */
  readonly pairWindow: number;
}

/** The n-grams of one utterance, block by block, as sorted unique hashes. */
export interface TermCounts {
  readonly word: { hashes: Uint32Array; counts: Uint16Array };
  readonly char: { hashes: Uint32Array; counts: Uint16Array };
}

const WORD_SEED = 0x811c9dc5;
const CHAR_SEED = 0x01000193;
const FNV_PRIME = 0x01000193;
const PAIR_SALT = 0x9e3779b9;
const TOKEN = /[\p{L}\p{N}]+(?:'\p{L}+)*/gu;

/** Lower-cases, folds compatibility forms and maps every digit to `0`. */
export function tokenize(text: string): string[] {
  const normal = text.normalize('NFKC').toLowerCase().replace(/\d/g, '0');
  return normal.match(TOKEN) ?? [];
}

/** FNV-1a of `text[from, to)` continued from `hash`. */
function fnv(text: string, hash: number, from = 0, to = text.length): number {
  let h = hash;
  for (let i = from; i < to; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  }
  return h >>> 0;
}

/** Murmur3's finaliser: spreads the bits of a combined hash. */
export function mix(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function wordHashes(tokens: readonly string[], [min, max]: readonly number[]) {
  const unigrams = tokens.map((token) => fnv(token, WORD_SEED));
  const out: number[] = [];
  for (let i = 0; i < unigrams.length; i++) {
    let h = 0;
    for (let n = 1; n <= max && i + n <= unigrams.length; n++) {
      h = mix(Math.imul(h, 31) + (unigrams[i + n - 1] as number) + n);
      if (n >= min) out.push(n === 1 ? (unigrams[i] as number) : h);
    }
  }
  return { unigrams, out };
}

function pairHashes(
  unigrams: readonly number[],
  window: number,
  out: number[],
) {
  for (let i = 0; i < unigrams.length; i++) {
    const last = Math.min(unigrams.length - 1, i + window);
    for (let j = i + 2; j <= last; j++) {
      const pair =
        Math.imul(unigrams[i] as number, 31) + (unigrams[j] as number);
      out.push(mix(pair + PAIR_SALT));
    }
  }
  return out;
}

function charHashes(tokens: readonly string[], [min, max]: readonly number[]) {
  const out: number[] = [];
  for (const token of tokens) {
    const padded = ` ${token} `;
    for (let i = 0; i < padded.length; i++) {
      let h = CHAR_SEED;
      for (let n = 1; n <= max && i + n <= padded.length; n++) {
        h = fnv(padded, h, i + n - 1, i + n);
        if (n >= min) out.push(h);
      }
    }
  }
  return out;
}

function countTerms(hashes: number[]) {
  const sorted = Uint32Array.from(hashes).sort();
  const unique = new Uint32Array(sorted.length);
  const counts = new Uint16Array(sorted.length);
  let size = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (size > 0 && unique[size - 1] === sorted[i]) {
      counts[size - 1] = (counts[size - 1] as number) + 1;
    } else {
      unique[size] = sorted[i] as number;
      counts[size++] = 1;
    }
  }
  return { hashes: unique.slice(0, size), counts: counts.slice(0, size) };
}

/** Extracts the hashed word and character n-grams of `text` with counts. */
export function termCounts(text: string, options: FeatureOptions): TermCounts {
  const tokens = tokenize(text);
  const { unigrams, out } = wordHashes(tokens, options.wordNgrams);
  return {
    word: countTerms(pairHashes(unigrams, options.pairWindow, out)),
    char: countTerms(charHashes(tokens, options.charNgrams)),
  };
}
