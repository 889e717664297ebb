import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Message } from '../../schemas/message';
import type { TurnRecord } from '../../schemas/turn';
import type { UnderstandInput, UnderstandOutput } from '../../schemas/workflow';
import { getConversation } from '../shared/conversations';
import { InvariantError } from '../shared/errors';
import { executionName } from '../shared/keys';
import { pendingCustomerMessages, queryMessages } from '../shared/messages';
import { logger, metrics } from '../shared/observability';
import { openTurn } from '../shared/turns';
import { classifyIntent } from './intent';

/**
 * Turns one execution runs before it continues in a fresh one. Step
 * Functions caps an execution's history at 25,000 events. A task state
 * writes about five (entered, scheduled, started, succeeded, exited); a
 * turn with the most tool rounds (8) and a retry on every task stays under
 * ~200, so 40 turns (~8,000 events) leave ample room for handoffs,
 * apologies and waits before the cap.
 */
export const DEFAULT_MAX_TURNS_PER_EXECUTION = 40;

export function maxTurnsPerExecution(): number {
  const configured = Number(process.env.MAX_TURNS_PER_EXECUTION);
  return Number.isInteger(configured) && configured > 0
    ? configured
    : DEFAULT_MAX_TURNS_PER_EXECUTION;
}

/** Messages read back when looking for the assistant's last words. */
const OFFER_LOOKBACK = 30;

/**
 * Opens the next turn over the customer messages nobody answered yet and
 * decides where it goes. A retried step finds the turn its earlier attempt
 * opened and answers from it.
 */
export async function understand(
  input: UnderstandInput,
  now = new Date(),
): Promise<UnderstandOutput> {
  const started = performance.now();
  const head = await getConversation(input);
  if (!head) {
    throw new InvariantError(
      `Conversation ${input.conversationId} has no head item`,
    );
  }
  const pending = await pendingCustomerMessages(input, head.lastAnswered);
  const first = pending[0];
  if (!first) {
    throw new InvariantError(
      `Conversation ${input.conversationId} has no customer message after sequence ${head.lastAnswered} to answer`,
    );
  }

  const offer = await lastAssistantText(input, first.sequence);
  const turn = await openTurn(
    newTurn(input, pending, offer, now, performance.now() - started),
    now,
  );
  metrics.addMetric('TurnsOpened', MetricUnit.Count, 1);
  logger.info('Turn opened', {
    turn_index: turn.index,
    messages: turn.sequences.length,
    intent: turn.intent,
    route: turn.route,
  });

  return output(input, turn);
}

function newTurn(
  input: UnderstandInput,
  pending: readonly Message[],
  offer: string | undefined,
  now: Date,
  elapsedMs: number,
): TurnRecord {
  const { intent, confidence, route } = classifyIntent(
    pending.map((m) => m.text),
    offer,
  );
  // TODO(understand): intent comes from keyword rules and the language is
  // fixed to English, so paraphrased requests for a person and other
  // languages are missed. An embedded classifier (e.g. trained on the
  // tenant's labelled turns), a Bedrock fallback when its confidence is low,
  // and language detection over the turn's text would close it.
  return {
    tenantId: input.tenantId,
    conversationId: input.conversationId,
    segment: input.segment,
    index: input.previousIndex + 1,
    sequences: pending.map((m) => m.sequence),
    intent,
    confidence,
    route,
    language: 'en',
    passages: [],
    toolCalls: [],
    toolRounds: 0,
    usage: { inputTokens: 0, outputTokens: 0, calls: 0 },
    latencyMs: { understand: Math.round(elapsedMs) },
    startedAt: now.toISOString(),
  };
}

/**
 * The assistant's newest message before the turn's first customer message,
 * among the last few messages of the conversation.
 */
async function lastAssistantText(
  input: UnderstandInput,
  before: number,
): Promise<string | undefined> {
  const newest = await queryMessages(input, {
    newestFirst: true,
    limit: OFFER_LOOKBACK,
  });
  return newest.find((m) => m.sender === 'assistant' && m.sequence < before)
    ?.text;
}

function output(input: UnderstandInput, turn: TurnRecord): UnderstandOutput {
  const nextSegment = input.segment + 1;
  return {
    index: turn.index,
    route: turn.route,
    intent: turn.intent,
    continueAfter: turn.index >= maxTurnsPerExecution(),
    nextSegment,
    nextExecutionName: executionName(
      input.tenantId,
      input.conversationId,
      nextSegment,
    ),
  };
}
