import {
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { type Message, MessageSchema } from '../../schemas/message';
import { TABLES } from '../../schemas/tables';
import { dynamo } from './clients/dynamo';
import type { ConversationRef } from './conversations';
import { isConditionFailure } from './dynamo-errors';
import { requireEnv } from './env';
import { TransientError } from './errors';
import { conversationPk, SK } from './keys';
import { expiresAt } from './retention';

const table = () => requireEnv(TABLES.conversations.envVar);

/** A message to store; the sequence is assigned on append. */
export type NewMessage = Omit<Message, 'sequence' | 'at'> & { at?: string };

export interface AppendResult {
  readonly sequence: number;
  /** True when this message id was already stored before this call. */
  readonly duplicate: boolean;
}

/** Attempts at the next free sequence before giving up as transient. */
const MAX_SEQUENCE_ATTEMPTS = 20;

/**
 * Stores a message exactly once per `messageId` and gives it the next
 * sequence number. The message id is claimed first (a conditional write), so
 * a repeat is a no-op for as long as the conversation is kept; the sequence is
 * then taken with a conditional write on the message item itself, so
 * concurrent appends never share or skip a number. A repeat that arrives
 * while the first append is still running waits for its sequence rather
 * than storing the message a second time.
 */
export async function appendMessage(
  message: NewMessage,
  now = new Date(),
): Promise<AppendResult> {
  const claim = await claimMessageId(message, now);
  const claimed = claim.fresh
    ? undefined
    : (claim.sequence ?? (await awaitClaimedSequence(message)));
  if (claimed !== undefined) return { sequence: claimed, duplicate: true };

  const earlier = claim.fresh ? undefined : await findRecent(message);
  const sequence = earlier ?? (await putAtNextSequence(message, now));
  await recordClaimSequence(message, sequence);

  await raiseLastSequence(message, sequence, now);
  return { sequence, duplicate: false };
}

async function claimMessageId(
  message: NewMessage,
  now: Date,
): Promise<{ fresh: boolean; sequence?: number }> {
  const Key = {
    pk: conversationPk(message.tenantId, message.conversationId),
    sk: SK.messageClaim(message.messageId),
  };
  try {
    await dynamo.send(
      new PutCommand({
        TableName: table(),
        Item: {
          ...Key,
          claimedAt: now.toISOString(),
          expiresAt: expiresAt(now),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return { fresh: true };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
  return { fresh: false, sequence: await claimedSequence(message) };
}

async function claimedSequence(
  message: NewMessage,
): Promise<number | undefined> {
  const { Item } = await dynamo.send(
    new GetCommand({
      TableName: table(),
      Key: {
        pk: conversationPk(message.tenantId, message.conversationId),
        sk: SK.messageClaim(message.messageId),
      },
      ConsistentRead: true,
    }),
  );
  return Item?.sequence as number | undefined;
}

/** Pauses between reads of a claim whose first append is still running. */
const CLAIM_WAITS_MS = [20, 40, 80, 160, 320] as const;

/**
 * The sequence a concurrent first append records on the claim, once it
 * has. `undefined` when it never does: that append failed midway, and this
 * caller finishes its work.
 */
async function awaitClaimedSequence(
  message: NewMessage,
): Promise<number | undefined> {
  for (const ms of CLAIM_WAITS_MS) {
    await new Promise((resolve) => setTimeout(resolve, ms));
    const sequence = await claimedSequence(message);
    if (sequence !== undefined) return sequence;
  }
  return undefined;
}

/** An earlier attempt may have stored the message before it failed. */
async function findRecent(message: NewMessage): Promise<number | undefined> {
  const recent = await queryMessages(message, { newestFirst: true, limit: 50 });
  return recent.find((m) => m.messageId === message.messageId)?.sequence;
}

async function putAtNextSequence(
  message: NewMessage,
  now: Date,
): Promise<number> {
  const [last] = await queryMessages(message, { newestFirst: true, limit: 1 });
  let sequence = (last?.sequence ?? 0) + 1;
  for (let attempt = 0; attempt < MAX_SEQUENCE_ATTEMPTS; attempt++) {
    const item: Message = MessageSchema.parse({
      ...message,
      at: message.at ?? now.toISOString(),
      sequence,
    });
    try {
      await dynamo.send(
        new PutCommand({
          TableName: table(),
          Item: {
            pk: conversationPk(message.tenantId, message.conversationId),
            sk: SK.message(sequence),
            ...item,
            expiresAt: expiresAt(now),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return sequence;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      sequence += 1;
    }
  }
  throw new TransientError('Too many concurrent appends to one conversation');
}

async function recordClaimSequence(
  message: NewMessage,
  sequence: number,
): Promise<void> {
  await dynamo.send(
    new UpdateCommand({
      TableName: table(),
      Key: {
        pk: conversationPk(message.tenantId, message.conversationId),
        sk: SK.messageClaim(message.messageId),
      },
      UpdateExpression: 'SET #seq = :s',
      ExpressionAttributeNames: { '#seq': 'sequence' },
      ExpressionAttributeValues: { ':s': sequence },
    }),
  );
}

/** Keeps the head's `lastSequence` current, if the head exists yet. */
async function raiseLastSequence(
  ref: ConversationRef,
  sequence: number,
  now: Date,
): Promise<void> {
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: table(),
        Key: {
          pk: conversationPk(ref.tenantId, ref.conversationId),
          sk: SK.head,
        },
        UpdateExpression: 'SET lastSequence = :s, updatedAt = :now',
        ConditionExpression: 'attribute_exists(pk) AND lastSequence < :s',
        ExpressionAttributeValues: {
          ':s': sequence,
          ':now': now.toISOString(),
        },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

export interface QueryOptions {
  /** Only messages with a higher sequence. */
  readonly after?: number;
  readonly limit?: number;
  readonly newestFirst?: boolean;
}

/** Reads messages of a conversation in sequence order (or newest first). */
export async function queryMessages(
  ref: ConversationRef,
  options: QueryOptions = {},
): Promise<Message[]> {
  const { after = 0, limit = 100, newestFirst = false } = options;
  const { Items = [] } = await dynamo.send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': conversationPk(ref.tenantId, ref.conversationId),
        ':from': SK.message(after + 1),
        ':to': `${SK.messagePrefix}~`,
      },
      ScanIndexForward: !newestFirst,
      Limit: limit,
      ConsistentRead: true,
    }),
  );
  return Items.map((item) => MessageSchema.parse(item));
}

/**
 * One page of the conversation's messages after sequence `after`, oldest
 * first: at most `limit`, with `nextAfter` (the page's last sequence) when
 * more follow.
 */
export async function messagePage(
  ref: ConversationRef,
  after: number,
  limit: number,
): Promise<{ messages: Message[]; nextAfter?: number }> {
  const page = await queryMessages(ref, { after, limit: limit + 1 });
  const messages = page.slice(0, limit);
  const last = messages.at(-1);
  return page.length > messages.length && last
    ? { messages, nextAfter: last.sequence }
    : { messages };
}

/** Customer messages after `lastAnswered`: what the next turn must answer. */
export async function pendingCustomerMessages(
  ref: ConversationRef,
  lastAnswered: number,
  limit = 20,
): Promise<Message[]> {
  const messages = await queryMessages(ref, {
    after: lastAnswered,
    limit: 100,
  });
  return messages.filter((m) => m.sender === 'customer').slice(0, limit);
}
