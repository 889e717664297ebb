import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Channel } from '../../schemas/channel';
import {
  type Conversation,
  ConversationSchema,
} from '../../schemas/conversation';
import { TABLES } from '../../schemas/tables';
import { dynamo } from './clients/dynamo';
import { conditionalWrite, isConditionFailure } from './dynamo-errors';
import { requireEnv } from './env';
import { conversationPk, SK } from './keys';
import { expiresAt } from './retention';

export interface ConversationRef {
  readonly tenantId: string;
  readonly conversationId: string;
}

const table = () => requireEnv(TABLES.conversations.envVar);
const headKey = (ref: ConversationRef) => ({
  pk: conversationPk(ref.tenantId, ref.conversationId),
  sk: SK.head,
});

/** Reads a conversation's head item, or `undefined` if it does not exist. */
export async function getConversation(
  ref: ConversationRef,
): Promise<Conversation | undefined> {
  const { Item } = await dynamo.send(
    new GetCommand({
      TableName: table(),
      Key: headKey(ref),
      ConsistentRead: true,
    }),
  );
  return Item ? ConversationSchema.parse(Item) : undefined;
}

export interface NewConversation extends ConversationRef {
  readonly customerId: string;
  readonly channel: Channel;
  readonly customerTokenSha256: string;
}

/**
 * Creates the head of a new conversation at segment 1. Returns `false` when
 * it already exists (a concurrent or repeated first message).
 */
export async function createConversation(
  input: NewConversation,
  now = new Date(),
): Promise<boolean> {
  const at = now.toISOString();
  const item: Conversation = {
    ...input,
    status: 'active',
    segment: 1,
    lastSequence: 0,
    lastAnswered: 0,
    turns: 0,
    handoffUnanswered: false,
    createdAt: at,
    updatedAt: at,
  };
  return conditionalWrite(
    dynamo.send(
      new PutCommand({
        TableName: table(),
        Item: { ...headKey(input), ...item, expiresAt: expiresAt(now) },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ),
  );
}

/**
 * Applies `SET` assignments to the head when `condition` holds. Returns the
 * updated head, or `undefined` when the condition failed.
 */
export async function updateConversation(
  ref: ConversationRef,
  set: Record<string, unknown>,
  condition?: {
    expression: string;
    values: Record<string, unknown>;
    /** Placeholders for reserved words such as `segment` and `status`. */
    names?: Record<string, string>;
  },
  now = new Date(),
): Promise<Conversation | undefined> {
  const fields = {
    ...set,
    updatedAt: now.toISOString(),
    expiresAt: expiresAt(now),
  };
  const names: Record<string, string> = { ...condition?.names };
  const values: Record<string, unknown> = { ...condition?.values };
  const assignments = Object.entries(fields).map(([field, value], i) => {
    names[`#f${i}`] = field;
    values[`:f${i}`] = value;
    return `#f${i} = :f${i}`;
  });
  try {
    const { Attributes } = await dynamo.send(
      new UpdateCommand({
        TableName: table(),
        Key: headKey(ref),
        UpdateExpression: `SET ${assignments.join(', ')}`,
        ConditionExpression: condition
          ? `attribute_exists(pk) AND (${condition.expression})`
          : 'attribute_exists(pk)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    return ConversationSchema.parse(Attributes);
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

/**
 * Records that the customer messages up to `sequence` are answered and
 * counts the turn. Idempotent: a repeat with the same sequence changes
 * nothing and returns `false`.
 */
export async function markAnswered(
  ref: ConversationRef,
  sequence: number,
  now = new Date(),
): Promise<boolean> {
  return conditionalWrite(
    dynamo.send(
      new UpdateCommand({
        TableName: table(),
        Key: headKey(ref),
        UpdateExpression:
          'SET lastAnswered = :s, updatedAt = :now ADD turns :one',
        ConditionExpression: 'attribute_exists(pk) AND lastAnswered < :s',
        ExpressionAttributeValues: {
          ':s': sequence,
          ':now': now.toISOString(),
          ':one': 1,
        },
      }),
    ),
  );
}

/** Stores the task token of the wait the workflow parks in. */
export async function storeWaitToken(
  ref: ConversationRef & { readonly segment: number },
  taskToken: string,
): Promise<Conversation | undefined> {
  return updateConversation(
    ref,
    { waitToken: taskToken, waitKind: 'customer', segment: ref.segment },
    {
      expression: '#seg <= :seg',
      values: { ':seg': ref.segment },
      names: { '#seg': 'segment' },
    },
  );
}

/**
 * Takes the wait token away from the head if it is still `taskToken`, so
 * exactly one caller completes the wait. Returns whether this caller won.
 */
export async function claimWaitToken(
  ref: ConversationRef,
  taskToken: string,
): Promise<boolean> {
  return conditionalWrite(
    dynamo.send(
      new UpdateCommand({
        TableName: table(),
        Key: headKey(ref),
        UpdateExpression: 'REMOVE waitToken, waitKind',
        ConditionExpression: 'waitToken = :t',
        ExpressionAttributeValues: { ':t': taskToken },
      }),
    ),
  );
}

/**
 * Forgets the change waiting for the customer's yes, if it is still the
 * call `callId`: a later change put to them stays. Returns whether it was
 * removed.
 */
export async function clearPendingConfirmation(
  ref: ConversationRef,
  callId: string,
): Promise<boolean> {
  return conditionalWrite(
    dynamo.send(
      new UpdateCommand({
        TableName: table(),
        Key: headKey(ref),
        UpdateExpression: 'REMOVE pendingConfirmation',
        ConditionExpression: 'pendingConfirmation.callId = :id',
        ExpressionAttributeValues: { ':id': callId },
      }),
    ),
  );
}
