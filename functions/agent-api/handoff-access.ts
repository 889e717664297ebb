import * as z from 'zod';
import type { Conversation } from '../../schemas/conversation';
import {
  type Handoff,
  HandoffSchema,
  type HandoffStatus,
} from '../../schemas/handoff';
import { TenantIdSchema } from '../../schemas/ids';
import { type ConversationRef, getConversation } from '../shared/conversations';
import { ConflictError, InvariantError, NotFoundError } from '../shared/errors';
import { claimHandoff, decideHandoff, getHandoff } from '../shared/handoffs';
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

/** The conversation a handoff belongs to: its key and its head. */
export async function conversationOf(
  handoff: Handoff,
): Promise<{ ref: ConversationRef; head: Conversation }> {
  const ref = {
    tenantId: handoff.tenantId,
    conversationId: handoff.conversationId,
  };
  const head = await getConversation(ref);
  if (!head) {
    throw new InvariantError(
      `Handoff ${handoff.handoffId} has no conversation`,
    );
  }
  return { ref, head };
}

/**
 * Holds the handoff for this agent's decision before the workflow is told
 * (`claimHandoff`): 409 when another agent is deciding it, or it is no
 * longer open.
 */
export async function claimForDecision(
  handoff: Handoff,
  outcome: NonNullable<Handoff['deciding']>['outcome'],
  agentId: string,
): Promise<void> {
  if (await claimHandoff(handoff, outcome, agentId)) return;
  throw new ConflictError(
    `Handoff ${handoff.handoffId} is being decided by another agent`,
  );
}

/**
 * Runs `send`, a task call on the handoff's wait. When the wait is gone, a
 * request holding the handoff's decision (`claimed`) marks it expired; any
 * other request first reads it again, since Step Functions answers a token
 * another agent's decision used with the same `TaskTimedOut` as an expired
 * one: a handoff another agent is deciding, or has decided, is left as it
 * is. Either way the agent gets a 409.
 */
export async function signalTask(
  handoff: Handoff,
  send: () => Promise<unknown>,
  { claimed = false }: { readonly claimed?: boolean } = {},
): Promise<void> {
  try {
    await send();
  } catch (error) {
    if (!isTaskGone(error)) throw error;
    if (!claimed) {
      const current = await getHandoff(handoff.tenantId, handoff.handoffId);
      const now = current?.handoff;
      if (now && (now.status !== 'open' || now.deciding)) {
        throw new ConflictError(
          `Handoff ${handoff.handoffId} was decided by another agent`,
          { cause: error },
        );
      }
    }
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
