import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  type Handoff,
  HandoffSchema,
  type HandoffStatus,
} from '../../schemas/handoff';
import { dynamo } from './clients/dynamo';
import { conditionalWrite, isConditionFailure } from './dynamo-errors';
import { HANDOFF_SK, handoffPk, handoffStatusGsiPk } from './keys';
import type { Page, PageRequest } from './paging';
import { expiresAt } from './retention';
import {
  getWithTaskToken,
  listByStatus,
  statusIndexKeys,
  recordsTable as table,
} from './status-records';

const key = (tenantId: string, handoffId: string) => ({
  pk: handoffPk(tenantId, handoffId),
  sk: HANDOFF_SK,
});
const statusIndex = (h: Handoff) =>
  statusIndexKeys(
    handoffStatusGsiPk(h.tenantId, h.status),
    h.createdAt,
    h.handoffId,
  );

/** A handoff as stored: with the task token, which never leaves the backend. */
export interface StoredHandoff {
  readonly handoff: Handoff;
  readonly taskToken?: string;
}

/**
 * Stores an open handoff with its task token. A retried step overwrites its
 * own open handoff (with the new token) but never one already decided.
 */
export async function putOpenHandoff(
  handoff: Handoff,
  taskToken: string,
  now = new Date(),
): Promise<boolean> {
  try {
    await dynamo.send(
      new PutCommand({
        TableName: table(),
        Item: {
          ...key(handoff.tenantId, handoff.handoffId),
          ...statusIndex(handoff),
          ...handoff,
          taskToken,
          expiresAt: expiresAt(now),
        },
        ConditionExpression: 'attribute_not_exists(pk) OR #s = :open',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':open': 'open' },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

export async function getHandoff(
  tenantId: string,
  handoffId: string,
): Promise<StoredHandoff | undefined> {
  const stored = await getWithTaskToken(
    key(tenantId, handoffId),
    HandoffSchema,
  );
  return stored && { handoff: stored.record, taskToken: stored.taskToken };
}

/** A tenant's handoffs in one status, oldest first. */
export async function listHandoffs(
  tenantId: string,
  status: HandoffStatus,
  page: PageRequest = {},
): Promise<Page<Handoff>> {
  return listByStatus(
    handoffStatusGsiPk(tenantId, status),
    HandoffSchema,
    page,
  );
}

/**
 * Records that an agent is deciding an open handoff, before the workflow is
 * told. Returns `false` when the handoff is no longer open or another
 * decision holds it; the same agent sending the same decision again (a
 * retry after a failed answer) holds it again.
 */
export async function claimHandoff(
  current: Handoff,
  outcome: NonNullable<Handoff['deciding']>['outcome'],
  agentId: string,
  now = new Date(),
): Promise<boolean> {
  return conditionalWrite(
    dynamo.send(
      new UpdateCommand({
        TableName: table(),
        Key: key(current.tenantId, current.handoffId),
        UpdateExpression: 'SET deciding = :d',
        ConditionExpression:
          '#s = :open AND (attribute_not_exists(deciding) OR ' +
          '(deciding.outcome = :o AND deciding.agentId = :a))',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: {
          ':d': { outcome, agentId, at: now.toISOString() },
          ':open': 'open',
          ':o': outcome,
          ':a': agentId,
        },
      }),
    ),
  );
}

/**
 * Moves an open handoff to its decided status and forgets the task token.
 * Returns the updated handoff, or `undefined` if it was no longer open.
 */
export async function decideHandoff(
  current: Handoff,
  status: Exclude<HandoffStatus, 'open'>,
  fields: { agentId?: string; note?: string } = {},
  now = new Date(),
): Promise<Handoff | undefined> {
  const updatedAt = now.toISOString();
  const next: Handoff = { ...current, ...fields, status, updatedAt };
  const index = statusIndex(next);
  const optional = Object.entries(fields).filter(([, v]) => v !== undefined);
  const extra = optional.map(([field]) => `, ${field} = :${field}`).join('');
  try {
    const { Attributes } = await dynamo.send(
      new UpdateCommand({
        TableName: table(),
        Key: key(current.tenantId, current.handoffId),
        UpdateExpression:
          `SET #s = :s, updatedAt = :u, gsi1pk = :g, gsi1sk = :gs${extra}` +
          ' REMOVE taskToken',
        ConditionExpression: '#s = :open',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: {
          ':s': status,
          ':u': updatedAt,
          ':g': index.gsi1pk,
          ':gs': index.gsi1sk,
          ...Object.fromEntries(optional.map(([f, v]) => [`:${f}`, v])),
          ':open': 'open',
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return HandoffSchema.parse(Attributes);
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}
