import { InvariantError } from '../errors';
import { sha256 } from './index-format';

/**
 * Passage vectors quantised to int8: for each passage, one scale and
 * `dimensions` signed bytes, `value ≈ byte × scale` with the scale set so
 * that the largest component maps to ±127. A vector takes a quarter of its
 * float32 size and keeps its direction to about 0.5 % (cosine above 0.999
 * for normalised embeddings).
 *
 * Stored layout, little-endian: `count` float32 scales, then
 * `count × dimensions` int8 components, passage by passage in index order.
 */
export interface QuantisedVectors {
  readonly count: number;
  readonly dimensions: number;
  readonly scales: Float32Array;
  readonly values: Int8Array;
}

/** Vectors opened for queries: quantised values and their inverse norms. */
export interface VectorMatrix extends QuantisedVectors {
  /** 1 / ‖values of passage i‖, 0 for a zero vector. */
  readonly inverseNorms: Float32Array;
}

/** Quantises float vectors of equal length. */
export function quantise(
  vectors: readonly ArrayLike<number>[],
  dimensions: number,
): QuantisedVectors {
  const scales = new Float32Array(vectors.length);
  const values = new Int8Array(vectors.length * dimensions);
  vectors.forEach((vector, i) => {
    if (vector.length !== dimensions) {
      throw new InvariantError(
        `Vector ${i} has ${vector.length} components, not ${dimensions}`,
      );
    }
    let max = 0;
    for (let d = 0; d < dimensions; d += 1) {
      max = Math.max(max, Math.abs(vector[d] as number));
    }
    const scale = max / 127;
    scales[i] = scale;
    if (scale === 0) return;
    const row = i * dimensions;
    for (let d = 0; d < dimensions; d += 1) {
      values[row + d] = Math.round((vector[d] as number) / scale);
    }
  });
  return { count: vectors.length, dimensions, scales, values };
}

/** Vector `i` back in floats (tests, diagnostics). */
export function dequantise(vectors: QuantisedVectors, i: number): Float32Array {
  const { dimensions, scales, values } = vectors;
  const scale = scales[i] as number;
  return Float32Array.from(
    values.subarray(i * dimensions, (i + 1) * dimensions),
    (v) => v * scale,
  );
}

/** The stored bytes of quantised vectors, and their SHA-256. */
export function encodeVectors(vectors: QuantisedVectors): {
  bytes: Buffer;
  hash: string;
} {
  const bytes = Buffer.alloc(vectors.count * (4 + vectors.dimensions));
  vectors.scales.forEach((scale, i) => {
    bytes.writeFloatLE(scale, i * 4);
  });
  const { values } = vectors;
  bytes.set(
    new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
    vectors.count * 4,
  );
  return { bytes, hash: sha256(bytes) };
}

/**
 * Reads stored bytes back, checking their hash and size. Throws an
 * `InvariantError` when they do not match.
 */
export function decodeVectors(
  bytes: Uint8Array,
  shape: { count: number; dimensions: number; hash: string },
): QuantisedVectors {
  const { count, dimensions } = shape;
  if (
    bytes.length !== count * (4 + dimensions) ||
    sha256(bytes) !== shape.hash
  ) {
    throw new InvariantError('Passage vectors do not match their META item');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const scales = Float32Array.from({ length: count }, (_, i) =>
    view.getFloat32(i * 4, true),
  );
  const values = new Int8Array(count * dimensions);
  values.set(
    new Int8Array(bytes.buffer, bytes.byteOffset + count * 4, values.length),
  );
  return { count, dimensions, scales, values };
}

/** Precomputes each vector's norm so a query costs one pass of dots. */
export function openVectors(vectors: QuantisedVectors): VectorMatrix {
  const { count, dimensions, values } = vectors;
  const inverseNorms = new Float32Array(count);
  for (let i = 0; i < count; i += 1) {
    let sum = 0;
    const row = i * dimensions;
    for (let d = 0; d < dimensions; d += 1) {
      const v = values[row + d] as number;
      sum += v * v;
    }
    inverseNorms[i] = sum === 0 ? 0 : 1 / Math.sqrt(sum);
  }
  return { ...vectors, inverseNorms };
}

/**
 * Cosine similarity of `query` with every passage, written into `out`
 * (one entry per passage). The scales cancel out of a cosine, so the scan
 * reads only the int8 values.
 */
export function cosineScores(
  matrix: VectorMatrix,
  query: ArrayLike<number>,
  out: Float64Array,
): Float64Array {
  const { count, dimensions, values, inverseNorms } = matrix;
  if (query.length !== dimensions) {
    throw new InvariantError(
      `Query vector has ${query.length} components, not ${dimensions}`,
    );
  }
  const q = Float32Array.from(query);
  let norm = 0;
  for (let d = 0; d < dimensions; d += 1) norm += (q[d] as number) ** 2;
  const inverseQuery = norm === 0 ? 0 : 1 / Math.sqrt(norm);
  for (let i = 0; i < count; i += 1) {
    const row = i * dimensions;
    let dot = 0;
    for (let d = 0; d < dimensions; d += 1) {
      dot += (values[row + d] as number) * (q[d] as number);
    }
    out[i] = dot * (inverseNorms[i] as number) * inverseQuery;
  }
  return out;
}
