import { join } from 'node:path';
import {
  type RunFigures,
  readLabelledCsv,
  trainAndEvaluate,
} from '../functions/shared/intent';

const BANKING77 = join('..', 'shared', 'data', 'intent', 'banking77');

/**
 * Banking77 test accuracy (%) of other methods, for comparison: published
 * figures (Casanueva et al., 2020) and a numpy TF-IDF word + character
 * n-gram linear SVM run on this kind of machine.
 */
export const BANKING77_REFERENCES = {
  tfidfLogisticRegression: 88.9,
  tfidfSvm: 90.3,
  tfidfSvmLocalNumpy: 91.2,
  bert: 93.7,
} as const;

/** Targets of the embedded classifier on Banking77. */
export const INTENT_TARGETS = { accuracyPercent: 92, p99Ms: 1 } as const;

/** Figures of the embedded classifier on Banking77, trained from scratch. */
export interface IntentBench extends RunFigures {
  readonly trainExamples: number;
  readonly testExamples: number;
  readonly references: typeof BANKING77_REFERENCES;
  readonly targets: typeof INTENT_TARGETS;
}

/**
 * Trains the classifier on the full Banking77 training file, round-trips
 * it through its artifact and evaluates it on the test file (run from the
 * project root, with the shared data beside it).
 */
export async function benchIntent(): Promise<IntentBench> {
  const training = readLabelledCsv(join(BANKING77, 'train.csv'));
  const test = readLabelledCsv(join(BANKING77, 'test.csv'));
  const figures = trainAndEvaluate(training, test);
  return {
    ...figures,
    trainExamples: training.length,
    testExamples: test.length,
    references: BANKING77_REFERENCES,
    targets: INTENT_TARGETS,
  };
}
