import * as z from 'zod';
import {
  type Handoff,
  HandoffSchema,
  type HandoffStatus,
} from '../../schemas/handoff';
import { TenantIdSchema } from '../../schemas/ids';
import { ConflictError, NotFoundError } from '../shared/errors';
import { decideHandoff, getHandoff } from '../shared/handoffs';
import { logger } from '../shared/observability';

export const TenantPathSchema = z.object({ tenantId: TenantIdSchema });
export const HandoffPathSchema = z.object({
  tenantId: TenantIdSchema,
  handoffId: HandoffSchema.shape.handoffId,
});

/** A handoff as agents see it: never with its task token. */
export interface HandoffView {
  readonly handoffId: string;
  readonly conversationId: string;
  readonly status: HandoffStatus;
  readonly reason: Handoff['reason'];
  readonly summary: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly agentId?: string;
  readonly note?: string;
}

export function toView(h: Handoff): HandoffView {
  return {
    handoffId: h.handoffId,
    conversationId: h.conversationId,
    status: h.status,
    reason: h.reason,
    summary: h.summary,
    createdAt: h.createdAt,
    updatedAt: h.updatedAt,
    ...(h.agentId ? { agentId: h.agentId } : {}),
    ...(h.note ? { note: h.note } : {}),
  };
}

const DECIDED: Readonly<Record<HandoffStatus, string>> = {
  open: 'open',
  resolved: 'already resolved',
  handed_back: 'already handed back',
  expired: 'expired',
};

/** An open handoff with its task token; 404 if unknown, 409 if decided. */
export async function loadOpenHandoff(
  tenantId: string,
  handoffId: string,
): Promise<{ handoff: Handoff; taskToken: string }> {
  const stored = await getHandoff(tenantId, handoffId);
  if (!stored) throw new NotFoundError(`Handoff ${handoffId} not found`);

  const { handoff, taskToken } = stored;
  logger.appendKeys({
    conversation_id: handoff.conversationId,
    handoff_id: handoffId,
  });
  if (handoff.status !== 'open' || !taskToken) {
    throw new ConflictError(
      `Handoff ${handoffId} is ${DECIDED[handoff.status]}`,
    );
  }
  return { handoff, taskToken };
}

/**
 * Runs `send`, a task call on the handoff's wait. When the wait is gone
 * (timed out, or its execution ended) the handoff is marked expired and the
 * agent gets a 409.
 *
 * TODO(agent-api): Step Functions answers a token already used with the
 * same `TaskTimedOut` as an expired one, so when two agents decide one
 * handoff within milliseconds, the second can mark it expired before the
 * first records its decision, and the audit shows `expired`. Claiming the
 * handoff (open → deciding, keeping the token) before signalling, as the
 * approvals do, would close it.
 */
export async function signalTask(
  handoff: Handoff,
  send: () => Promise<unknown>,
): Promise<void> {
  try {
    await send();
  } catch (error) {
    if (!isTaskGone(error)) throw error;
    logger.warn('Handoff wait ended before the agent acted', {
      error_name: (error as Error).name,
    });
    await decideHandoff(handoff, 'expired');
    throw new ConflictError(`Handoff ${handoff.handoffId} has expired`, {
      cause: error,
    });
  }
}

/**
 * Records the agent's decision. If another request decided first (after
 * this one's task signal went through), the stored handoff is returned.
 */
export async function settle(
  handoff: Handoff,
  status: 'resolved' | 'handed_back',
  fields: { agentId: string; note?: string },
): Promise<Handoff> {
  const decided = await decideHandoff(handoff, status, fields);
  if (decided) return decided;
  const current = await getHandoff(handoff.tenantId, handoff.handoffId);
  return current?.handoff ?? handoff;
}

/** Step Functions' errors for a task token whose wait is over. */
const TASK_GONE = new Set(['TaskTimedOut', 'InvalidToken', 'TaskDoesNotExist']);

const isTaskGone = (error: unknown): boolean =>
  error instanceof Error && TASK_GONE.has(error.name);
