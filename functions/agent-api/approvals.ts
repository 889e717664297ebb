import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import * as z from 'zod';
import {
  type Approval,
  ApprovalDecisionRequestSchema,
  ApprovalIdSchema,
  type ApprovalStatus,
  ListApprovalsQuerySchema,
} from '../../schemas/approval';
import { TenantIdSchema } from '../../schemas/ids';
import {
  decideApproval,
  forgetApprovalToken,
  getApproval,
  listApprovals,
  type StoredApproval,
} from '../shared/approvals';
import { sfn } from '../shared/clients/sfn';
import {
  ConflictError,
  NotFoundError,
  ValidationError,
} from '../shared/errors';
import {
  type HttpEvent,
  type HttpResult,
  json,
  jsonBody,
} from '../shared/http';
import { appendConversationKeys, logger } from '../shared/observability';
import { parseOrThrow } from '../shared/validate';
import { type Agent, authorizeAgent } from './agent-auth';
import { TenantPathSchema } from './handoff-access';

type Params = Readonly<Record<string, string>>;

const ApprovalPathSchema = z.object({
  tenantId: TenantIdSchema,
  approvalId: ApprovalIdSchema,
});

/** An approval as agents see it: never with its task token. */
export type ApprovalView = Approval;

/**
 * `GET /tenants/{tenantId}/approvals?status=pending&limit=&nextToken=`:
 * oldest first, each with the change in words, the refund at stake and
 * why it needs a person; `nextToken` while there may be more.
 */
export async function listTenantApprovals(
  event: HttpEvent,
  params: Params,
): Promise<HttpResult> {
  await authorizeAgent(event, params.tenantId);
  const { tenantId } = parseOrThrow(TenantPathSchema, params, 'path');
  const query = event.queryStringParameters ?? {};
  const { status, ...page } = parseOrThrow(
    ListApprovalsQuerySchema,
    query,
    'query',
  );
  appendConversationKeys({ tenantId });

  const { items, nextToken } = await listApprovals(tenantId, status, page);
  return json(200, { approvals: items, ...(nextToken ? { nextToken } : {}) });
}

/**
 * `POST .../approvals/{approvalId}/decision` with `{ decision, agentName?,
 * note? }`: approves or refuses a change once. The decision, who made it and
 * when are stored first (the audit record); then the waiting workflow is
 * woken, and act runs or refuses the change and tells the customer. 404 for
 * an unknown approval, 409 for one already decided.
 */
export async function decideTenantApproval(
  event: HttpEvent,
  params: Params,
): Promise<HttpResult> {
  const agent = await authorizeAgent(event, params.tenantId);
  const path = parseOrThrow(ApprovalPathSchema, params, 'path');
  const body = parseOrThrow(
    ApprovalDecisionRequestSchema,
    jsonBody(event),
    'decision',
  );
  const decidedBy = deciderOf(agent, body.agentName);
  appendConversationKeys(path);

  const stored = await getApproval(path.tenantId, path.approvalId);
  if (!stored) throw new NotFoundError(`Approval ${path.approvalId} not found`);
  const { approval } = stored;
  logger.appendKeys({ conversation_id: approval.conversationId });
  const status = body.decision === 'approve' ? 'approved' : 'refused';
  if (approval.status !== 'pending') {
    return repeatedDecision(stored, { status, decidedBy }, path.approvalId);
  }

  const decided = await decideApproval(approval, status, {
    decidedBy,
    ...(body.note ? { note: body.note } : {}),
    keepToken: true,
  });
  if (!decided) {
    const current = await getApproval(path.tenantId, path.approvalId);
    if (!current)
      throw new NotFoundError(`Approval ${path.approvalId} not found`);
    return repeatedDecision(current, { status, decidedBy }, path.approvalId);
  }
  if (decided.taskToken) await wake(decided.taskToken, decided.approval);
  // Who decided is staff data, not the customer's: the log keeps the audit.
  logger.info('Approval decided', {
    approval_id: approval.approvalId,
    status: decided.approval.status,
    decided_by: decided.approval.decidedBy,
  });
  return json(200, { approval: decided.approval });
}

/**
 * Who decided, for the audit record: an agent with their own token is the
 * name and id their credential was made with, whatever the request says;
 * the shared token names no one, so the request must (`agentName`).
 */
function deciderOf(agent: Agent, agentName: string | undefined): string {
  if (agent.name) return `${agent.name} (${agent.agentId})`;
  if (!agentName) {
    throw new ValidationError(
      'Invalid decision: agentName is required with the shared agent token',
      [{ path: 'agentName', message: 'Required with the shared agent token' }],
    );
  }
  return `${agentName} (${agent.agentId})`;
}

/**
 * The same decision by the same person sent again (a client retrying after
 * a failed answer): the stored decision stands, and a workflow not woken
 * yet is woken now. Any other decision of a decided approval is a
 * conflict.
 */
async function repeatedDecision(
  stored: StoredApproval,
  sent: { readonly status: ApprovalStatus; readonly decidedBy: string },
  approvalId: string,
): Promise<HttpResult> {
  const { approval, taskToken } = stored;
  if (
    approval.status !== sent.status ||
    approval.decidedBy !== sent.decidedBy
  ) {
    throw new ConflictError(
      `Approval ${approvalId} is already ${approval.status}`,
    );
  }
  if (taskToken) await wake(taskToken, approval);
  return json(200, { approval });
}

/**
 * Wakes the workflow waiting on the approval, then forgets its token. When
 * the wait is already over (it timed out), the decision still stands on the
 * record, and the expiry step finds it decided. Any other failure leaves
 * the token stored, so the same decision sent again wakes it then.
 */
async function wake(taskToken: string, approval: Approval): Promise<void> {
  try {
    await sfn.send(
      new SendTaskSuccessCommand({
        taskToken,
        output: JSON.stringify({ approvalId: approval.approvalId }),
      }),
    );
  } catch (error) {
    if (!(error instanceof Error) || !TASK_GONE.has(error.name)) throw error;
    logger.warn('Approval wait ended before the decision', {
      error_name: error.name,
    });
  }
  await forgetApprovalToken(approval);
}

const TASK_GONE = new Set(['TaskTimedOut', 'InvalidToken', 'TaskDoesNotExist']);
