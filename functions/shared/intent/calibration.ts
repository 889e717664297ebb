/**
 * Turning scores into confidences, and choosing when to answer `oos`.
 * Both are fitted on examples held out of training, so they reflect how
 * the model does on utterances it has not seen.
 */

/** Softmax of `scores / temperature`, computed stably. */
export function softmax(
  scores: ArrayLike<number>,
  temperature: number,
): Float64Array {
  let highest = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < scores.length; k++) {
    highest = Math.max(highest, scores[k] as number);
  }
  const out = new Float64Array(scores.length);
  let sum = 0;
  for (let k = 0; k < scores.length; k++) {
    out[k] = Math.exp(((scores[k] as number) - highest) / temperature);
    sum += out[k] as number;
  }
  for (let k = 0; k < out.length; k++) out[k] = (out[k] as number) / sum;
  return out;
}

function negativeLogLikelihood(
  scores: readonly Float64Array[],
  labels: ArrayLike<number>,
  temperature: number,
): number {
  let total = 0;
  scores.forEach((row, i) => {
    const p = softmax(row, temperature)[labels[i] as number] as number;
    total -= Math.log(Math.max(p, 1e-12));
  });
  return total;
}

/**
 * The softmax temperature that minimises the negative log-likelihood of
 * the true labels (temperature scaling, Guo et al., 2017): a golden-section
 * search over its logarithm between 0.005 and 20.
 */
export function fitTemperature(
  scores: readonly Float64Array[],
  labels: ArrayLike<number>,
): number {
  const cost = (logT: number) =>
    negativeLogLikelihood(scores, labels, Math.exp(logT));
  const ratio = (Math.sqrt(5) - 1) / 2;
  let low = Math.log(0.005);
  let high = Math.log(20);
  for (let step = 0; step < 40; step++) {
    const left = high - ratio * (high - low);
    const right = low + ratio * (high - low);
    if (cost(left) <= cost(right)) high = right;
    else low = left;
  }
  return Math.exp((low + high) / 2);
}

/** What the model said about one held-out example. */
export interface HeldOutPrediction {
  /** Whether the top class is the true one. */
  readonly correct: boolean;
  /** Whether the true label is `oos`. */
  readonly outOfScope: boolean;
  /** Whether the top class is `oos`. */
  readonly predictedOutOfScope: boolean;
  readonly confidence: number;
}

/**
 * The rejection threshold that maximises the mean of in-scope accuracy and
 * out-of-scope recall on held-out examples, when a top confidence below it
 * turns the answer into `oos`. Ties go to the lowest threshold. Without
 * `oos` examples nothing can be traded against, so it is 0: never reject.
 */
export function chooseThreshold(
  predictions: readonly HeldOutPrediction[],
): number {
  const inScope = predictions.filter((p) => !p.outOfScope);
  const outOfScope = predictions.filter((p) => p.outOfScope);
  if (outOfScope.length === 0 || inScope.length === 0) return 0;
  const candidates = [0, ...predictions.map((p) => p.confidence + 1e-9)];
  let best = { threshold: 0, score: Number.NEGATIVE_INFINITY };
  for (const threshold of candidates.sort((a, b) => a - b)) {
    const kept = inScope.filter(
      (p) => p.correct && p.confidence >= threshold,
    ).length;
    const caught = outOfScope.filter(
      (p) => p.predictedOutOfScope || p.confidence < threshold,
    ).length;
    const score = kept / inScope.length + caught / outOfScope.length;
    if (score > best.score) best = { threshold, score };
  }
  return best.threshold;
}
