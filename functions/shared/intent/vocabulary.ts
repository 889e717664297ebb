import { mix } from './features';

/**
 * An open-addressing table from a feature hash to its row in the weight
 * matrix. Built in one pass from the sorted list of hashes, so loading a
 * model only allocates two typed arrays.
 */
export interface FeatureTable {
  readonly hashes: Uint32Array;
  readonly keys: Uint32Array;
  readonly rows: Int32Array;
  readonly mask: number;
}

/** Builds the table for `hashes`; row `i` belongs to `hashes[i]`. */
export function buildTable(hashes: Uint32Array): FeatureTable {
  let capacity = 16;
  while (capacity < hashes.length * 2) capacity *= 2;
  const keys = new Uint32Array(capacity);
  const rows = new Int32Array(capacity).fill(-1);
  const mask = capacity - 1;
  for (let row = 0; row < hashes.length; row++) {
    const hash = hashes[row] as number;
    let slot = mix(hash) & mask;
    while (rows[slot] !== -1) slot = (slot + 1) & mask;
    keys[slot] = hash;
    rows[slot] = row;
  }
  return { hashes, keys, rows, mask };
}

/** The row of `hash`, or -1 for a feature never seen in training. */
export function lookup(table: FeatureTable, hash: number): number {
  let slot = mix(hash) & table.mask;
  for (;;) {
    const row = table.rows[slot] as number;
    if (row === -1 || table.keys[slot] === hash) return row;
    slot = (slot + 1) & table.mask;
  }
}
