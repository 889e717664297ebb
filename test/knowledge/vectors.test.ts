import { InvariantError } from '../../functions/shared/errors';
import {
  cosineScores,
  decodeVectors,
  dequantise,
  encodeVectors,
  openVectors,
  quantise,
} from '../../functions/shared/knowledge/vectors';

/** A deterministic pseudo-random unit vector. */
function unitVector(seed: number, dimensions: number): Float32Array {
  let state = seed;
  const vector = Float32Array.from({ length: dimensions }, () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32 - 0.5;
  });
  const norm = Math.hypot(...vector);
  return vector.map((v) => v / norm);
}

const cosine = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i += 1) {
    dot += (a[i] as number) * (b[i] as number);
    na += (a[i] as number) ** 2;
    nb += (b[i] as number) ** 2;
  }
  return dot / Math.sqrt(na * nb);
};

describe('quantise', () => {
  it.each([256, 512, 1024])(
    'keeps the direction of %i-component unit vectors to a cosine above 0.999',
    (dimensions) => {
      // Prepare
      const vectors = [1, 2, 3].map((seed) => unitVector(seed, dimensions));

      // Act
      const quantised = quantise(vectors, dimensions);

      // Assess
      vectors.forEach((vector, i) => {
        expect(cosine(vector, dequantise(quantised, i))).toBeGreaterThan(0.999);
      });
      expect(Math.max(...quantised.values.map(Math.abs))).toBe(127);
    },
  );

  it('stores a zero vector as zeros with a zero scale', () => {
    // Act
    const quantised = quantise([new Float32Array(4)], 4);

    // Assess
    expect(Array.from(quantised.scales)).toEqual([0]);
    expect(Array.from(quantised.values)).toEqual([0, 0, 0, 0]);
  });

  it('throws an InvariantError for a vector of another length', () => {
    // Act
    const act = () => quantise([new Float32Array(3)], 4);

    // Assess
    expect(act).toThrow(InvariantError);
  });
});

describe('encodeVectors and decodeVectors', () => {
  it('round-trip the scales and values through stored bytes', () => {
    // Prepare
    const quantised = quantise([unitVector(7, 8), unitVector(8, 8)], 8);

    // Act
    const { bytes, hash } = encodeVectors(quantised);
    const offset = Buffer.concat([Buffer.from([1]), bytes]).subarray(1);
    const decoded = decodeVectors(offset, { count: 2, dimensions: 8, hash });

    // Assess
    expect(bytes).toHaveLength(2 * (4 + 8));
    expect(decoded).toEqual(quantised);
  });

  it.each([
    ['another hash', { count: 2, dimensions: 8, hash: 'f'.repeat(64) }],
    ['another size', { count: 3, dimensions: 8 }],
  ])('throws an InvariantError for bytes of %s', (_case, shape) => {
    // Prepare
    const { bytes, hash } = encodeVectors(quantise([unitVector(1, 8)], 8));

    // Act
    const act = () => decodeVectors(bytes, { hash, ...shape });

    // Assess
    expect(act).toThrow(InvariantError);
  });
});

describe('cosineScores', () => {
  it('scores each passage by its cosine with the query, whatever its scale', () => {
    // Prepare
    const matrix = openVectors(
      quantise(
        [
          [1, 0, 0],
          [0, 2, 0],
          [3, 3, 0],
          [0, 0, 0],
        ],
        3,
      ),
    );

    // Act
    const scores = cosineScores(matrix, [2, 0, 0], new Float64Array(4));

    // Assess
    const expected = [1, 0, Math.SQRT1_2, 0];
    expected.forEach((score, i) => {
      expect(scores[i]).toBeCloseTo(score, 6);
    });
  });

  it('throws an InvariantError for a query of another length', () => {
    // Prepare
    const matrix = openVectors(quantise([[1, 0]], 2));

    // Act
    const act = () => cosineScores(matrix, [1, 0, 0], new Float64Array(1));

    // Assess
    expect(act).toThrow(InvariantError);
  });
});
