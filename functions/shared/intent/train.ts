import {
  chooseThreshold,
  fitTemperature,
  type HeldOutPrediction,
  softmax,
} from './calibration';
import type { LabelledExample } from './csv';
import { IntentDataError } from './errors';
import { type FeatureOptions, type TermCounts, termCounts } from './features';
import { type IntentModel, OUT_OF_SCOPE, quantise, scoreVector } from './model';
import {
  createSolver,
  type Dataset,
  runSolver,
  type Solver,
  type SvmOptions,
  solverWeights,
  toDataset,
} from './multiclass-svm';
import { stratifiedSplit } from './random';
import { fitVectorizer, type Vectorizer, vectorize } from './vectorizer';

/** Settings of {@link train}; every one has a default. */
export interface TrainOptions
  extends Partial<FeatureOptions>,
    Partial<SvmOptions> {
  /** @default 1 (documents a feature must occur in to be kept) */
  readonly minDf?: number;
  /** @default 1 (length of the character block against the word block's) */
  readonly charWeight?: number;
  /** Share of each intent held out to fit confidences. @default 0.1 */
  readonly holdOut?: number;
  /** Use this rejection threshold instead of the one fitted. */
  readonly rejectionThreshold?: number;
  /** Told the fraction of training done, from 0 to 1. */
  readonly onProgress?: (fraction: number) => void;
}

/**
 * Settings chosen on a stratified 5-fold cross-validation of the Banking77
 * training set (see README.md in this folder).
 */
export const DEFAULT_TRAIN_OPTIONS: Settings = {
  wordNgrams: [1, 2],
  charNgrams: [2, 5],
  pairWindow: 6,
  minDf: 1,
  charWeight: 1,
  c: 0.6,
  epochs: 50,
  tolerance: 0.1,
  seed: 1,
  holdOut: 0.1,
};

/** Every setting of {@link TrainOptions} except the per-call ones. */
export type Settings = Required<
  Omit<TrainOptions, 'rejectionThreshold' | 'onProgress'>
>;
type Fitted = Omit<IntentModel, 'temperature' | 'rejectionThreshold'>;

/**
 * Trains an intent classifier from labelled examples. The solver first
 * runs on all but a stratified `holdOut` share; the softmax temperature
 * and the `oos` rejection threshold are fitted on the share held out
 * (scored without the n-grams only they contain); then the solver carries
 * on from there over every example. Deterministic for a given `seed`.
 *
 * @example train([{ text: 'where is my card', label: 'card_arrival' }, …])
 * @throws IntentDataError with fewer than two intents.
 */
export function train(
  examples: readonly LabelledExample[],
  options: TrainOptions = {},
): IntentModel {
  const settings: Settings = {
    ...DEFAULT_TRAIN_OPTIONS,
    ...definedOnly(options),
  };
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  if (labels.length < 2) {
    throw new IntentDataError(
      `Training needs at least two intents (found ${labels.length})`,
    );
  }
  const progress = options.onProgress ?? (() => {});
  const problem = prepare(examples, labels, settings);
  progress(0.1);

  const { kept, held } = splitIndices(examples, settings);
  const calibration = { temperature: 1, rejectionThreshold: 0 };
  if (held.length > 0) {
    runSolver(problem.solver, kept, settings, (f) => progress(0.1 + 0.6 * f));
    Object.assign(calibration, calibrate(problem, kept, held));
  }
  runSolver(
    problem.solver,
    examples.map((_, i) => i),
    settings,
    (f) => progress(0.7 + 0.3 * f),
  );
  progress(1);
  return {
    ...snapshot(problem),
    ...calibration,
    rejectionThreshold:
      options.rejectionThreshold ?? calibration.rejectionThreshold,
  };
}

interface Problem {
  readonly labels: readonly string[];
  readonly features: FeatureOptions;
  readonly vectorizer: Vectorizer;
  readonly counts: readonly TermCounts[];
  readonly solver: Solver;
}

function prepare(
  examples: readonly LabelledExample[],
  labels: readonly string[],
  settings: Settings,
): Problem {
  const features: FeatureOptions = {
    wordNgrams: settings.wordNgrams,
    charNgrams: settings.charNgrams,
    pairWindow: settings.pairWindow,
  };
  const counts = examples.map((e) => termCounts(e.text, features));
  const vectorizer = fitVectorizer(counts, settings);
  const index = new Map(labels.map((label, k) => [label, k]));
  const data = toDataset(
    counts.map((c) => vectorize(vectorizer, c)),
    Int32Array.from(examples, (e) => index.get(e.label) as number),
    labels.length,
    vectorizer.idf.length,
  );
  const solver = createSolver(data, settings.c);
  return { labels, features, vectorizer, counts, solver };
}

function splitIndices(
  examples: readonly LabelledExample[],
  settings: Settings,
) {
  const indexed = examples.map((e, i) => ({ label: e.label, i }));
  const split = stratifiedSplit(indexed, settings.holdOut, settings.seed);
  return { kept: split.kept.map((e) => e.i), held: split.held.map((e) => e.i) };
}

function snapshot(problem: Problem): Fitted {
  const weights = quantise(
    solverWeights(problem.solver),
    problem.labels.length,
  );
  const { labels, features, vectorizer } = problem;
  return { ...vectorizer, ...weights, labels, features };
}

/** Rows that occur in the examples at `indices`. */
function seenRows(data: Dataset, indices: readonly number[]): Uint8Array {
  const seen = new Uint8Array(data.features);
  for (const i of indices) {
    for (
      let p = data.offsets[i] as number;
      p < (data.offsets[i + 1] as number);
      p++
    ) {
      seen[data.rows[p] as number] = 1;
    }
  }
  return seen;
}

function calibrate(problem: Problem, kept: number[], held: number[]) {
  const model = { ...snapshot(problem), temperature: 1, rejectionThreshold: 0 };
  const known = seenRows(problem.solver.data, kept);
  const scores = held.map((i) =>
    scoreVector(
      model,
      vectorize(model, problem.counts[i] as TermCounts, known),
    ),
  );
  const truth = held.map((i) => problem.solver.data.labels[i] as number);
  const temperature = fitTemperature(scores, truth);
  const oos = problem.labels.indexOf(OUT_OF_SCOPE);
  const predictions = scores.map((row, j): HeldOutPrediction => {
    const probabilities = softmax(row, temperature);
    const top = argmax(probabilities);
    return {
      correct: top === truth[j],
      outOfScope: truth[j] === oos,
      predictedOutOfScope: top === oos,
      confidence: probabilities[top] as number,
    };
  });
  return { temperature, rejectionThreshold: chooseThreshold(predictions) };
}

function argmax(values: Float64Array): number {
  let best = 0;
  for (let k = 1; k < values.length; k++) {
    if ((values[k] as number) > (values[best] as number)) best = k;
  }
  return best;
}

/** Drops `undefined` values so they do not hide the defaults. */
function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}
