import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Conversation } from '../../schemas/conversation';
import type { CloseInput } from '../../schemas/workflow';
import { getConversation, updateConversation } from '../shared/conversations';
import { InvariantError } from '../shared/errors';
import { appendMessage, pendingCustomerMessages } from '../shared/messages';
import { logger, metrics } from '../shared/observability';
import { customerRef } from '../shared/pii/customer-ref';
import { getTenantConfig } from '../shared/tenants';
import { reopen } from '../shared/workflow';
import { closedEvent, publishClosed } from './closed-event';
import { storeTranscript } from './transcript';

/** What the customer reads when the chat closes for inactivity. */
export const IDLE_NOTICE =
  'This chat was closed after a period of inactivity. Write again any ' +
  'time and it reopens.';

/**
 * Closes the conversation's segment, stores its redacted transcript for
 * analytics, publishes the conversation-closed event, and reopens at once
 * if the customer wrote while it was closing, so no message is left
 * unanswered. A retry keeps the first close time.
 */
export async function close(
  input: CloseInput,
  now = new Date(),
): Promise<{ closed: boolean }> {
  const head = await getConversation(input);
  if (!head) {
    throw new InvariantError(
      `Conversation ${input.conversationId} has no head item`,
    );
  }
  const closedAt =
    head.status === 'closed' && head.closedAt
      ? head.closedAt
      : now.toISOString();
  const closed = await updateConversation(
    input,
    { status: 'closed', closedAt },
    {
      expression: '#seg = :mine',
      names: { '#seg': 'segment' },
      values: { ':mine': input.segment },
    },
    now,
  );
  if (!closed) {
    logger.warn('Conversation moved to a newer segment; not closing it');
    return { closed: false };
  }

  await report(input, closed, closedAt);

  const [pending] = await pendingCustomerMessages(
    input,
    closed.lastAnswered,
    1,
  );
  if (pending) {
    logger.info('Customer wrote while closing; reopening', {
      sequence: pending.sequence,
    });
    await reopen(input, input.segment, await getTenantConfig(input.tenantId));
  }
  return { closed: true };
}

/**
 * Tells an idle customer, stores the transcript and publishes the event of
 * the segment just closed. Both name the customer by reference only.
 */
async function report(
  input: CloseInput,
  head: Conversation,
  closedAt: string,
): Promise<void> {
  const notice =
    input.reason === 'idle' ? await appendIdleNotice(input, head) : 0;
  const messages = Math.max(head.lastSequence, notice);
  const customer = await customerRef(head.tenantId, head.customerId);
  const transcript = await storeTranscript(input, {
    segment: input.segment,
    customerRef: customer,
    reason: input.reason,
    closedAt,
    toSequence: messages,
  });
  const detail = closedEvent({
    head,
    customerRef: customer,
    segment: input.segment,
    reason: input.reason,
    closedAt,
    messages,
    transcript,
  });
  await publishClosed(detail);
  countClose(input.reason);
}

async function appendIdleNotice(
  input: CloseInput,
  head: Conversation,
): Promise<number> {
  const { sequence } = await appendMessage({
    tenantId: input.tenantId,
    conversationId: input.conversationId,
    messageId: `close-${input.segment}`,
    direction: 'outbound',
    sender: 'system',
    channel: head.channel,
    text: IDLE_NOTICE,
  });
  return sequence;
}

function countClose(reason: CloseInput['reason']): void {
  const metric = metrics.singleMetric();
  metric.addDimension('reason', reason);
  metric.addMetric('ConversationsClosed', MetricUnit.Count, 1);
}
