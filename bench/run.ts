import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { table } from './stats';

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
};

async function main(): Promise<void> {
  const { benchOrchestration } = await import('./orchestration');
  const { benchBundles } = await import('./bundles');
  console.log('Orchestration: conversations with the offline model…');
  const orchestration = await benchOrchestration();
  console.log('Bundles: cdk synth, then import times…');
  const bundles = benchBundles();

  const mark = (ok: boolean) => (ok ? 'ok' : 'MISSED');
  console.log(
    `\n${table([
      ['measure', 'value', 'target', ''],
      [
        'turn latency p50 / p99 (ms)',
        `${orchestration.turnLatencyMs.p50} / ${orchestration.turnLatencyMs.p99}`,
        '',
        '',
      ],
      [
        'orchestration overhead p50 / p99 (ms)',
        `${orchestration.overheadMs.p50} / ${orchestration.overheadMs.p99}`,
        `p99 <= ${TARGETS.overheadP99Ms}`,
        mark(orchestration.overheadMs.p99 <= TARGETS.overheadP99Ms),
      ],
      [
        'transitions per plain turn (mean / max)',
        `${orchestration.transitionsPerTurn.mean} / ${orchestration.transitionsPerTurn.max}`,
        `<= ${TARGETS.transitionsPerPlainTurn}`,
        mark(
          orchestration.transitionsPerTurn.max <=
            TARGETS.transitionsPerPlainTurn,
        ),
      ],
    ])}\n`,
  );
  console.log(
    `${table([
      ['function', 'bundle (kB)', 'import (ms)', 'over bare node (ms)', ''],
      ...bundles.bundles.map((b) => [
        b.functionName,
        (b.bytes / 1024).toFixed(1),
        b.importMs,
        b.overBareNodeMs,
        mark(b.overBareNodeMs <= TARGETS.importOverBareNodeMs),
      ]),
      ['(bare node -e 0)', '', bundles.bareNodeMs, '', ''],
    ])}\n`,
  );

  const dir = join('bench', 'results');
  mkdirSync(dir, { recursive: true });
  const result = {
    at: new Date().toISOString(),
    node: process.version,
    targets: TARGETS,
    orchestration,
    ...bundles,
  };
  writeFileSync(
    join(dir, 'latest.json'),
    `${JSON.stringify(result, null, 2)}\n`,
  );
  console.log(`Wrote ${join(dir, 'latest.json')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
