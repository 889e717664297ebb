import {
  ExecutionAlreadyExists,
  SendTaskSuccessCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { TenantConfig } from '../../schemas/tenant-config';
import type { ExecutionInput, Wake } from '../../schemas/workflow';
import { sfn } from './clients/sfn';
import {
  type ConversationRef,
  claimWaitToken,
  storeWaitToken,
  updateConversation,
} from './conversations';
import { requireEnv } from './env';
import { executionName } from './keys';
import { pendingCustomerMessages } from './messages';
import { logger } from './observability';

/** Execution input of a segment; deterministic, so a repeated start is a no-op. */
export function executionInput(
  ref: ConversationRef,
  segment: number,
  start: ExecutionInput['start'],
  config: TenantConfig,
): ExecutionInput {
  const {
    idleTimeoutSeconds,
    handoffTimeoutSeconds,
    handoffHeartbeatSeconds,
    approvalTimeoutSeconds,
  } = config.timeouts;
  return {
    tenantId: ref.tenantId,
    conversationId: ref.conversationId,
    stateMachineArn: requireEnv('CONVERSATION_STATE_MACHINE_ARN'),
    segment,
    start,
    limits: {
      idleTimeoutSeconds,
      handoffTimeoutSeconds,
      handoffHeartbeatSeconds,
      approvalTimeoutSeconds,
    },
    turn: { index: 0 },
  };
}

/**
 * Starts the execution of a segment. Harmless when it already runs or ran:
 * the name is derived from conversation and segment.
 */
export async function startSegment(
  ref: ConversationRef,
  segment: number,
  config: TenantConfig,
  start: ExecutionInput['start'] = 'message',
): Promise<'started' | 'exists'> {
  const name = executionName(ref.tenantId, ref.conversationId, segment);
  const input = executionInput(ref, segment, start, config);
  try {
    await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: input.stateMachineArn,
        name,
        input: JSON.stringify(input),
      }),
    );
    logger.info('Started conversation segment', {
      segment,
      execution_name: name,
    });
    return 'started';
  } catch (error) {
    if (error instanceof ExecutionAlreadyExists) return 'exists';
    throw error;
  }
}

/**
 * Opens the next segment of a closed conversation: starts its execution,
 * then moves the head on. Concurrent callers start the same execution name,
 * so only one segment opens.
 */
export async function reopen(
  ref: ConversationRef,
  closedSegment: number,
  config: TenantConfig,
  start: ExecutionInput['start'] = 'message',
): Promise<void> {
  const segment = closedSegment + 1;
  await startSegment(ref, segment, config, start);
  await updateConversation(
    ref,
    { status: 'active', segment },
    {
      expression: '#seg < :seg',
      values: { ':seg': segment },
      names: { '#seg': 'segment' },
    },
  );
}

/**
 * Wakes the workflow if it is parked waiting for the customer. Returns
 * `false` when it is busy (the message stays queued for the next wait) or
 * the wait already ended.
 */
export async function wakeIfWaiting(
  ref: ConversationRef,
  waitToken: string | undefined,
  sequence: number,
): Promise<boolean> {
  if (!waitToken) return false;
  if (!(await claimWaitToken(ref, waitToken))) return false;
  return completeWait(waitToken, { reason: 'message', sequence });
}

async function completeWait(taskToken: string, wake: Wake): Promise<boolean> {
  try {
    await sfn.send(
      new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(wake) }),
    );
    return true;
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'TaskTimedOut' || name === 'InvalidToken') {
      logger.warn('Wait ended before the message arrived', {
        error_name: name,
      });
      return false;
    }
    throw error;
  }
}

/**
 * Parks the workflow: stores the task token, then looks for customer
 * messages that arrived while it was busy. If there are, the wait completes
 * at once; whoever claims the token first (this or the inbound function)
 * sends it, so the message is consumed exactly once.
 */
export async function park(
  ref: ConversationRef & { readonly segment: number },
  taskToken: string,
): Promise<'parked' | 'woken'> {
  const head = await storeWaitToken(ref, taskToken);
  if (!head) {
    logger.warn('Conversation moved to a newer segment; not parking');
    return 'parked';
  }
  const [next] = await pendingCustomerMessages(ref, head.lastAnswered, 1);
  if (!next) return 'parked';

  const woken = await wakeIfWaiting(ref, taskToken, next.sequence);
  return woken ? 'woken' : 'parked';
}
