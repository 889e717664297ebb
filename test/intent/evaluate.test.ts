import {
  percentile,
  scoreAnswers,
} from '../../functions/shared/intent/evaluate';

describe('scoreAnswers', () => {
  it('scores accuracy, macro-F1, in-scope accuracy and oos recall', () => {
    // Prepare
    const examples = [
      { text: 'a', label: 'x' },
      { text: 'b', label: 'x' },
      { text: 'c', label: 'y' },
      { text: 'd', label: 'oos' },
      { text: 'e', label: 'oos' },
    ];

    // Act
    const scores = scoreAnswers(examples, ['x', 'y', 'y', 'oos', 'x']);

    // Assess
    expect(scores.accuracy).toBeCloseTo(3 / 5);
    expect(scores.inScopeAccuracy).toBeCloseTo(2 / 3);
    expect(scores.oosRecall).toBeCloseTo(1 / 2);
    // F1: x = 2·1/(2+2) = 0.5, y = 2·1/(1+2) = 2/3, oos = 2·1/(2+1) = 2/3
    expect(scores.macroF1).toBeCloseTo((0.5 + 2 / 3 + 2 / 3) / 3);
  });

  it('reports no oos recall when no example is out of scope', () => {
    // Act
    const scores = scoreAnswers([{ text: 'a', label: 'x' }], ['x']);

    // Assess
    expect(scores.oosRecall).toBeNull();
    expect(scores.inScopeAccuracy).toBe(1);
  });
});

describe('percentile', () => {
  it.each([
    [50, 3],
    [99, 5],
    [0, 1],
  ])('takes the nearest rank for p%i', (p, expected) => {
    // Act
    const value = percentile([5, 1, 4, 2, 3], p);

    // Assess
    expect(value).toBe(expected);
  });
});
