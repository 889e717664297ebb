import { getConversation } from '../functions/shared/conversations';
import { pendingCustomerMessages } from '../functions/shared/messages';
import { getTenantConfig } from '../functions/shared/tenants';
import { reopen } from '../functions/shared/workflow';
import { ExecutionInputSchema } from '../schemas/workflow';

/**
 * Re-drives a conversation whose execution was caught mid-turn by a restart:
 * the engine keeps executions in memory, so that turn is lost, but its
 * customer messages are not (they are answered only when a reply is
 * delivered). A fresh segment starts and answers them, or simply waits
 * for the customer when nothing was pending.
 */
export async function redriveInterrupted(execution: {
  readonly input: unknown;
}): Promise<void> {
  const input = ExecutionInputSchema.parse(
    typeof execution.input === 'string'
      ? JSON.parse(execution.input)
      : execution.input,
  );
  const ref = {
    tenantId: input.tenantId,
    conversationId: input.conversationId,
  };
  const head = await getConversation(ref);
  if (!head || head.segment !== input.segment || head.status === 'closed')
    return;

  const pending = await pendingCustomerMessages(ref, head.lastAnswered, 1);
  const start = pending.length > 0 ? 'message' : 'await';
  await reopen(
    ref,
    input.segment,
    await getTenantConfig(input.tenantId),
    start,
  );
}
