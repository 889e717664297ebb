import {
  crossValidate,
  IntentDataError,
  stratifiedFolds,
} from '../../functions/shared/intent';
import { bankingSlice, SEPARABLE } from './fixtures';

describe('stratifiedFolds', () => {
  it('gives every fold a share of every intent', () => {
    // Prepare
    const examples = bankingSlice('train', 10);

    // Act
    const folds = stratifiedFolds(examples, 5, 7);

    // Assess
    expect(folds).toHaveLength(examples.length);
    for (const label of new Set(examples.map((e) => e.label))) {
      const of = folds.filter((_, i) => examples[i]?.label === label);
      for (let f = 0; f < 5; f++) {
        expect(of.filter((fold) => fold === f)).toHaveLength(2);
      }
    }
  });

  it('assigns the same folds for the same seed and others for another', () => {
    // Prepare
    const examples = bankingSlice('train', 10);

    // Act
    const first = stratifiedFolds(examples, 5, 7);
    const again = stratifiedFolds(examples, 5, 7);
    const other = stratifiedFolds(examples, 5, 8);

    // Assess
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
  });

  it.each([1, 0, 2.5])('throws for %p folds', (k) => {
    // Act & Assess
    expect(() => stratifiedFolds(SEPARABLE, k, 7)).toThrow(IntentDataError);
  });
});

describe('crossValidate', () => {
  it('scores each fold on examples its model did not train on', () => {
    // Prepare
    const progress: number[] = [];

    // Act
    const cv = crossValidate(SEPARABLE, {
      folds: 5,
      onProgress: (f) => progress.push(f),
    });

    // Assess
    expect(cv.folds).toHaveLength(5);
    expect(cv.meanAccuracy).toBeGreaterThan(0.5);
    expect(cv.meanAccuracy).toBeLessThanOrEqual(1);
    expect(progress).toEqual([0.2, 0.4, 0.6, 0.8, 1]);
  });

  it('reports the mean and sample deviation of the fold accuracies', () => {
    // Act
    const cv = crossValidate(bankingSlice('train', 12), { folds: 3 });

    // Assess
    const accuracies = cv.folds.map((f) => f.accuracy);
    const mean = accuracies.reduce((a, b) => a + b, 0) / 3;
    const sd = Math.sqrt(
      accuracies.reduce((a, b) => a + (b - mean) ** 2, 0) / 2,
    );
    expect(cv.meanAccuracy).toBeCloseTo(mean, 10);
    expect(cv.stdAccuracy).toBeCloseTo(sd, 10);
  });
});
