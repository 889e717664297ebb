import { buildIndex } from '../../functions/shared/knowledge/build';
import type { KnowledgeDocument } from '../../functions/shared/knowledge/documents';
import { passageAt } from '../../functions/shared/knowledge/passage';
import {
  openIndex,
  RANKING_DEFAULTS,
  type RankingOptions,
  type SearchIndex,
  search,
} from '../../functions/shared/knowledge/rank';
import { helpArticles } from './fixtures';

const ids = (index: SearchIndex, query: string, limit = 10) =>
  search(index, query, { limit }).map((hit) => passageAt(index, hit.chunk).id);

describe('search', () => {
  const index = () => openIndex(buildIndex(helpArticles()));

  it.each([
    ['How long do I have to return an item?', 'returns'],
    ['When will I get my refund?', 'returns'],
    ['Where is my tracking number?', 'shipping'],
    ['How long does express delivery take?', 'shipping'],
    ['Can I pay with PayPal?', 'payments'],
  ])('ranks the right document first for %j', (query, expected) => {
    // Act
    const [best] = ids(index(), query);

    // Assess
    expect(best?.split('#')[0]).toBe(expected);
  });

  it.each([
    ['Which tracking number does my order get?', 'shipping#2'],
    ['Is my refund paid to the original payment method?', 'returns#3'],
    ['What is the return window?', 'returns#2'],
  ])('ranks the right passage first for %j', (query, expected) => {
    // Act
    const [best] = ids(index(), query);

    // Assess
    expect(best).toBe(expected);
  });

  it('normalises scores to at most 1 and finds nothing for unknown words', () => {
    // Act
    const hits = search(index(), 'return refund tracking', { limit: 10 });
    const none = search(index(), 'zebra quantum', { limit: 10 });

    // Assess
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => h.normalised > 0 && h.normalised <= 1)).toBe(true);
    expect(none).toEqual([]);
  });

  it('returns at most limit hits, and at most maxPerDocument of a document', () => {
    // Act
    const two = search(index(), 'returns refunds delivery', { limit: 2 });
    const capped = search(index(), 'returns refunds delivery', {
      limit: 10,
      maxPerDocument: 1,
    });

    // Assess
    expect(two).toHaveLength(2);
    const documents = capped.map((h) => passageAt(index(), h.chunk).documentId);
    expect(documents).toEqual([...new Set(documents)]);
    expect(documents).toEqual(expect.arrayContaining(['returns', 'shipping']));
  });
});

describe('field boosts', () => {
  // Same lengths everywhere: only where "warranty" stands differs.
  const documents: KnowledgeDocument[] = [
    {
      documentId: 'in-title',
      title: 'Warranty',
      content: 'Seams and zips are covered.',
    },
    {
      documentId: 'in-heading',
      title: 'Repairs',
      content: '## Warranty\nSeams and zips are covered.',
    },
    {
      documentId: 'in-body',
      title: 'Claims',
      content: '## Help\nSeams and zips have warranty.',
    },
  ];
  const scores = (options: RankingOptions) => {
    const index = openIndex(buildIndex(documents), options);
    return Object.fromEntries(
      search(index, 'warranty', { limit: 10 }).map((h) => [
        passageAt(index, h.chunk).documentId,
        h.score,
      ]),
    );
  };

  it('ranks a title or heading match above the same word in the body', () => {
    // Act
    const boosted = scores(RANKING_DEFAULTS);

    // Assess
    expect(boosted['in-title']).toBeGreaterThan(boosted['in-body'] as number);
    expect(boosted['in-heading']).toBeGreaterThan(boosted['in-body'] as number);
  });

  it('weighs every field alike without boosts', () => {
    // Act
    const flat = scores({
      ...RANKING_DEFAULTS,
      weights: { title: 1, heading: 1, body: 1 },
      b: { title: 0, heading: 0, body: 0 },
    });

    // Assess
    expect(flat['in-title']).toBeCloseTo(flat['in-body'] as number);
    expect(flat['in-heading']).toBeCloseTo(flat['in-body'] as number);
  });
});

describe('query-term weighting', () => {
  it.each([
    [8, true],
    [0, false],
  ])('with k3 %d, weighs a repeated query term more: %s', (k3, more) => {
    // Prepare
    const index = openIndex(buildIndex(helpArticles()), {
      ...RANKING_DEFAULTS,
      k3,
    });

    // Act
    const [once] = search(index, 'tracking', { limit: 1 });
    const [thrice] = search(index, 'tracking tracking tracking', { limit: 1 });

    // Assess
    expect((thrice?.score ?? 0) > (once?.score ?? 0)).toBe(more);
    expect(thrice?.normalised).toBeCloseTo(once?.normalised ?? 0);
  });
});
