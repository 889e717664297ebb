import { fuseRankings, RRF_K } from '../../functions/shared/knowledge/fusion';

describe('fuseRankings', () => {
  it.each([
    {
      name: 'puts agreement near the top first',
      lexical: [0, 1, 2],
      dense: [2, 0, 3],
      weight: 0.5,
      order: [0, 2, 1, 3],
    },
    {
      name: 'follows the lexical ranking at weight 0',
      lexical: [4, 1],
      dense: [2, 3],
      weight: 0,
      order: [4, 1],
    },
    {
      name: 'follows the dense ranking at weight 1',
      lexical: [4, 1],
      dense: [2, 3],
      weight: 1,
      order: [2, 3],
    },
    {
      name: 'lets a heavier dense ranking win a split',
      lexical: [5, 6],
      dense: [6, 5],
      weight: 0.7,
      order: [6, 5],
    },
    {
      name: 'breaks an exact tie by position',
      lexical: [8],
      dense: [7],
      weight: 0.5,
      order: [7, 8],
    },
    {
      name: 'keeps the ranking it has when the other is empty',
      lexical: [],
      dense: [3, 1],
      weight: 0.5,
      order: [3, 1],
    },
  ])('$name', ({ lexical, dense, weight, order }) => {
    // Act
    const fused = fuseRankings(lexical, dense, weight);

    // Assess
    expect(fused.map((hit) => hit.chunk)).toEqual(order);
  });

  it('breaks a tie by the better single rank before the position', () => {
    // Prepare: passages 9 and 200 are first in one ranking each, passage
    // 7 is 62nd in both, and 2 / (60 + 62) = 1 / (60 + 1).
    const fillers = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => from + i);
    const lexical = [9, ...fillers(100, 60), 7];
    const dense = [...fillers(200, 61), 7];

    // Act
    const fused = fuseRankings(lexical, dense, 0.5);

    // Assess
    const [first, second, third] = fused;
    expect([first, second, third].map((hit) => hit?.chunk)).toEqual([
      9, 200, 7,
    ]);
    expect(third?.score).toBe(first?.score);
  });

  it('scores a passage first in both rankings 1, and records its ranks', () => {
    // Act
    const [first, second] = fuseRankings([0, 1], [0], 0.5);

    // Assess
    expect(first).toEqual({
      chunk: 0,
      score: 1,
      lexicalRank: 1,
      denseRank: 1,
    });
    expect(second).toEqual({
      chunk: 1,
      score: (0.5 / (RRF_K + 2)) * (RRF_K + 1),
      lexicalRank: 2,
    });
  });
});
