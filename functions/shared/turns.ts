import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { TABLES } from '../../schemas/tables';
import { type TurnRecord, TurnRecordSchema } from '../../schemas/turn';
import { dynamo } from './clients/dynamo';
import type { ConversationRef } from './conversations';
import { isConditionFailure } from './dynamo-errors';
import { requireEnv } from './env';
import { InvariantError } from './errors';
import { conversationPk, SK } from './keys';
import { expiresAt } from './retention';

const table = () => requireEnv(TABLES.conversations.envVar);

export interface TurnRef extends ConversationRef {
  readonly segment: number;
  readonly index: number;
}

const turnKey = (ref: TurnRef) => ({
  pk: conversationPk(ref.tenantId, ref.conversationId),
  sk: SK.turn(ref.segment, ref.index),
});

/**
 * Creates the turn record, or returns the one an earlier attempt of the same
 * step created: a retried step never opens a second turn.
 */
export async function openTurn(
  turn: TurnRecord,
  now = new Date(),
): Promise<TurnRecord> {
  try {
    await dynamo.send(
      new PutCommand({
        TableName: table(),
        Item: { ...turnKey(turn), ...turn, expiresAt: expiresAt(now) },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return turn;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    return getTurn(turn);
  }
}

/** Reads a turn record; it must exist. */
export async function getTurn(ref: TurnRef): Promise<TurnRecord> {
  const { Item } = await dynamo.send(
    new GetCommand({
      TableName: table(),
      Key: turnKey(ref),
      ConsistentRead: true,
    }),
  );
  if (!Item) {
    throw new InvariantError(
      `Turn ${ref.segment}/${ref.index} of conversation ${ref.conversationId} does not exist`,
    );
  }
  return TurnRecordSchema.parse(Item);
}

/** Sets fields of a turn record (passages, tool calls, reply, usage…). */
export async function updateTurn(
  ref: TurnRef,
  fields: Partial<Omit<TurnRecord, keyof TurnRef>>,
): Promise<void> {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const assignments = Object.entries(fields).map(([field, value], i) => {
    names[`#f${i}`] = field;
    values[`:f${i}`] = value;
    return `#f${i} = :f${i}`;
  });
  if (assignments.length === 0) return;
  await dynamo.send(
    new UpdateCommand({
      TableName: table(),
      Key: turnKey(ref),
      UpdateExpression: `SET ${assignments.join(', ')}`,
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    }),
  );
}
