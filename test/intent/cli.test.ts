import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { bankingSlice, outsideSlice, toCsv } from './fixtures';

const ROOT = resolve(__dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'intent-eval-'));

/** Runs the CLI as `npm run intent:eval` does, through tsx. */
function runCli(args: readonly string[]) {
  const result = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules/tsx/dist/cli.mjs'),
      'scripts/intent-eval.ts',
      ...args,
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
  };
}

function writeFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('intent-eval', () => {
  const train = writeFile('train.csv', toCsv(bankingSlice('train', 10)));
  const test = writeFile('test.csv', toCsv(bankingSlice('test', 4)));

  it('prints exactly one JSON object of figures with --json', () => {
    // Act
    const { status, stdout } = runCli([
      '--train',
      train,
      '--test',
      test,
      '--json',
    ]);

    // Assess
    expect(status).toBe(0);
    const figures = JSON.parse(stdout);
    expect(Object.keys(figures)).toEqual([
      'accuracy',
      'macroF1',
      'inScopeAccuracy',
      'oosRecall',
      'p50Ms',
      'p99Ms',
      'modelBytes',
      'trainMs',
    ]);
    expect(figures.accuracy).toBeGreaterThan(0.5);
    expect(figures.accuracy).toBeLessThanOrEqual(1);
    expect(figures.oosRecall).toBeNull();
    expect(figures.modelBytes).toBeGreaterThan(0);
  });

  it('prints the figures as text without --json', () => {
    // Act
    const { status, stdout } = runCli(['--train', train, '--test', test]);

    // Assess
    expect(status).toBe(0);
    expect(stdout).toMatch(/^accuracy\s+\d+\.\d\d %$/m);
    expect(stdout).toMatch(/^out-of-scope recall\s+n\/a/m);
    expect(stdout).toMatch(/^latency p50 \/ p99\s+[\d.]+ \/ [\d.]+ ms$/m);
  });

  it.each([
    ['a missing file', () => [join(dir, 'none.csv')], 'none.csv: no such file'],
    [
      'a missing column',
      () => [writeFile('bad.csv', 'text,label\nhi,x\n')],
      'the header must name a category column',
    ],
    [
      'a file without rows',
      () => [writeFile('empty.csv', 'text,category\n')],
      'empty.csv: no data rows',
    ],
  ])('exits 1 naming the problem for %s', (_, trainArgs, message) => {
    // Act
    const { status, stderr, stdout } = runCli([
      '--train',
      ...trainArgs(),
      '--test',
      test,
    ]);

    // Assess
    expect(status).toBe(1);
    expect(stderr).toContain(message);
    expect(stdout).toBe('');
  });

  it('reports out-of-scope recall when the test file has oos rows', () => {
    // Prepare: intents outside the slice stand for out-of-scope requests
    const withOos = (file: 'train' | 'test', perIntent: number) => [
      ...bankingSlice(file, perIntent),
      ...outsideSlice(file, perIntent).map((e) => ({ ...e, label: 'oos' })),
    ];
    const trainOos = writeFile('train-oos.csv', toCsv(withOos('train', 10)));
    const testOos = writeFile('test-oos.csv', toCsv(withOos('test', 4)));

    // Act
    const { status, stdout } = runCli([
      '--train',
      trainOos,
      '--test',
      testOos,
      '--json',
    ]);

    // Assess
    expect(status).toBe(0);
    const figures = JSON.parse(stdout);
    expect(figures.oosRecall).toBeGreaterThan(0);
    expect(figures.oosRecall).toBeLessThanOrEqual(1);
    expect(figures.inScopeAccuracy).toBeGreaterThan(0.5);
  });

  it('cross-validates on the training file alone with --folds', () => {
    // Act
    const { status, stdout } = runCli(['--train', train, '--folds', '3']);

    // Assess
    expect(status).toBe(0);
    expect(stdout.match(/^fold \d\s+accuracy [\d.]+ %/gm)).toHaveLength(3);
    expect(stdout).toMatch(/^mean accuracy\s+[\d.]+ % \(sd [\d.]+ %\)$/m);
  });

  it('applies --set settings to the classifier it trains', () => {
    // Act
    const run = (extra: string[]) =>
      JSON.parse(
        runCli(['--train', train, '--folds', '3', '--json', ...extra]).stdout,
      );
    const defaults = run([]);
    const starved = run(['--set', 'c=0.0001', '--set', 'epochs=1']);

    // Assess
    expect(defaults.folds).toHaveLength(3);
    expect(starved.meanAccuracy).toBeLessThan(defaults.meanAccuracy);
  });

  it.each([
    ['neither --test nor --folds', ['--train', train], 'give either --test'],
    [
      'both --test and --folds',
      ['--train', train, '--test', test, '--folds', '3'],
      'give either --test',
    ],
    ['one fold', ['--train', train, '--folds', '1'], '--folds must be'],
    [
      'an unknown setting',
      ['--train', train, '--folds', '3', '--set', 'speed=9'],
      'Unknown setting "speed"',
    ],
    [
      'a reversed range',
      ['--train', train, '--folds', '3', '--set', 'charNgrams=5-2'],
      'charNgrams must be MIN-MAX',
    ],
    ['no --train', ['--test', test], '--train is required'],
  ])('exits 2 pointing to the help for %s', (_, args, message) => {
    // Act
    const { status, stderr, stdout } = runCli(args);

    // Assess
    expect(status).toBe(2);
    expect(stderr).toContain(`Error: ${message}`);
    expect(stderr).toContain('Run with --help for usage.');
    expect(stdout).toBe('');
  });

  it('prints the usage on stdout with --help', () => {
    // Act
    const { status, stdout, stderr } = runCli(['--help']);

    // Assess
    expect(status).toBe(0);
    expect(stdout).toContain('npm run intent:eval -- --train FILE.csv');
    expect(stdout).toContain('--set NAME=VALUE');
    expect(stderr).toBe('');
  });
});
