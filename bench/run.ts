import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { round, table } from './stats';

// The functions read these when their modules load: set them first.
Object.assign(process.env, {
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  POWERTOOLS_METRICS_DISABLED: 'true',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
});

/** Targets from the product's performance goals. */
const TARGETS = {
  transitionsPerPlainTurn: 6,
  overheadP99Ms: 50,
  importOverBareNodeMs: 100,
  piiP99Micros: 50,
};

type Row = readonly (string | number)[];
interface SectionResult {
  /** Rows of one table, or text already laid out. */
  readonly rows?: readonly Row[];
  readonly text?: string;
  readonly json: unknown;
}

const mark = (ok: boolean) => (ok ? 'ok' : 'MISSED');

/** Each benchmark: what it prints and what it records. */
const SECTIONS: Record<string, () => Promise<SectionResult>> = {
  async orchestration() {
    const { benchOrchestration } = await import('./orchestration');
    const o = await benchOrchestration();
    return {
      json: o,
      rows: [
        ['measure', 'value', 'target', ''],
        ['turns measured', o.turns, '', ''],
        [
          'turn latency p50 / p99 (ms)',
          `${o.turnLatencyMs.p50} / ${o.turnLatencyMs.p99}`,
          '',
          '',
        ],
        [
          'orchestration overhead p50 / p99 (ms)',
          `${o.overheadMs.p50} / ${o.overheadMs.p99}`,
          `p99 <= ${TARGETS.overheadP99Ms}`,
          mark(o.overheadMs.p99 <= TARGETS.overheadP99Ms),
        ],
        [
          'transitions per plain turn (mean / max)',
          `${o.transitionsPerTurn.mean} / ${o.transitionsPerTurn.max}`,
          `<= ${TARGETS.transitionsPerPlainTurn}`,
          mark(o.transitionsPerTurn.max <= TARGETS.transitionsPerPlainTurn),
        ],
      ],
    };
  },
  async bundles() {
    const { benchBundles } = await import('./bundles');
    const b = benchBundles();
    return {
      json: b,
      rows: [
        ['function', 'bundle (kB)', 'import (ms)', 'over bare node (ms)', ''],
        ...b.bundles.map((f) => [
          f.functionName,
          (f.bytes / 1024).toFixed(1),
          f.importMs,
          f.overBareNodeMs,
          mark(f.overBareNodeMs <= TARGETS.importOverBareNodeMs),
        ]),
        ['(bare node -e 0)', '', b.bareNodeMs, '', ''],
      ],
    };
  },
  async knowledge() {
    const { benchKnowledge, knowledgeTables } = await import('./knowledge');
    const k = await benchKnowledge();
    return { json: k, text: knowledgeTables(k) };
  },
  async intent() {
    const { benchIntent, BANKING77_REFERENCES: ref } = await import('./intent');
    const i = await benchIntent();
    const pct = (x: number) => (x * 100).toFixed(2);
    return {
      json: i,
      rows: [
        [
          `Banking77 (${i.trainExamples} train, ${i.testExamples} test)`,
          'value',
          'target',
          '',
        ],
        [
          'test accuracy (%)',
          pct(i.accuracy),
          `>= ${i.targets.accuracyPercent}`,
          mark(i.accuracy * 100 >= i.targets.accuracyPercent),
        ],
        ['macro-F1 (%)', pct(i.macroF1), '', ''],
        [
          'predict p50 / p99 (ms)',
          `${round(i.p50Ms, 3)} / ${round(i.p99Ms, 3)}`,
          `p99 <= ${i.targets.p99Ms}`,
          mark(i.p99Ms <= i.targets.p99Ms),
        ],
        [
          'model (kB) / train (s) / load (ms)',
          `${Math.round(i.modelBytes / 1024)} / ${(i.trainMs / 1000).toFixed(1)} / ${round(i.loadMs)}`,
          '',
          '',
        ],
        [
          'published: TF-IDF + LR / SVM (%)',
          `${ref.tfidfLogisticRegression} / ${ref.tfidfSvm}`,
          '',
          '',
        ],
        ['TF-IDF SVM, numpy, this machine (%)', ref.tfidfSvmLocalNumpy, '', ''],
        ['published: fine-tuned BERT (%)', ref.bert, '', ''],
      ],
    };
  },
  async pii() {
    const { benchPii } = await import('./pii');
    const p = benchPii();
    return {
      json: p,
      rows: [
        ['PII redaction', 'value', 'target', ''],
        [`messages (mean ${p.meanChars} chars)`, p.messages, '', ''],
        [
          'redact p50 / p99 (µs)',
          `${p.micros.p50} / ${p.micros.p99}`,
          `p99 <= ${TARGETS.piiP99Micros}`,
          mark(p.micros.p99 <= TARGETS.piiP99Micros),
        ],
      ],
    };
  },
};

/**
 * Runs the named benchmarks (all by default), prints a table per benchmark
 * and writes every figure to `bench/results/latest.json`.
 */
async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !(name in SECTIONS));
  if (unknown.length > 0) {
    throw new Error(
      `Unknown benchmark ${unknown.join(', ')}; choose from ${Object.keys(SECTIONS).join(', ')}`,
    );
  }
  const names = wanted.length > 0 ? wanted : Object.keys(SECTIONS);
  const results: Record<string, unknown> = {};
  for (const name of names) {
    console.log(`Running ${name}…`);
    const result = await (SECTIONS[name] as () => Promise<SectionResult>)();
    console.log(`\n${result.text ?? table(result.rows ?? [])}\n`);
    results[name] = result.json;
  }

  const dir = join('bench', 'results');
  mkdirSync(dir, { recursive: true });
  const record = {
    at: new Date().toISOString(),
    node: process.version,
    targets: TARGETS,
    ...results,
  };
  writeFileSync(
    join(dir, 'latest.json'),
    `${JSON.stringify(record, null, 2)}\n`,
  );
  console.log(`Wrote ${join(dir, 'latest.json')}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
