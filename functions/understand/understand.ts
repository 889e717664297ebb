import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Conversation } from '../../schemas/conversation';
import type { Message } from '../../schemas/message';
import type { TenantConfig } from '../../schemas/tenant-config';
import type { ToolCall, TurnRecord } from '../../schemas/turn';
import type { UnderstandInput, UnderstandOutput } from '../../schemas/workflow';
import { answeredCall, answerToChange } from '../shared/confirmation';
import {
  clearPendingConfirmation,
  getConversation,
} from '../shared/conversations';
import { InvariantError } from '../shared/errors';
import { executionName } from '../shared/keys';
import { pendingCustomerMessages, queryMessages } from '../shared/messages';
import { logger, metrics } from '../shared/observability';
import { getTenantConfig } from '../shared/tenants';
import { getTurn, openTurn } from '../shared/turns';
import { classify } from './classify';
import { decideTurn, type Understanding } from './decide';

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

/** Messages read back for the assistant's last words and the language. */
const LOOKBACK = 30;

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

  const [config, before] = await Promise.all([
    getTenantConfig(input.tenantId),
    messagesBefore(input, first.sequence),
  ]);
  const [understanding, waiting] = await Promise.all([
    understandMessages(pending, before, config),
    waitingChange(head, config, now),
  ]);
  const answered = waiting && answerChange(waiting, pending);
  const elapsedMs = performance.now() - started;
  const turn = await openTurn(
    newTurn(input, pending, understanding, now, elapsedMs, answered),
    now,
  );
  // Any turn ends the wait for a yes: only the very next one can confirm.
  if (head.pendingConfirmation) {
    await clearPendingConfirmation(input, head.pendingConfirmation.callId);
  }
  metrics.addMetric('TurnsOpened', MetricUnit.Count, 1);
  logger.info('Turn opened', {
    turn_index: turn.index,
    messages: turn.sequences.length,
    intent: turn.intent,
    confidence: turn.confidence,
    route: turn.route,
    language: turn.language,
  });

  return output(input, turn);
}

/**
 * Classifies the pending messages and decides the turn in the light of
 * the messages before them.
 */
export async function understandMessages(
  pending: readonly Message[],
  before: readonly Message[],
  config: TenantConfig,
): Promise<Understanding> {
  const texts = pending.map((m) => m.text);
  const classification = await classify(texts.join('\n'), config);
  return decideTurn(classification, {
    texts,
    earlierTexts: before
      .filter((m) => m.sender === 'customer')
      .map((m) => m.text),
    lastAssistantText: before.find((m) => m.sender === 'assistant')?.text,
    config,
  });
}

/**
 * The change the assistant asked the customer to confirm, while the
 * customer can still answer it: the call still waits, and the conversation
 * has not been idle long enough to close since the question.
 */
async function waitingChange(
  head: Conversation,
  config: TenantConfig,
  now: Date,
): Promise<ToolCall | undefined> {
  const asked = head.pendingConfirmation;
  if (!asked) return undefined;
  const ageSeconds = (now.getTime() - Date.parse(asked.askedAt)) / 1000;
  if (ageSeconds > config.timeouts.idleTimeoutSeconds) return undefined;
  try {
    const turn = await getTurn({ ...head, ...asked });
    return turn.toolCalls.find(
      (c) => c.id === asked.callId && c.status === 'awaiting_confirmation',
    );
  } catch (error) {
    if (!(error instanceof InvariantError)) throw error;
    logger.warn('The change to confirm has no turn record');
    return undefined;
  }
}

/** The customer's yes or no to the waiting change, as this turn's call. */
function answerChange(
  waiting: ToolCall,
  pending: readonly Message[],
): ToolCall | undefined {
  const answer = answerToChange(pending.map((m) => m.text));
  if (answer === 'other') return undefined;
  metrics.addMetric(
    answer === 'yes' ? 'ChangesConfirmed' : 'ChangesDeclined',
    MetricUnit.Count,
    1,
  );
  return answeredCall(waiting, answer);
}

/** Intent of a turn that answers a change put to the customer. */
export const CHANGE_ANSWER_INTENT = {
  requested: 'change_confirmed',
  declined: 'change_declined',
} as const;

function newTurn(
  input: UnderstandInput,
  pending: readonly Message[],
  understanding: Understanding,
  now: Date,
  elapsedMs: number,
  answered?: ToolCall,
): TurnRecord {
  const { reply, ...decided } = understanding;
  // A yes or no to a change goes to act and the model, never to small talk.
  const answer = answered && {
    intent:
      answered.status === 'declined'
        ? CHANGE_ANSWER_INTENT.declined
        : CHANGE_ANSWER_INTENT.requested,
    confidence: 1,
    route: 'tool' as const,
  };
  return {
    tenantId: input.tenantId,
    conversationId: input.conversationId,
    segment: input.segment,
    index: input.previousIndex + 1,
    sequences: pending.map((m) => m.sequence),
    ...decided,
    ...answer,
    passages: [],
    toolCalls: answered ? [answered] : [],
    toolRounds: answered ? 1 : 0,
    usage: { inputTokens: 0, outputTokens: 0, calls: 0 },
    ...(reply && !answered
      ? { reply: { text: reply, citations: [], offlineModel: false } }
      : {}),
    latencyMs: { understand: Math.round(elapsedMs) },
    startedAt: now.toISOString(),
  };
}

/**
 * The conversation's messages before the turn's first customer message,
 * newest first, among the last few messages of the conversation.
 */
async function messagesBefore(
  input: UnderstandInput,
  before: number,
): Promise<Message[]> {
  const newest = await queryMessages(input, {
    newestFirst: true,
    limit: LOOKBACK,
  });
  return newest.filter((m) => m.sequence < before);
}

function output(input: UnderstandInput, turn: TurnRecord): UnderstandOutput {
  const nextSegment = input.segment + 1;
  return {
    index: turn.index,
    route: turn.route,
    intent: turn.intent,
    confidence: turn.confidence,
    language: turn.language,
    continueAfter: turn.index >= maxTurnsPerExecution(),
    nextSegment,
    nextExecutionName: executionName(
      input.tenantId,
      input.conversationId,
      nextSegment,
    ),
  };
}
