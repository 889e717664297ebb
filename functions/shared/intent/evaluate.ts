import type { LabelledExample } from './csv';
import { type IntentModel, OUT_OF_SCOPE, predict } from './model';
import { deserializeModel, serializeModel } from './serialize';
import { type TrainOptions, train } from './train';

/** How a model did on labelled test examples. Rates are in [0, 1]. */
export interface Evaluation {
  readonly accuracy: number;
  /** Unweighted mean F1 over every label seen in truth or predictions. */
  readonly macroF1: number;
  /** Accuracy over examples whose label is not `oos`. */
  readonly inScopeAccuracy: number;
  /** Share of `oos` examples answered `oos`; null when there are none. */
  readonly oosRecall: number | null;
  /** Median and 99th-percentile time of one `predict` call. */
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/**
 * Classifies every example once, timing each call after `warmUp` untimed
 * calls that let the JIT settle, and scores the answers.
 */
export function evaluate(
  model: IntentModel,
  examples: readonly LabelledExample[],
  warmUp = 200,
): Evaluation {
  for (let i = 0; i < warmUp; i++) {
    predict(model, examples[i % examples.length]?.text ?? '');
  }
  const times: number[] = [];
  const predicted = examples.map((example) => {
    const start = performance.now();
    const { intent } = predict(model, example.text);
    times.push(performance.now() - start);
    return intent;
  });
  return {
    ...scoreAnswers(examples, predicted),
    p50Ms: percentile(times, 50),
    p99Ms: percentile(times, 99),
  };
}

/** Accuracy, macro-F1, in-scope accuracy and `oos` recall of answers. */
export function scoreAnswers(
  examples: readonly LabelledExample[],
  predicted: readonly string[],
): Omit<Evaluation, 'p50Ms' | 'p99Ms'> {
  const hits = (subset: number[]) =>
    subset.filter((i) => predicted[i] === examples[i]?.label).length;
  const all = examples.map((_, i) => i);
  const inScope = all.filter((i) => examples[i]?.label !== OUT_OF_SCOPE);
  const outOfScope = all.filter((i) => examples[i]?.label === OUT_OF_SCOPE);
  return {
    accuracy: hits(all) / Math.max(1, all.length),
    macroF1: macroF1(examples, predicted),
    inScopeAccuracy: hits(inScope) / Math.max(1, inScope.length),
    oosRecall:
      outOfScope.length > 0 ? hits(outOfScope) / outOfScope.length : null,
  };
}

function macroF1(
  examples: readonly LabelledExample[],
  predicted: readonly string[],
): number {
  const labels = new Set([...examples.map((e) => e.label), ...predicted]);
  let total = 0;
  for (const label of labels) {
    let truePositive = 0;
    let actual = 0;
    let guessed = 0;
    examples.forEach((example, i) => {
      const isTrue = example.label === label;
      const isGuess = predicted[i] === label;
      if (isTrue) actual++;
      if (isGuess) guessed++;
      if (isTrue && isGuess) truePositive++;
    });
    total += (2 * truePositive) / Math.max(1, actual + guessed);
  }
  return total / Math.max(1, labels.size);
}

/** Nearest-rank percentile of an unsorted sample (NaN when empty). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] as number;
}

/** Figures of one train-then-evaluate run. */
export interface RunFigures extends Evaluation {
  /** Size of the serialized model. */
  readonly modelBytes: number;
  readonly trainMs: number;
  /** Time to deserialize the artifact, as a cold start would. */
  readonly loadMs: number;
}

/**
 * Trains on `training`, round-trips the model through its artifact and
 * evaluates the loaded model on `test`.
 */
export function trainAndEvaluate(
  training: readonly LabelledExample[],
  test: readonly LabelledExample[],
  options: TrainOptions = {},
): RunFigures {
  const started = performance.now();
  const model = train(training, options);
  const trainMs = performance.now() - started;
  const bytes = serializeModel(model);
  const loading = performance.now();
  const loaded = deserializeModel(bytes);
  const loadMs = performance.now() - loading;
  return {
    ...evaluate(loaded, test),
    modelBytes: bytes.byteLength,
    trainMs,
    loadMs,
  };
}
