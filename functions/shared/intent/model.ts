import { softmax } from './calibration';
import { type FeatureOptions, termCounts } from './features';
import type { SvmWeights } from './multiclass-svm';
import { type SparseVector, type Vectorizer, vectorize } from './vectorizer';

/** The label that marks out-of-scope utterances, in training and output. */
export const OUT_OF_SCOPE = 'oos';

/**
 * A trained intent classifier: hashed n-gram TF-IDF features and one
 * linear score per intent, with int8 weights stored sparsely by feature
 * row (`rowEnds[row - 1] ..< rowEnds[row]` index `classIds` and
 * `weights`; a weight is `weights[p] * rowScales[row]`).
 */
export interface IntentModel extends Vectorizer {
  /** Intents in score order. */
  readonly labels: readonly string[];
  readonly features: FeatureOptions;
  /** Softmax temperature fitted on held-out examples. */
  readonly temperature: number;
  /** Top confidence below which the answer is `oos` (0: never). */
  readonly rejectionThreshold: number;
  readonly rowScales: Float32Array;
  readonly rowEnds: Uint32Array;
  readonly classIds: Uint16Array;
  readonly weights: Int8Array;
  readonly bias: Float32Array;
}

/** An intent with its confidence in [0, 1]. */
export interface ScoredIntent {
  readonly intent: string;
  readonly confidence: number;
}

/** The answer for one utterance, and the intent that came second. */
export interface IntentPrediction extends ScoredIntent {
  readonly runnerUp: ScoredIntent;
}

/** The quantised, sparse weight part of an {@link IntentModel}. */
export type QuantisedWeights = Pick<
  IntentModel,
  'rowScales' | 'rowEnds' | 'classIds' | 'weights' | 'bias'
>;

/**
 * Rounds each feature row's weights to int8 steps of `max |w| / 127` and
 * keeps only those that do not round to zero.
 */
export function quantise(svm: SvmWeights, classes: number): QuantisedWeights {
  const rows = svm.weights.length / classes;
  const rowScales = new Float32Array(rows);
  const rowEnds = new Uint32Array(rows);
  const classIds: number[] = [];
  const weights: number[] = [];
  for (let row = 0; row < rows; row++) {
    const at = row * classes;
    let largest = 0;
    for (let k = 0; k < classes; k++) {
      largest = Math.max(largest, Math.abs(svm.weights[at + k] as number));
    }
    const scale = largest / 127 || 1;
    rowScales[row] = scale;
    for (let k = 0; k < classes; k++) {
      const step = Math.round((svm.weights[at + k] as number) / scale);
      if (step !== 0) classIds.push(k);
      if (step !== 0) weights.push(step);
    }
    rowEnds[row] = weights.length;
  }
  return {
    rowScales,
    rowEnds,
    classIds: Uint16Array.from(classIds),
    weights: Int8Array.from(weights),
    bias: Float32Array.from(svm.bias),
  };
}

/** The raw linear score of every intent for `text`. */
export function scoreText(model: IntentModel, text: string): Float64Array {
  return scoreVector(model, vectorize(model, termCounts(text, model.features)));
}

/** The raw linear score of every intent for a TF-IDF vector. */
export function scoreVector(
  model: QuantisedWeights,
  vector: SparseVector,
): Float64Array {
  const scores = Float64Array.from(model.bias);
  for (let i = 0; i < vector.rows.length; i++) {
    const row = vector.rows[i] as number;
    const x = (vector.values[i] as number) * (model.rowScales[row] as number);
    const end = model.rowEnds[row] as number;
    for (
      let p = row === 0 ? 0 : (model.rowEnds[row - 1] as number);
      p < end;
      p++
    ) {
      const k = model.classIds[p] as number;
      scores[k] = (scores[k] as number) + x * (model.weights[p] as number);
    }
  }
  return scores;
}

/**
 * Classifies one utterance. Confidences are a softmax of the scores at the
 * model's fitted temperature. When the top confidence is below the
 * rejection threshold the answer is `oos` with confidence `1 - top`, and
 * the rejected intent becomes the runner-up.
 *
 * @example predict(model, 'my card has not arrived yet').intent
 */
export function predict(model: IntentModel, text: string): IntentPrediction {
  const probabilities = softmax(scoreText(model, text), model.temperature);
  const [first, second] = topTwo(probabilities);
  const top = {
    intent: label(model, first),
    confidence: probabilities[first] as number,
  };
  const next = {
    intent: label(model, second),
    confidence: probabilities[second] as number,
  };
  if (
    top.intent !== OUT_OF_SCOPE &&
    top.confidence < model.rejectionThreshold
  ) {
    return {
      intent: OUT_OF_SCOPE,
      confidence: 1 - top.confidence,
      runnerUp: top,
    };
  }
  return { ...top, runnerUp: next };
}

const label = (model: IntentModel, k: number) => model.labels[k] as string;

function topTwo(values: Float64Array): [number, number] {
  let first = 0;
  let second = values.length > 1 ? 1 : 0;
  if ((values[second] as number) > (values[first] as number)) {
    [first, second] = [second, first];
  }
  for (let k = 2; k < values.length; k++) {
    const v = values[k] as number;
    if (v > (values[first] as number)) [first, second] = [k, first];
    else if (v > (values[second] as number)) second = k;
  }
  return [first, second];
}
