import type { AwaitCustomerInput } from '../../schemas/workflow';
import { updateConversation } from '../shared/conversations';
import { logger } from '../shared/observability';
import { park } from '../shared/workflow';

/**
 * Parks the workflow until the customer writes; messages that arrived
 * while it was busy wake it at once. A conversation coming back from a
 * handoff (handed back, unanswered, or after an apology) is the
 * assistant's again.
 */
export async function awaitCustomer(
  input: AwaitCustomerInput,
): Promise<{ parked: 'parked' | 'woken' }> {
  const reactivated = await updateConversation(
    input,
    { status: 'active' },
    {
      expression: '#st = :handoff AND #seg = :mine',
      names: { '#st': 'status', '#seg': 'segment' },
      values: { ':handoff': 'handoff', ':mine': input.segment },
    },
  );
  if (reactivated) logger.info('Conversation is back with the assistant');

  const parked = await park(input, input.taskToken);
  return { parked };
}
