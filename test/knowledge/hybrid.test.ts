import { InvariantError } from '../../functions/shared/errors';
import { buildIndex } from '../../functions/shared/knowledge/build';
import { passageEmbeddingText } from '../../functions/shared/knowledge/embed-passages';
import {
  denseSearch,
  hybridSearch,
} from '../../functions/shared/knowledge/hybrid';
import { passageAt } from '../../functions/shared/knowledge/passage';
import { openIndex } from '../../functions/shared/knowledge/rank';
import {
  openVectors,
  quantise,
} from '../../functions/shared/knowledge/vectors';
import { standInEmbedding } from '../../local/bedrock/embedding';
import { helpArticles } from './fixtures';

const DIMENSIONS = 256;
const file = buildIndex(helpArticles());
const index = openIndex(file);
const matrix = openVectors(
  quantise(
    file.chunks.map((_, c) =>
      standInEmbedding(passageEmbeddingText(file, c), DIMENSIONS),
    ),
    DIMENSIONS,
  ),
);
const ids = (hits: readonly { chunk: number }[]) =>
  hits.map((hit) => passageAt(index, hit.chunk).id);
const options = { limit: 3, weight: 0.5, minLexical: 0.3, minDense: 0.3 };

describe('hybridSearch', () => {
  it('finds a passage the query shares no indexed word with, by its vector', () => {
    // Prepare: a query vector pointing at the payments article.
    const vector = standInEmbedding(
      'credit cards paypal gift cards',
      DIMENSIONS,
    );

    // Act
    const hits = hybridSearch(index, matrix, 'hammock', vector, options);

    // Assess
    expect(ids(hits)).toEqual(['payments#1']);
    expect(hits[0]).toMatchObject({ denseRank: 1 });
    expect(hits[0]?.lexicalRank).toBeUndefined();
  });

  it('ranks first the passage both rankings put first, scoring it 1', () => {
    // Prepare
    const query = 'What is the return window for an item?';

    // Act
    const hits = hybridSearch(
      index,
      matrix,
      query,
      standInEmbedding(query, DIMENSIONS),
      options,
    );

    // Assess
    expect(ids(hits)[0]).toBe('returns#2');
    expect(hits[0]?.score).toBe(1);
  });

  it('leaves out passages below each ranking’s threshold', () => {
    // Act
    const hits = hybridSearch(
      index,
      matrix,
      'hello there',
      standInEmbedding('hello there', DIMENSIONS),
      options,
    );

    // Assess
    expect(hits).toEqual([]);
  });
});

describe('denseSearch', () => {
  it('throws an InvariantError for vectors of another index', () => {
    // Prepare
    const other = openVectors(
      quantise([new Float32Array(DIMENSIONS)], DIMENSIONS),
    );

    // Act
    const act = () =>
      denseSearch(index, other, new Float32Array(DIMENSIONS), 3);

    // Assess
    expect(act).toThrow(InvariantError);
  });
});
