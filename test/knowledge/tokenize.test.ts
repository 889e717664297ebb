import { stem, tokenize } from '../../functions/shared/knowledge/tokenize';

describe('tokenize', () => {
  it('drops stopwords and folds case, accents and inflections', () => {
    // Act
    const tokens = tokenize('How do I get my Refunds for the café order?');

    // Assess
    expect(tokens).toEqual(['refund', 'cafe', 'order']);
  });

  it('keeps numbers, including single digits, and drops lone letters', () => {
    // Act
    const tokens = tokenize("It's 5 to 7 days, order #W4817203");

    // Assess
    expect(tokens).toEqual(['5', '7', 'dai', 'order', 'w4817203']);
  });
});

describe('stem', () => {
  it.each([
    ['refunds', 'refund'],
    ['refunded', 'refund'],
    ['refunding', 'refund'],
    ['charges', 'charg'],
    ['charged', 'charg'],
    ['charge', 'charg'],
    ['policies', 'polici'],
    ['policy', 'polici'],
    ['applied', 'appli'],
    ['applying', 'appli'],
    ['cancelling', 'cancel'],
    ['cancelled', 'cancel'],
    ['shipping', 'ship'],
    ['shipped', 'ship'],
    ['fees', 'fee'],
    ['agreed', 'agre'],
    ['address', 'address'],
    ['business', 'business'],
    ['hopping', 'hop'],
    ['hoping', 'hope'],
    ['2024s', '2024s'],
  ])('stems %s to %s', (word, stemmed) => {
    // Act
    const result = stem(word);

    // Assess
    expect(result).toBe(stemmed);
  });
});
