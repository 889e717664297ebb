import { seededRandom, shuffle } from './random';
import type { SparseVector } from './vectorizer';

/** Training vectors in compressed sparse rows, with class indices. */
export interface Dataset {
  readonly offsets: Int32Array;
  readonly rows: Int32Array;
  readonly values: Float32Array;
  readonly labels: Int32Array;
  readonly classes: number;
  readonly features: number;
}

/** Settings of the multi-class SVM solver. */
export interface SvmOptions {
  /** Inverse regularisation strength (larger fits the data more closely). */
  readonly c: number;
  /** Most passes over the data. */
  readonly epochs: number;
  /** Stop once no example violates its optimality condition by more. */
  readonly tolerance: number;
  /** Seed of the order in which examples are visited. */
  readonly seed: number;
}

/** Weights in feature-major order (`row * classes + class`) and biases. */
export interface SvmWeights {
  readonly weights: Float32Array;
  readonly bias: Float32Array;
}

/** Packs vectors into a {@link Dataset}. */
export function toDataset(
  vectors: readonly SparseVector[],
  labels: Int32Array,
  classes: number,
  features: number,
): Dataset {
  const offsets = new Int32Array(vectors.length + 1);
  vectors.forEach((v, i) => {
    offsets[i + 1] = (offsets[i] as number) + v.rows.length;
  });
  const rows = new Int32Array(offsets[vectors.length] as number);
  const values = new Float32Array(rows.length);
  vectors.forEach((v, i) => {
    rows.set(v.rows, offsets[i]);
    values.set(v.values, offsets[i]);
  });
  return { offsets, rows, values, labels, classes, features };
}

/**
 * The state of a Crammer–Singer multi-class linear SVM trained by dual
 * coordinate descent (Keerthi et al., 2008): one sub-problem per example
 * over all classes at once, solved exactly. Weights come out sparse: a
 * feature only gets weight in the classes its examples were confused with.
 */
export interface Solver {
  readonly data: Dataset;
  readonly c: number;
  /** Weights with one extra row for the bias (a feature of value 1). */
  readonly w: Float32Array;
  readonly alpha: Float64Array;
  readonly norms: Float64Array;
  readonly gradient: Float64Array;
  readonly shifted: Float64Array;
  readonly sorted: Float64Array;
}

/** A solver at the all-zero starting point. */
export function createSolver(data: Dataset, c: number): Solver {
  const { offsets, values, labels, classes, features } = data;
  const norms = Float64Array.from(labels, (_, i) => {
    let squares = 1;
    for (let p = offsets[i] as number; p < (offsets[i + 1] as number); p++) {
      squares += (values[p] as number) ** 2;
    }
    return squares;
  });
  return {
    data,
    c,
    w: new Float32Array((features + 1) * classes),
    alpha: new Float64Array(labels.length * classes),
    norms,
    gradient: new Float64Array(classes),
    shifted: new Float64Array(classes),
    sorted: new Float64Array(classes),
  };
}

/**
 * Runs epochs over the examples at `indices` (in a seeded order) until none
 * violates its optimality condition by `tolerance` or the epoch budget is
 * spent. It continues from the solver's current state, so a model trained
 * on part of the data can be extended to all of it. `onEpoch` is told the
 * fraction of the budget used.
 */
export function runSolver(
  solver: Solver,
  indices: readonly number[],
  options: SvmOptions,
  onEpoch: (fraction: number) => void = () => {},
): void {
  const order = [...indices];
  const random = seededRandom(options.seed);
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    let violation = 0;
    for (const i of shuffle(order, random)) {
      violation = Math.max(violation, updateExample(solver, i));
    }
    onEpoch(epoch / options.epochs);
    if (violation < options.tolerance) break;
  }
}

/** The solver's current weights and biases. */
export function solverWeights(solver: Solver): SvmWeights {
  const size = solver.data.features * solver.data.classes;
  return {
    weights: solver.w.slice(0, size),
    bias: solver.w.slice(size),
  };
}

/** Optimises example `i`'s dual variables; returns its violation. */
function updateExample(solver: Solver, i: number): number {
  const { data, alpha, gradient, c } = solver;
  const { classes } = data;
  const label = data.labels[i] as number;
  computeGradient(solver, i, label);
  let lowest = Number.POSITIVE_INFINITY;
  let highest = Number.NEGATIVE_INFINITY;
  for (let m = 0; m < classes; m++) {
    const g = gradient[m] as number;
    const bound = m === label ? c : 0;
    if ((alpha[i * classes + m] as number) < bound && g < lowest) lowest = g;
    if (g > highest) highest = g;
  }
  const violation = highest - lowest;
  if (violation > 1e-12) solveSubProblem(solver, i, label);
  return violation;
}

/** Gradient of example `i`: its scores plus a margin of 1 off its class. */
function computeGradient(solver: Solver, i: number, label: number): void {
  const { data, w, gradient } = solver;
  const { offsets, rows, values, classes, features } = data;
  gradient.fill(1);
  gradient[label] = 0;
  for (let p = offsets[i] as number; p < (offsets[i + 1] as number); p++) {
    const base = (rows[p] as number) * classes;
    const x = values[p] as number;
    for (let m = 0; m < classes; m++) {
      gradient[m] = (gradient[m] as number) + (w[base + m] as number) * x;
    }
  }
  const base = features * classes;
  for (let m = 0; m < classes; m++) {
    gradient[m] = (gradient[m] as number) + (w[base + m] as number);
  }
}

/** Exact solution of one example's sub-problem, then the weight update. */
function solveSubProblem(solver: Solver, i: number, label: number): void {
  const { data, alpha, gradient, shifted, sorted, c } = solver;
  const { classes } = data;
  const a = solver.norms[i] as number;
  const at = i * classes;
  for (let m = 0; m < classes; m++) {
    shifted[m] = (gradient[m] as number) - a * (alpha[at + m] as number);
  }
  sorted.set(shifted);
  sorted[label] = (sorted[label] as number) + a * c;
  sorted.sort().reverse();
  let beta = (sorted[0] as number) - a * c;
  let r = 1;
  for (; r < classes && beta < r * (sorted[r] as number); r++) {
    beta += sorted[r] as number;
  }
  beta /= r;
  for (let m = 0; m < classes; m++) {
    const bound = m === label ? c : 0;
    const next = Math.min(bound, (beta - (shifted[m] as number)) / a);
    const step = next - (alpha[at + m] as number);
    if (Math.abs(step) <= 1e-12) continue;
    alpha[at + m] = next;
    addToWeights(solver, i, m, step);
  }
}

function addToWeights(solver: Solver, i: number, m: number, step: number) {
  const { data, w } = solver;
  const { offsets, rows, values, classes, features } = data;
  for (let p = offsets[i] as number; p < (offsets[i + 1] as number); p++) {
    const at = (rows[p] as number) * classes + m;
    w[at] = (w[at] as number) + step * (values[p] as number);
  }
  w[features * classes + m] = (w[features * classes + m] as number) + step;
}
