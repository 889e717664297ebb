import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Conversation } from '../../schemas/conversation';
import type { DeliverInput } from '../../schemas/workflow';
import { getConversation, markAnswered } from '../shared/conversations';
import { InvariantError } from '../shared/errors';
import { appendMessage, pendingCustomerMessages } from '../shared/messages';
import { logger, metrics } from '../shared/observability';
import { openVault } from '../shared/pii/conversation-vault';
import { hasPlaceholder } from '../shared/pii/customer-view';
import { getTurn, updateTurn } from '../shared/turns';
import { park } from '../shared/workflow';
import { appendApology } from './apology';

export interface DeliverOutput {
  /** True when this call stored the message; false when an earlier attempt had. */
  readonly delivered: boolean;
  readonly parked?: 'parked' | 'woken';
}

/**
 * Puts the turn's reply (or an apology) into the transcript, records what
 * it answered, and parks the workflow when the step waits for the customer.
 */
export async function deliver(input: DeliverInput): Promise<DeliverOutput> {
  const head = await requireHead(input);
  const delivered =
    input.kind === 'apology'
      ? await deliverApology(input, head)
      : await deliverReply(input, head);

  // TODO(deliver): only web chat is served: it reads the transcript. Connect
  // chat and SMS conversations need the reply sent through the channel's
  // own API (Connect participant SendMessage, End User Messaging
  // SendTextMessage), keyed by the message id so a retry sends it once.
  if (!input.taskToken) return { delivered };
  return { delivered, parked: await park(input, input.taskToken) };
}

async function deliverReply(
  input: DeliverInput,
  head: Conversation,
): Promise<boolean> {
  if (input.index < 1) {
    throw new InvariantError('A reply can only be delivered for a turn');
  }
  const turn = await getTurn(input);
  if (!turn.reply) {
    throw new InvariantError(
      `Turn ${input.segment}/${input.index} has no reply to deliver`,
    );
  }
  const { duplicate, sequence } = await appendMessage({
    tenantId: input.tenantId,
    conversationId: input.conversationId,
    messageId: `out-${input.segment}-${input.index}`,
    direction: 'outbound',
    sender: 'assistant',
    channel: head.channel,
    text: await customerText(input, turn.reply.text),
    citations: turn.reply.citations,
    offlineModel: turn.reply.offlineModel,
  });
  await markAnswered(input, Math.max(...turn.sequences));
  if (!turn.deliveredAt) {
    await updateTurn(input, { deliveredAt: new Date().toISOString() });
  }

  if (!duplicate) metrics.addMetric('RepliesDelivered', MetricUnit.Count, 1);
  logger.info('Reply delivered', {
    turn_index: input.index,
    sequence,
    duplicate,
  });
  return !duplicate;
}

/**
 * The reply as the customer reads it: the model wrote placeholders, and
 * the customer gets their own contact data back, cards and national ids
 * as their last four characters. A reply without placeholders needs no
 * vault.
 */
async function customerText(ref: DeliverInput, text: string): Promise<string> {
  if (!hasPlaceholder(text)) return text;
  return (await openVault(ref)).forCustomer(text);
}

async function deliverApology(
  input: DeliverInput,
  head: Conversation,
): Promise<boolean> {
  const delivered = await appendApology(input, head);
  const pending = await pendingCustomerMessages(input, head.lastAnswered);
  const highest = Math.max(0, ...pending.map((m) => m.sequence));
  if (highest > 0) await markAnswered(input, highest);
  if (delivered) metrics.addMetric('ApologiesDelivered', MetricUnit.Count, 1);
  return delivered;
}

async function requireHead(input: DeliverInput): Promise<Conversation> {
  const head = await getConversation(input);
  if (!head) {
    throw new InvariantError(
      `Conversation ${input.conversationId} has no head item`,
    );
  }
  return head;
}
