import { isDeepStrictEqual } from 'node:util';
import { DynamoStore } from '../../functions/shared/store/dynamo';
import { loadStoreDir } from '../../functions/shared/store/json';
import { MemoryStore } from '../../functions/shared/store/memory';
import type { StoreData } from '../../schemas/store';
import { startTestDynamo, type TestDynamo } from '../store/dynalite';
import { RecordingStore } from './recording-store';
import { recordsAfter, referenceRecords } from './records';
import {
  answersFound,
  goldTasks,
  inCents,
  keyOrder,
  NOT_STORE_TOOLS,
  RETAIL_DIR,
  type ReferenceTask,
  type ReplayedCall,
  referenceTasks,
  referenceValue,
  replayCalls,
} from './tau-bench';

/**
 * Replays the gold calls of τ-bench's 115 retail test tasks against the
 * store tools, each task on a fresh copy of the data, and compares every
 * call's outcome and every changed record with what τ-bench's own tools
 * did (`replay_expectations.json`). Money is compared in cents.
 */
const TASKS = referenceTasks();
const DYNAMO_TASKS = [22, 30, 40, 44, 106];

let data: StoreData;

/** Figures over all tasks replayed on the in-memory store. */
const figures = {
  calls: 0,
  acceptMatches: 0,
  resultMatches: 0,
  rejectedByInputSchema: [] as string[],
  recordsCompared: 0,
  answers: 0,
  answersFound: 0,
  answersFoundByStoreTools: 0,
};

beforeAll(async () => {
  data = await loadStoreDir(RETAIL_DIR);
});

/** The calls as τ-bench answered them, in the shape of a replayed call. */
function expectedCalls(task: ReferenceTask, replayed: ReplayedCall[]) {
  return task.calls.map((call, i) => ({
    name: call.name,
    accepted: call.accepted,
    // A malformed id never reaches a tool: the input schema names the field
    // where τ-bench's tool says "not found". The outcome must still agree.
    value:
      replayed[i]?.by === 'input schema'
        ? replayed[i].value
        : NOT_STORE_TOOLS.has(call.name) && call.name !== 'calculate'
          ? ''
          : inCents(referenceValue(call)),
  }));
}

const outcome = (call: ReplayedCall) => ({
  name: call.name,
  accepted: call.accepted,
  value: inCents(call.value),
});

async function replayAndAssess(
  store: DynamoStore | MemoryStore,
  task: ReferenceTask,
) {
  // Act
  const recording = new RecordingStore(store);
  const replayed = await replayCalls(recording, task);
  const after = await recordsAfter(store, recording, task);

  // Assess
  const expected = expectedCalls(task, replayed);
  expect(replayed.map(outcome)).toEqual(expected);
  for (const [i, call] of replayed.entries()) {
    if (call.by === 'tool' && call.accepted) {
      expect(keyOrder(call.value)).toEqual(
        keyOrder(referenceValue(task.calls[i])),
      );
    }
    if (call.repeated !== undefined) expect(call.repeated).toEqual(call.value);
  }
  const reference = referenceRecords(data, task, after);
  expect(inCents(after)).toEqual(inCents(reference));
  expect(keyOrder(after)).toEqual(keyOrder(reference));
  return { replayed, expected, records: after };
}

describe('τ-bench retail test tasks', () => {
  it('are the 115 gold call sequences the reference replayed', () => {
    // Act
    const gold = goldTasks();

    // Assess
    expect(TASKS).toHaveLength(115);
    expect(TASKS.map((task) => task.task)).toEqual(gold.map((_, i) => i));
    expect(
      TASKS.map((t) => t.calls.map(({ name, kwargs }) => ({ name, kwargs }))),
    ).toEqual(gold.map((t) => t.actions));
    expect(TASKS.map((task) => task.outputs)).toEqual(
      gold.map((t) => t.outputs),
    );
  });
});

describe('store tools on the in-memory store', () => {
  it.each(TASKS.map((task) => [task.task, task] as const))(
    'replays task %i as the reference does',
    async (_, task) => {
      // Prepare
      const store = new MemoryStore(data);

      // Act, Assess
      const { replayed, expected, records } = await replayAndAssess(
        store,
        task,
      );
      tally(task, replayed, expected, records);
    },
  );

  it('finds at least as many expected answers as the reference', () => {
    // Prepare
    const reference = TASKS.reduce(
      (sum, task) =>
        sum +
        answersFound(
          task.outputs,
          task.calls
            .filter((call) => !NOT_STORE_TOOLS.has(call.name))
            .map((call) => call.result),
        ).length,
      0,
    );
    const referenceAll = TASKS.reduce(
      (sum, task) => sum + task.outputs_in_results.length,
      0,
    );

    // Act
    const report =
      `τ-bench retail conformance: ${figures.acceptMatches} of ` +
      `${figures.calls} calls accepted or rejected as the reference, ` +
      `${figures.resultMatches} with equal results ` +
      `(${figures.rejectedByInputSchema.length} rejected by the input ` +
      `schema: ${figures.rejectedByInputSchema.join(', ')}); ` +
      `${figures.recordsCompared} records equal the reference; ` +
      `expected answers found: ${figures.answersFound} of ${figures.answers} ` +
      `(reference ${referenceAll}), ${figures.answersFoundByStoreTools} in ` +
      `store tool results alone (reference ${reference}).`;
    process.stdout.write(`${report}\n`);

    // Assess
    expect(figures.calls).toBe(582);
    expect(figures.acceptMatches).toBe(figures.calls);
    expect(figures.answers).toBe(62);
    expect(figures.answersFound).toBeGreaterThanOrEqual(referenceAll);
    expect(figures.answersFoundByStoreTools).toBeGreaterThanOrEqual(reference);
    expect(figures.rejectedByInputSchema).toHaveLength(4);
  });
});

function tally(
  task: ReferenceTask,
  replayed: ReplayedCall[],
  expected: ReturnType<typeof expectedCalls>,
  records: { users: object; orders: object },
) {
  figures.calls += replayed.length;
  for (const [i, call] of replayed.entries()) {
    const same = isDeepStrictEqual(outcome(call), expected[i]);
    if (call.accepted === expected[i].accepted) figures.acceptMatches += 1;
    if (same && call.by !== 'input schema') figures.resultMatches += 1;
    if (call.by === 'input schema') {
      figures.rejectedByInputSchema.push(`task ${task.task} ${call.name}`);
    }
  }
  figures.recordsCompared +=
    Object.keys(records.users).length + Object.keys(records.orders).length;
  const texts = replayed.map((call) => call.text);
  const storeTexts = replayed
    .filter((call) => call.by === 'tool')
    .map((call) => call.text);
  figures.answers += task.outputs.length;
  figures.answersFound += answersFound(task.outputs, texts).length;
  figures.answersFoundByStoreTools += answersFound(
    task.outputs,
    storeTexts,
  ).length;
}

describe('store tools on DynamoDB (dynalite)', () => {
  let dynamo: TestDynamo;

  beforeAll(async () => {
    dynamo = await startTestDynamo();
  });

  afterAll(async () => {
    await dynamo.close();
  });

  it.each(DYNAMO_TASKS)('replays task %i as the reference does', async (n) => {
    // Prepare
    const store = new DynamoStore({
      client: dynamo.client,
      tableName: 'Store',
      tenantId: `tau-${n}`,
    });
    await store.putAll(data);

    // Act, Assess
    await replayAndAssess(store, TASKS[n]);
  });
});
