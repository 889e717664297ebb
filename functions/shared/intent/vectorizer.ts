import type { FeatureOptions, TermCounts } from './features';
import { buildTable, type FeatureTable, lookup } from './vocabulary';

/** Turns term counts into TF-IDF vectors over the training vocabulary. */
export interface Vectorizer {
  readonly table: FeatureTable;
  /** Inverse document frequency of each row. */
  readonly idf: Float32Array;
  /** Length of the character block relative to the word block's 1. */
  readonly charWeight: number;
}

/** A sparse vector: parallel arrays of rows and values. */
export interface SparseVector {
  readonly rows: Int32Array;
  readonly values: Float32Array;
}

/** How the vectorizer is fitted; see {@link FeatureOptions} for n-grams. */
export interface VectorizerOptions extends FeatureOptions {
  /** Fewest training utterances a feature must occur in to be kept. */
  readonly minDf: number;
  /** Length of the character block relative to the word block's 1. */
  readonly charWeight: number;
}

/**
 * Keeps every hash that occurs in at least `minDf` documents, sorted so the
 * row order depends on the data alone, with a smoothed IDF
 * `ln((1 + n) / (1 + df)) + 1`.
 */
export function fitVectorizer(
  docs: readonly TermCounts[],
  options: VectorizerOptions,
): Vectorizer {
  const df = new Map<number, number>();
  for (const doc of docs) {
    for (const hash of doc.word.hashes) df.set(hash, (df.get(hash) ?? 0) + 1);
    for (const hash of doc.char.hashes) df.set(hash, (df.get(hash) ?? 0) + 1);
  }
  const kept = [...df].filter(([, count]) => count >= options.minDf);
  const hashes = Uint32Array.from(kept, ([hash]) => hash).sort();
  const idf = Float32Array.from(hashes, (hash) =>
    idfOf(docs.length, df.get(hash) as number),
  );
  return { table: buildTable(hashes), idf, charWeight: options.charWeight };
}

const idfOf = (docs: number, df: number) => Math.log((1 + docs) / (1 + df)) + 1;

/**
 * The TF-IDF vector of one utterance: sublinear term frequency
 * `1 + ln(tf)` times IDF, each block scaled to unit length (then the
 * character block to `charWeight`). Unknown n-grams are dropped, and so
 * are rows that `known` marks 0 (to score held-out examples as unseen).
 */
export function vectorize(
  vectorizer: Vectorizer,
  counts: TermCounts,
  known?: Uint8Array,
): SparseVector {
  const size = counts.word.hashes.length + counts.char.hashes.length;
  const rows = new Int32Array(size);
  const values = new Float32Array(size);
  const out = { rows, values, known };
  const end = addBlock(vectorizer, counts.word, 1, out, 0);
  const total = addBlock(
    vectorizer,
    counts.char,
    vectorizer.charWeight,
    out,
    end,
  );
  return { rows: rows.subarray(0, total), values: values.subarray(0, total) };
}

function addBlock(
  vectorizer: Vectorizer,
  block: TermCounts['word'],
  weight: number,
  { rows, values, known }: SparseVector & { known?: Uint8Array },
  start: number,
): number {
  let end = start;
  let squares = 0;
  for (let i = 0; i < block.hashes.length; i++) {
    const row = lookup(vectorizer.table, block.hashes[i] as number);
    if (row < 0 || known?.[row] === 0) continue;
    const tf = 1 + Math.log(block.counts[i] as number);
    const value = tf * (vectorizer.idf[row] as number);
    rows[end] = row;
    values[end++] = value;
    squares += value * value;
  }
  const scale = squares > 0 ? weight / Math.sqrt(squares) : 0;
  for (let i = start; i < end; i++) values[i] = (values[i] as number) * scale;
  return end;
}
