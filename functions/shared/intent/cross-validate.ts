import type { LabelledExample } from './csv';
import { IntentDataError } from './errors';
import { scoreAnswers } from './evaluate';
import { predict } from './model';
import { seededRandom, shuffle } from './random';
import { type TrainOptions, train } from './train';

/** Settings of {@link crossValidate}. */
export interface CrossValidateOptions {
  /** @default 5 */
  readonly folds?: number;
  /** Seed of the fold assignment. @default 7 */
  readonly seed?: number;
  /** Classifier settings to try; the defaults fill the rest. */
  readonly train?: Omit<TrainOptions, 'onProgress'>;
  /** Told the fraction of the folds done, from 0 to 1. */
  readonly onProgress?: (fraction: number) => void;
}

/** How one fold's model did on the examples it did not see. */
export interface FoldScore {
  readonly accuracy: number;
  readonly macroF1: number;
  readonly inScopeAccuracy: number;
  readonly oosRecall: number | null;
}

/** Fold by fold, and the mean and sample deviation over the folds. */
export interface CrossValidation {
  readonly folds: readonly FoldScore[];
  readonly meanAccuracy: number;
  readonly stdAccuracy: number;
  readonly meanMacroF1: number;
}

/**
 * Assigns every example to one of `k` folds, label by label, so each fold
 * holds about `1 / k` of every intent. Deterministic for a given seed.
 *
 * @throws IntentDataError when `k` is not an integer of at least 2.
 */
export function stratifiedFolds(
  examples: readonly { readonly label: string }[],
  k: number,
  seed: number,
): number[] {
  if (!Number.isInteger(k) || k < 2) {
    throw new IntentDataError(`folds must be an integer >= 2 (got ${k})`);
  }
  const random = seededRandom(seed);
  const byLabel = new Map<string, number[]>();
  examples.forEach((example, i) => {
    byLabel.set(example.label, [...(byLabel.get(example.label) ?? []), i]);
  });
  const fold = new Array<number>(examples.length).fill(0);
  let next = 0;
  for (const label of [...byLabel.keys()].sort()) {
    for (const i of shuffle(byLabel.get(label) as number[], random)) {
      fold[i] = next;
      next = (next + 1) % k;
    }
  }
  return fold;
}

/**
 * Stratified k-fold cross-validation on one labelled set: each fold's
 * model trains on the other folds and answers the fold's examples. This is
 * how classifier settings are chosen without looking at a test file.
 *
 * @throws IntentDataError when a fold would train on fewer than two intents.
 */
export function crossValidate(
  examples: readonly LabelledExample[],
  options: CrossValidateOptions = {},
): CrossValidation {
  const k = options.folds ?? 5;
  const assignment = stratifiedFolds(examples, k, options.seed ?? 7);
  const folds: FoldScore[] = [];
  for (let f = 0; f < k; f++) {
    const training = examples.filter((_, i) => assignment[i] !== f);
    const held = examples.filter((_, i) => assignment[i] === f);
    const model = train(training, options.train);
    const answers = held.map((e) => predict(model, e.text).intent);
    folds.push(scoreAnswers(held, answers));
    options.onProgress?.((f + 1) / k);
  }
  return summarise(folds);
}

function summarise(folds: readonly FoldScore[]): CrossValidation {
  const accuracies = folds.map((f) => f.accuracy);
  const mean = (values: readonly number[]) =>
    values.reduce((sum, v) => sum + v, 0) / values.length;
  const meanAccuracy = mean(accuracies);
  const variance =
    folds.length > 1
      ? accuracies.reduce((sum, a) => sum + (a - meanAccuracy) ** 2, 0) /
        (folds.length - 1)
      : 0;
  return {
    folds,
    meanAccuracy,
    stdAccuracy: Math.sqrt(variance),
    meanMacroF1: mean(folds.map((f) => f.macroF1)),
  };
}
