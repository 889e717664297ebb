import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  type Approval,
  ApprovalSchema,
  type ApprovalStatus,
} from '../../schemas/approval';
import { dynamo } from './clients/dynamo';
import { isConditionFailure } from './dynamo-errors';
import { APPROVAL_SK, approvalPk, approvalStatusGsiPk } from './keys';
import type { Page, PageRequest } from './paging';
import { expiresAt } from './retention';
import {
  getWithTaskToken,
  listByStatus,
  statusIndexKeys,
  recordsTable as table,
} from './status-records';

const key = (tenantId: string, approvalId: string) => ({
  pk: approvalPk(tenantId, approvalId),
  sk: APPROVAL_SK,
});
const statusIndex = (a: Approval) =>
  statusIndexKeys(
    approvalStatusGsiPk(a.tenantId, a.status),
    a.createdAt,
    a.approvalId,
  );

/** An approval as stored: with the task token of the wait, while pending. */
export interface StoredApproval {
  readonly approval: Approval;
  readonly taskToken?: string;
}

/**
 * Creates a pending approval unless one with its id exists, and returns
 * the stored one: a retried step finds the approval its first attempt made,
 * decided or not.
 */
export async function createApproval(
  approval: Approval,
  now = new Date(),
): Promise<Approval> {
  try {
    await dynamo.send(
      new PutCommand({
        TableName: table(),
        Item: {
          ...key(approval.tenantId, approval.approvalId),
          ...statusIndex(approval),
          ...approval,
          expiresAt: expiresAt(now),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return approval;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const stored = await getApproval(approval.tenantId, approval.approvalId);
    if (!stored) throw error;
    return stored.approval;
  }
}

export async function getApproval(
  tenantId: string,
  approvalId: string,
): Promise<StoredApproval | undefined> {
  const stored = await getWithTaskToken(
    key(tenantId, approvalId),
    ApprovalSchema,
  );
  return stored && { approval: stored.record, taskToken: stored.taskToken };
}

/**
 * Stores the task token of the wait on a pending approval. Returns false
 * when the approval was decided first: the caller then completes the wait
 * itself, since nobody else will.
 */
export async function storeApprovalToken(
  tenantId: string,
  approvalId: string,
  taskToken: string,
): Promise<boolean> {
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: table(),
        Key: key(tenantId, approvalId),
        UpdateExpression: 'SET taskToken = :t',
        ConditionExpression: 'attribute_exists(pk) AND #s = :pending',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':t': taskToken, ':pending': 'pending' },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * Removes the task token of a decided approval once its workflow was woken
 * (or its wait was over): the secret is kept no longer than it is needed.
 */
export async function forgetApprovalToken(approval: Approval): Promise<void> {
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: table(),
        Key: key(approval.tenantId, approval.approvalId),
        UpdateExpression: 'REMOVE taskToken',
        ConditionExpression: 'attribute_exists(taskToken) AND #s <> :pending',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':pending': 'pending' },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/** One page of a tenant's approvals in one status, oldest first. */
export async function listApprovals(
  tenantId: string,
  status: ApprovalStatus,
  page: PageRequest = {},
): Promise<Page<Approval>> {
  return listByStatus(
    approvalStatusGsiPk(tenantId, status),
    ApprovalSchema,
    page,
  );
}

/** What deciding a pending approval gives back. */
export interface DecidedApproval {
  readonly approval: Approval;
  /** The wait's task token, when the workflow was already waiting. */
  readonly taskToken?: string;
}

/**
 * Moves a pending approval to its decision, once: the record is the audit
 * trail of who decided, when and why, so a decided approval never changes.
 * Returns `undefined` when it was no longer pending. The task token is
 * removed with the decision unless `keepToken` is set: then the caller
 * wakes the workflow and calls `forgetApprovalToken`, so a wake that
 * failed can be repeated.
 */
export async function decideApproval(
  current: Approval,
  status: Exclude<ApprovalStatus, 'pending'>,
  decision: { decidedBy: string; note?: string; keepToken?: boolean },
  now = new Date(),
): Promise<DecidedApproval | undefined> {
  const decidedAt = now.toISOString();
  const next: Approval = {
    ...current,
    status,
    decidedBy: decision.decidedBy,
    decidedAt,
    updatedAt: decidedAt,
    ...(decision.note ? { note: decision.note } : {}),
  };
  const index = statusIndex(next);
  try {
    const { Attributes } = await dynamo.send(
      new UpdateCommand({
        TableName: table(),
        Key: key(current.tenantId, current.approvalId),
        UpdateExpression:
          'SET #s = :s, decidedBy = :by, decidedAt = :at, updatedAt = :at, ' +
          `gsi1pk = :g, gsi1sk = :gs${decision.note ? ', note = :note' : ''}` +
          (decision.keepToken ? '' : ' REMOVE taskToken'),
        ConditionExpression: 'attribute_exists(pk) AND #s = :pending',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: {
          ':s': status,
          ':by': decision.decidedBy,
          ':at': decidedAt,
          ':g': index.gsi1pk,
          ':gs': index.gsi1sk,
          ':pending': 'pending',
          ...(decision.note ? { ':note': decision.note } : {}),
        },
        ReturnValues: 'ALL_OLD',
      }),
    );
    const taskToken = Attributes?.taskToken as string | undefined;
    return { approval: next, ...(taskToken ? { taskToken } : {}) };
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}
