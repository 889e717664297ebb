import {
  PutEventsCommand,
  type PutEventsCommandOutput,
} from '@aws-sdk/client-eventbridge';
import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import type { Approval } from '../../schemas/approval';
import type { ApprovalInput } from '../../schemas/workflow';
import { getApproval, storeApprovalToken } from '../shared/approvals';
import { isRetryableAwsError } from '../shared/aws-errors';
import { events } from '../shared/clients/events';
import { sfn } from '../shared/clients/sfn';
import { getConversation } from '../shared/conversations';
import { requireEnv } from '../shared/env';
import { InvariantError, TransientError } from '../shared/errors';
import { derivedMessageId } from '../shared/message-ids';
import { appendMessage } from '../shared/messages';
import { logger } from '../shared/observability';
import { getTurn } from '../shared/turns';

export type OpenApprovalInput = Extract<ApprovalInput, { action: 'open' }>;
export type ExpireApprovalInput = Extract<ApprovalInput, { action: 'expire' }>;

/** What the customer reads while a person decides. */
export const approvalNotice = (change: string): string =>
  `Before I go ahead I need a member of our team to approve this: ${change}. ` +
  "I'll let you know here as soon as they decide. You can keep writing in " +
  'the meantime.';

/** Event agents' tools subscribe to, to learn that an approval waits. */
export const APPROVAL_REQUESTED = 'Approval Requested';

/**
 * Parks the workflow on the approval a confirmed change waits for: stores
 * the task token on the approval (it never leaves the backend), tells the
 * customer once, and announces the approval on the event bus. When a person
 * decided before the token was stored, completes the wait itself.
 */
export async function openApproval(
  input: OpenApprovalInput,
): Promise<{ approvalId: string }> {
  const approval = await waitingApproval(input);
  const waiting = await storeApprovalToken(
    input.tenantId,
    approval.approvalId,
    input.taskToken,
  );
  if (!waiting) {
    logger.info('Approval decided before the wait opened', {
      approval_id: approval.approvalId,
    });
    await sfn.send(
      new SendTaskSuccessCommand({
        taskToken: input.taskToken,
        output: JSON.stringify({ approvalId: approval.approvalId }),
      }),
    );
    return { approvalId: approval.approvalId };
  }

  const head = await getConversation(input);
  if (!head) {
    throw new InvariantError(
      `Conversation ${input.conversationId} has no head item`,
    );
  }
  await appendMessage({
    tenantId: input.tenantId,
    conversationId: input.conversationId,
    messageId: derivedMessageId('approval-', approval.approvalId),
    direction: 'outbound',
    sender: 'system',
    channel: head.channel,
    text: approvalNotice(approval.change),
  });
  await announce(approval);
  logger.info('Approval waits for a person', {
    approval_id: approval.approvalId,
    tool: approval.tool,
    refund_cents: approval.refundCents,
    reason: approval.reason,
  });
  return { approvalId: approval.approvalId };
}

/** The approval the turn's waiting call names. */
export async function waitingApproval(
  input: OpenApprovalInput | ExpireApprovalInput,
): Promise<Approval> {
  const turn = await getTurn(input);
  const call = turn.toolCalls.find((c) => c.status === 'awaiting_approval');
  if (!call?.approvalId) {
    throw new InvariantError(
      `Turn ${input.segment}/${input.index} has no call awaiting approval`,
    );
  }
  const stored = await getApproval(input.tenantId, call.approvalId);
  if (!stored) {
    throw new InvariantError(`Approval ${call.approvalId} does not exist`);
  }
  return stored.approval;
}

/**
 * Publishes `Approval Requested`. EventBridge may refuse an entry without
 * failing the call; either way the step throws `TransientError`, and the
 * retry announces again (the customer's notice is stored once).
 */
async function announce(approval: Approval): Promise<void> {
  let result: PutEventsCommandOutput;
  try {
    // The detail names the approval, never the customer's data.
    result = await events.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: requireEnv('EVENT_BUS_NAME'),
            Source: 'frontline.conversations',
            DetailType: APPROVAL_REQUESTED,
            Detail: JSON.stringify({
              tenantId: approval.tenantId,
              approvalId: approval.approvalId,
              conversationId: approval.conversationId,
              tool: approval.tool,
              refundCents: approval.refundCents,
              reason: approval.reason,
              createdAt: approval.createdAt,
            }),
          },
        ],
      }),
    );
  } catch (error) {
    if (!isRetryableAwsError(error)) throw error;
    throw new TransientError('EventBridge is unavailable', { cause: error });
  }
  if ((result.FailedEntryCount ?? 0) > 0) {
    const code = result.Entries?.find((e) => e.ErrorCode)?.ErrorCode;
    throw new TransientError(
      `EventBridge refused the approval event (${code ?? 'no error code'})`,
    );
  }
}
