/**
 * Trains the embedded intent classifier on one labelled CSV file and
 * evaluates it on another (header `text,category`; the label `oos` marks
 * out-of-scope utterances), or cross-validates it on the training file
 * alone, which is how its settings are chosen.
 *
 * Run: `npm run intent:eval -- --train train.csv --test test.csv [--json]`
 * or `npm run intent:eval -- --train train.csv --folds 5 [--set c=0.6]`
 *
 * Prints accuracy, macro-F1, in-scope accuracy, out-of-scope recall (when
 * the test file has `oos` rows), the artifact size, the training time and
 * the latency of one prediction. With `--json`, stdout carries exactly one
 * JSON object. A progress bar goes to stderr when it is a terminal.
 */
import { parseArgs } from 'node:util';
import {
  type CrossValidation,
  crossValidate,
  type RunFigures,
  readLabelledCsv,
  type TrainOptions,
  trainAndEvaluate,
} from '../functions/shared/intent';
import {
  type CliIo,
  processIo,
  reportFailure,
  runIfMain,
  UsageError,
} from './cli-support';
import { parseSettings, SETTING_NAMES } from './intent-settings';

export const HELP = `Frontline intent:eval: train and evaluate the intent classifier.

Usage:
  npm run intent:eval -- --train FILE.csv --test FILE.csv [options]
  npm run intent:eval -- --train FILE.csv --folds K [--seed N] [options]

Both files are CSV with text and category columns; the category oos marks
out-of-scope examples. Options:
  --json              Print one JSON object instead of text
  --seed N            Seed of the fold assignment (default 7)
  --set NAME=VALUE    Classifier setting (repeatable), one of
                      ${SETTING_NAMES.join(', ')};
                      a range as MIN-MAX (charNgrams=2-5)
  --help, -h          Print this help
`;

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

/**
 * Runs the command line; resolves to the exit code: 0 after printing the
 * figures (or the help), 1 for bad data, 2 for bad usage.
 */
export async function runIntentEvalCli(
  argv: readonly string[],
  io: CliIo = processIo,
): Promise<number> {
  try {
    const args = readArgs(argv);
    if (args === 'help') {
      io.out(HELP);
      return 0;
    }
    const training = readLabelledCsv(args.train);
    const bar = process.stderr.isTTY && !args.json ? progressBar() : undefined;
    if (args.folds !== undefined) {
      const cv = crossValidate(training, {
        folds: args.folds,
        seed: args.seed,
        train: args.settings,
        onProgress: bar,
      });
      io.out(formatFolds(cv, args.json, training.length));
      return 0;
    }
    const test = readLabelledCsv(args.test as string);
    const options = { ...args.settings, onProgress: bar };
    const figures = trainAndEvaluate(training, test, options);
    io.out(format(figures, args.json, training.length, test.length));
    return 0;
  } catch (error) {
    return reportFailure(error, io);
  }
}

interface Args {
  readonly train: string;
  readonly test?: string;
  readonly folds?: number;
  readonly seed?: number;
  readonly settings: Omit<TrainOptions, 'onProgress'>;
  readonly json: boolean;
}

/** The arguments, or `'help'`; throws `UsageError` when they are wrong. */
function readArgs(argv: readonly string[]): Args | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      train: { type: 'string' },
      test: { type: 'string' },
      folds: { type: 'string' },
      seed: { type: 'string' },
      set: { type: 'string', multiple: true, default: [] },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  if (!values.train) throw new UsageError('--train is required');
  if (Boolean(values.test) === Boolean(values.folds)) {
    throw new UsageError('give either --test FILE.csv or --folds K');
  }
  return {
    train: values.train,
    test: values.test,
    folds: integerOption(values.folds, 'folds', 2),
    seed: integerOption(values.seed, 'seed', 0),
    settings: settingsOf(values.set),
    json: values.json,
  };
}

function settingsOf(assignments: readonly string[]) {
  try {
    return parseSettings(assignments);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function integerOption(value: string | undefined, name: string, min: number) {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) {
    throw new UsageError(
      `--${name} must be an integer >= ${min} (got "${value}")`,
    );
  }
  return n;
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

function format(
  figures: RunFigures,
  json: boolean,
  trainRows: number,
  testRows: number,
): string {
  if (json) {
    const entries = JSON_KEYS.map((key) => [key, figures[key]]);
    return JSON.stringify(Object.fromEntries(entries));
  }
  const oos =
    figures.oosRecall === null ? 'n/a (no oos rows)' : pct(figures.oosRecall);
  const mib = (figures.modelBytes / 2 ** 20).toFixed(2);
  const lines = [
    `examples            ${trainRows} train, ${testRows} test`,
    `accuracy            ${pct(figures.accuracy)}`,
    `macro-F1            ${pct(figures.macroF1)}`,
    `in-scope accuracy   ${pct(figures.inScopeAccuracy)}`,
    `out-of-scope recall ${oos}`,
    `model size          ${figures.modelBytes} bytes (${mib} MiB)`,
    `training time       ${(figures.trainMs / 1000).toFixed(1)} s`,
    `model load time     ${figures.loadMs.toFixed(1)} ms`,
    `latency p50 / p99   ${figures.p50Ms.toFixed(3)} / ${figures.p99Ms.toFixed(3)} ms`,
  ];
  return lines.join('\n');
}

function formatFolds(cv: CrossValidation, json: boolean, rows: number): string {
  if (json) return JSON.stringify(cv);
  const lines = [
    `examples            ${rows} train, ${cv.folds.length} folds`,
    ...cv.folds.map(
      (fold, i) =>
        `fold ${`${i + 1}`.padEnd(15)}accuracy ${pct(fold.accuracy)}, ` +
        `macro-F1 ${pct(fold.macroF1)}`,
    ),
    `mean accuracy       ${pct(cv.meanAccuracy)} (sd ${pct(cv.stdAccuracy)})`,
    `mean macro-F1       ${pct(cv.meanMacroF1)}`,
  ];
  return lines.join('\n');
}

const pct = (value: number) => `${(value * 100).toFixed(2)} %`;

runIfMain('intent-eval.ts', (argv) => runIntentEvalCli(argv));
