import type { Conversation } from '../../schemas/conversation';
import type { DeliverInput } from '../../schemas/workflow';
import { appendMessage, queryMessages } from '../shared/messages';
import { logger } from '../shared/observability';

/** What the customer reads when the workflow could not answer them. */
export const APOLOGY_TEXT =
  "Sorry, something went wrong on our side and I couldn't answer your " +
  'last message. Please send it again in a moment.';

const prefix = (input: DeliverInput) =>
  `apology-${input.segment}-${input.index}-`;

/**
 * Appends the apology once per failure. The message id ends with the
 * transcript's last sequence, so a later failure of the same turn (after
 * the customer wrote again) apologises again; a retry of this step finds
 * its own apology as the newest message and stores nothing.
 */
export async function appendApology(
  input: DeliverInput,
  head: Conversation,
): Promise<boolean> {
  const [newest] = await queryMessages(input, { newestFirst: true, limit: 1 });
  if (newest?.messageId.startsWith(prefix(input))) {
    logger.info('Apology already delivered', { sequence: newest.sequence });
    return false;
  }
  const { duplicate, sequence } = await appendMessage({
    tenantId: input.tenantId,
    conversationId: input.conversationId,
    messageId: `${prefix(input)}${head.lastSequence}`,
    direction: 'outbound',
    sender: 'system',
    channel: head.channel,
    text: APOLOGY_TEXT,
  });
  logger.info('Apology delivered', { sequence, duplicate });
  return !duplicate;
}
