import type { InvocationRecord } from '../local/lambda';
import { startRuntime } from '../local/runtime';
import { ChatClient } from '../test/support/chat';
import { percentile, round } from './stats';

/** Knowledge questions: each is a plain turn (no tool call). */
const QUESTIONS = [
  'How long does shipping take?',
  'Can I return an item I bought?',
  'What payment methods do you accept?',
  'How do I cancel an order?',
];

export interface OrchestrationResult {
  readonly turns: number;
  readonly turnLatencyMs: { p50: number; p99: number };
  readonly overheadMs: { p50: number; p99: number };
  readonly transitionsPerTurn: { mean: number; max: number };
}

/**
 * Holds conversations with the offline model, one turn at a time, and
 * measures each turn from the customer's POST to the stored reply. The
 * orchestration overhead is that time less the time spent inside the
 * functions: the engine, the loopback APIs and the waits between steps.
 */
export async function benchOrchestration(
  conversations = 25,
): Promise<OrchestrationResult> {
  const invocations: InvocationRecord[] = [];
  const runtime = await startRuntime({
    port: 0,
    logLevel: 'SILENT',
    onInvoke: (record) => invocations.push(record),
  });
  const latencies: number[] = [];
  const overheads: number[] = [];
  const transitions: number[] = [];
  try {
    // Loading the handler modules is a cold start, not orchestration.
    const warmUp = new ChatClient(runtime.url, 'demo', 'bench-warm-up');
    await timeTurn(warmUp, QUESTIONS[0] as string, invocations);
    for (let c = 0; c < conversations; c++) {
      const chat = new ChatClient(runtime.url, 'demo', `bench-${c}`);
      for (const question of QUESTIONS) {
        const { latency, overhead } = await timeTurn(
          chat,
          question,
          invocations,
        );
        latencies.push(latency);
        overheads.push(overhead);
      }
      transitions.push(
        ...(await transitionsPerTurn(runtime, chat.conversationId)),
      );
    }
  } finally {
    await runtime.stop();
  }
  return {
    turns: latencies.length,
    turnLatencyMs: summary(latencies),
    overheadMs: summary(overheads),
    transitionsPerTurn: {
      mean: round(
        transitions.reduce((a, b) => a + b, 0) / transitions.length,
        2,
      ),
      max: Math.max(...transitions),
    },
  };
}

const summary = (values: number[]) => ({
  p50: round(percentile(values, 50), 2),
  p99: round(percentile(values, 99), 2),
});

async function timeTurn(
  chat: ChatClient,
  text: string,
  invocations: InvocationRecord[],
): Promise<{ latency: number; overhead: number }> {
  const before = (await chat.read().catch(() => ({ messages: [] }))).messages;
  const replies = before.filter((m) => m.role === 'assistant').length;
  const from = invocations.length;
  const started = performance.now();
  await chat.send(text);
  await waitForDeliver(invocations, from, chat.conversationId);
  const latency = performance.now() - started;

  const inside = invocations
    .slice(from)
    .filter((r) => r.conversationId === chat.conversationId)
    .reduce((sum, r) => sum + r.durationMs, 0);
  const after = await chat.read();
  if (after.messages.filter((m) => m.role === 'assistant').length <= replies) {
    throw new Error('A turn ended without a reply');
  }
  return { latency, overhead: Math.max(0, latency - inside) };
}

/** Resolves when the turn's deliver step has run (it parks the workflow). */
async function waitForDeliver(
  invocations: InvocationRecord[],
  from: number,
  conversationId: string,
): Promise<void> {
  const until = Date.now() + 10_000;
  while (Date.now() < until) {
    const done = invocations
      .slice(from)
      .some(
        (r) =>
          r.functionName === 'deliver' && r.conversationId === conversationId,
      );
    if (done) return;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error(`No reply within 10 s in ${conversationId}`);
}

/** State transitions of each turn, read from the execution history. */
async function transitionsPerTurn(
  runtime: Awaited<ReturnType<typeof startRuntime>>,
  conversationId: string,
): Promise<number[]> {
  const arn = runtime.stateMachineArn
    .replace(':stateMachine:', ':execution:')
    .concat(`:demo_${conversationId}_1`);
  const { events } = await runtime.engine.getExecutionHistory(arn, {
    maxResults: 1000,
  });
  const turns: number[] = [];
  for (const event of events) {
    if (!event.type.endsWith('StateEntered')) continue;
    const name = event.stateEnteredEventDetails?.name;
    if (name === 'Understand') turns.push(0);
    if (turns.length > 0) turns[turns.length - 1] = (turns.at(-1) ?? 0) + 1;
  }
  return turns;
}
