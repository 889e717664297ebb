import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { HandoffInput } from '../../schemas/workflow';
import { getConversation, updateConversation } from '../shared/conversations';
import { InvariantError } from '../shared/errors';
import { decideHandoff } from '../shared/handoffs';
import { derivedMessageId } from '../shared/message-ids';
import { appendMessage } from '../shared/messages';
import { logger, metrics } from '../shared/observability';
import { handoffIdFor, latestHandoff } from './handoff-ids';

export type ExpireHandoffInput = Extract<HandoffInput, { action: 'expire' }>;

/** What the customer reads when nobody took the handoff in time. */
export const UNANSWERED_NOTICE =
  "Sorry, nobody from our team is available right now. I'll keep helping " +
  'you here, and you can ask for a person again later.';

/**
 * Gives up on a handoff nobody took in time: marks it expired, gives the
 * conversation back to the assistant with `handoffUnanswered` set, and
 * tells the customer. Safe to repeat.
 */
export async function expireHandoff(
  input: ExpireHandoffInput,
): Promise<{ handoffId: string }> {
  const head = await getConversation(input);
  if (!head) {
    throw new InvariantError(
      `Conversation ${input.conversationId} has no head item`,
    );
  }
  const latest = await latestHandoff(input);
  const handoffId = latest?.handoffId ?? handoffIdFor(input);
  if (latest?.status === 'resolved' || latest?.status === 'handed_back') {
    logger.warn('Handoff was decided as it timed out; nothing to expire', {
      handoff_id: handoffId,
      status: latest.status,
    });
    return { handoffId };
  }
  if (latest?.status === 'open') await decideHandoff(latest, 'expired');

  await updateConversation(
    input,
    { handoffUnanswered: true, status: 'active' },
    {
      expression: '#seg = :mine',
      names: { '#seg': 'segment' },
      values: { ':mine': input.segment },
    },
  );
  const { duplicate } = await appendMessage({
    tenantId: input.tenantId,
    conversationId: input.conversationId,
    messageId: derivedMessageId('handoff-expired-', handoffId),
    direction: 'outbound',
    sender: 'system',
    channel: head.channel,
    text: UNANSWERED_NOTICE,
  });

  if (!duplicate) metrics.addMetric('HandoffsExpired', MetricUnit.Count, 1);
  logger.info('Handoff expired', { handoff_id: handoffId, duplicate });
  return { handoffId };
}
