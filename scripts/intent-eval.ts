/**
 * Trains the embedded intent classifier on one labelled CSV file and
 * evaluates it on another (header `text,category`; the label `oos` marks
 * out-of-scope utterances).
 *
 * Run: `npm run intent:eval -- --train train.csv --test test.csv [--json]`
 *
 * Prints accuracy, macro-F1, in-scope accuracy, out-of-scope recall (when
 * the test file has `oos` rows), the artifact size, the training time and
 * the latency of one prediction. With `--json`, stdout carries exactly one
 * JSON object. A progress bar goes to stderr when it is a terminal.
 */
import { parseArgs } from 'node:util';
import { ValidationError } from '../functions/shared/errors';
import {
  type RunFigures,
  readLabelledCsv,
  trainAndEvaluate,
} from '../functions/shared/intent';

const USAGE =
  'Usage: npm run intent:eval -- --train FILE.csv --test FILE.csv [--json]';

/** The figures `--json` prints, in this order. */
const JSON_KEYS = [
  'accuracy',
  'macroF1',
  'inScopeAccuracy',
  'oosRecall',
  'p50Ms',
  'p99Ms',
  'modelBytes',
  'trainMs',
] as const;

/** Exits 0 after printing the figures, 1 for bad data, 2 for bad usage. */
function main(argv: readonly string[]): number {
  const args = readArgs(argv);
  if (typeof args === 'string') {
    console.error(`intent-eval: ${args}\n${USAGE}`);
    return 2;
  }
  try {
    const training = readLabelledCsv(args.train);
    const test = readLabelledCsv(args.test);
    const bar = process.stderr.isTTY && !args.json ? progressBar() : undefined;
    const figures = trainAndEvaluate(training, test, { onProgress: bar });
    print(figures, args.json, training.length, test.length);
    return 0;
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    console.error(`intent-eval: ${error.message}`);
    return 1;
  }
}

function readArgs(argv: readonly string[]) {
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        train: { type: 'string' },
        test: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
    if (!values.train || !values.test)
      return 'both --train and --test are required';
    return { train: values.train, test: values.test, json: values.json };
  } catch (error) {
    return (error as Error).message;
  }
}

/** Redraws one line on stderr; clears it when training is done. */
function progressBar(width = 30): (fraction: number) => void {
  return (fraction) => {
    const filled = Math.round(fraction * width);
    const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
    const percent = `${Math.floor(fraction * 100)}`.padStart(3);
    process.stderr.write(`\rtraining [${bar}] ${percent}%`);
    if (fraction >= 1) process.stderr.write('\r\x1b[K');
  };
}

function print(
  figures: RunFigures,
  json: boolean,
  trainRows: number,
  testRows: number,
) {
  if (json) {
    const entries = JSON_KEYS.map((key) => [key, figures[key]]);
    console.log(JSON.stringify(Object.fromEntries(entries)));
    return;
  }
  const pct = (value: number) => `${(value * 100).toFixed(2)} %`;
  const lines = [
    `examples            ${trainRows} train, ${testRows} test`,
    `accuracy            ${pct(figures.accuracy)}`,
    `macro-F1            ${pct(figures.macroF1)}`,
    `in-scope accuracy   ${pct(figures.inScopeAccuracy)}`,
    `out-of-scope recall ${figures.oosRecall === null ? 'n/a (no oos rows)' : pct(figures.oosRecall)}`,
    `model size          ${figures.modelBytes} bytes (${(figures.modelBytes / 2 ** 20).toFixed(2)} MiB)`,
    `training time       ${(figures.trainMs / 1000).toFixed(1)} s`,
    `model load time     ${figures.loadMs.toFixed(1)} ms`,
    `latency p50 / p99   ${figures.p50Ms.toFixed(3)} / ${figures.p99Ms.toFixed(3)} ms`,
  ];
  console.log(lines.join('\n'));
}

process.exitCode = main(process.argv.slice(2));
