import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Conversation } from '../../schemas/conversation';
import type { Handoff } from '../../schemas/handoff';
import type { TurnRecord } from '../../schemas/turn';
import type { HandoffInput } from '../../schemas/workflow';
import {
  getConversation,
  markAnswered,
  updateConversation,
} from '../shared/conversations';
import { addUsage } from '../shared/converse';
import { InvariantError, TransientError } from '../shared/errors';
import { putOpenHandoff } from '../shared/handoffs';
import { derivedMessageId } from '../shared/message-ids';
import { appendMessage } from '../shared/messages';
import { logger, metrics } from '../shared/observability';
import { transferSummary } from '../shared/transfer';
import { getTurn, updateTurn } from '../shared/turns';
import { openSlot } from './handoff-ids';
import { forAgent, summarise } from './summary';

export type OpenHandoffInput = Extract<HandoffInput, { action: 'open' }>;
type Reason = OpenHandoffInput['reason'];

const KEEP_WRITING = 'You can keep writing here in the meantime.';

/** What the customer reads when the conversation goes to a person. */
export function handoffNotice(reason: Reason): string {
  if (reason === 'model_failure' || reason === 'step_failure') {
    return (
      "Sorry, something went wrong on our side and I can't answer this " +
      'myself right now. A member of our team will join this chat shortly. ' +
      KEEP_WRITING
    );
  }
  return (
    "I'm connecting you with a member of our team; they will join this " +
    `chat shortly. ${KEEP_WRITING}`
  );
}

/**
 * Opens a handoff with a summary for the agents and the task token the
 * agent's decision will complete, tells the customer, and records the
 * turn as answered. A retry takes over its own open handoff (same id, new
 * token, same summary) and repeats no message.
 */
export async function openHandoff(
  input: OpenHandoffInput,
  now = new Date(),
): Promise<{ handoffId: string }> {
  const head = await getConversation(input);
  if (!head) {
    throw new InvariantError(
      `Conversation ${input.conversationId} has no head item`,
    );
  }
  const turn = await findTurn(input);
  const { handoffId, existing } = await openSlot(input);
  const summary = existing?.summary ?? (await writeSummary(input, head, turn));

  const at = now.toISOString();
  const handoff: Handoff = {
    tenantId: input.tenantId,
    handoffId,
    conversationId: input.conversationId,
    segment: input.segment,
    status: 'open',
    reason: input.reason,
    summary,
    createdAt: existing?.createdAt ?? at,
    updatedAt: at,
  };
  if (!(await putOpenHandoff(handoff, input.taskToken, now))) {
    throw new TransientError(`Handoff ${handoffId} was decided while opening`);
  }
  await markHeadHandedOff(input);
  await appendMessage({
    tenantId: input.tenantId,
    conversationId: input.conversationId,
    messageId: derivedMessageId('handoff-', handoffId),
    direction: 'outbound',
    sender: 'system',
    channel: head.channel,
    text: handoffNotice(input.reason),
  });
  if (turn) await markAnswered(input, Math.max(...turn.sequences));

  if (!existing) metrics.addMetric('HandoffsOpened', MetricUnit.Count, 1);
  logger.info('Handoff opened', {
    handoff_id: handoffId,
    reason: input.reason,
    retried: !!existing,
  });
  return { handoffId };
}

/** The turn, if one was opened; a handoff never fails for want of it. */
async function findTurn(
  input: OpenHandoffInput,
): Promise<TurnRecord | undefined> {
  if (input.index < 1) return undefined;
  try {
    return await getTurn(input);
  } catch (error) {
    if (!(error instanceof InvariantError)) throw error;
    logger.warn('Handoff without its turn record', { turn_index: input.index });
    return undefined;
  }
}

async function writeSummary(
  input: OpenHandoffInput,
  head: Conversation,
  turn: TurnRecord | undefined,
): Promise<string> {
  // The model that asked for the transfer already wrote what the agent needs.
  const written = turn && transferSummary(turn);
  if (written) return forAgent(input, written);

  const summary = await summarise(input, {
    reason: input.reason,
    turn,
    messageCount: head.lastSequence,
  });
  if (turn && summary.response) {
    await updateTurn(input, { usage: addUsage(turn.usage, summary.response) });
  }
  return summary.text;
}

async function markHeadHandedOff(input: OpenHandoffInput): Promise<void> {
  const updated = await updateConversation(
    input,
    { status: 'handoff', handedOff: true },
    {
      expression: '#seg = :mine',
      names: { '#seg': 'segment' },
      values: { ':mine': input.segment },
    },
  );
  if (!updated) {
    logger.warn('Conversation moved to a newer segment; head left as is');
  }
}
