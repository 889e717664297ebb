import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  type ClosedTranscript,
  ClosedTranscriptSchema,
  type TranscriptEntry,
} from '../../schemas/closed-transcript';
import type { CloseReason } from '../../schemas/conversation-closed';
import type { Message } from '../../schemas/message';
import { TABLES } from '../../schemas/tables';
import { dynamo } from '../shared/clients/dynamo';
import type { ConversationRef } from '../shared/conversations';
import { conditionalWrite } from '../shared/dynamo-errors';
import { requireEnv } from '../shared/env';
import { InvariantError } from '../shared/errors';
import { conversationPk, SK } from '../shared/keys';
import { queryMessages } from '../shared/messages';
import { logger } from '../shared/observability';
import {
  type ConversationVault,
  withConversationVault,
} from '../shared/pii/conversation-vault';
import type { PiiType } from '../shared/pii/types';
import { expiresAt } from '../shared/retention';

/** Bytes of JSON one transcript item may hold: below DynamoDB's 400 KB. */
const MAX_ITEM_BYTES = 350_000;
/** Messages one page of the transcript read holds. */
const PAGE = 100;

export interface TranscriptFacts {
  readonly segment: number;
  /** The customer's reference (`customerRef`), never the raw id. */
  readonly customerRef: string;
  readonly reason: CloseReason;
  readonly closedAt: string;
  /** The segment's last message: the closing notice, when there is one. */
  readonly toSequence: number;
}

/** An item key on the Conversations table. */
interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

/** Where a stored transcript is: its first item, and how many it takes. */
export interface TranscriptKey extends ItemKey {
  readonly parts: number;
}

const table = () => requireEnv(TABLES.conversations.envVar);

/**
 * Stores the closed segment's transcript for analytics, redacted with the
 * conversation's vault, once: a retried close finds it and stores nothing.
 * The segment's messages are those after the previous stored transcript's
 * last one, so segments continued without a close are included. A
 * transcript too long for one item is split between messages into parts;
 * part 1 is written last, so its presence means every part is there.
 */
export async function storeTranscript(
  ref: ConversationRef,
  facts: TranscriptFacts,
  now = new Date(),
): Promise<TranscriptKey> {
  const pk = conversationPk(ref.tenantId, ref.conversationId);
  const first = { pk, sk: SK.transcript(facts.segment) };
  const existing = await storedParts(first);
  if (existing !== undefined) return { ...first, parts: existing };

  const fromSequence = await firstSequence(pk, facts.segment);
  const messages = await readMessages(ref, fromSequence, facts.toSequence);
  const parts = await withConversationVault(ref, (vault) =>
    redactedTranscript(ref, facts, fromSequence, messages, vault),
  );
  const put = (transcript: ClosedTranscript, condition?: string) =>
    dynamo.send(
      new PutCommand({
        TableName: table(),
        Item: {
          pk,
          sk: SK.transcriptPart(facts.segment, transcript.part),
          ...transcript,
          expiresAt: expiresAt(now),
        },
        ...(condition ? { ConditionExpression: condition } : {}),
      }),
    );
  const [head, ...rest] = parts;
  if (!head) throw new InvariantError('A transcript has at least one part');
  // The same messages and vault give a retry the same parts to rewrite.
  for (const part of rest.reverse()) await put(part);
  const stored = await conditionalWrite(put(head, 'attribute_not_exists(pk)'));
  logger.info('Redacted transcript stored', {
    segment: facts.segment,
    transcript_messages: messages.length,
    transcript_parts: parts.length,
    redactions: sumRedactions(parts),
    duplicate: !stored,
  });
  return { ...first, parts: parts.length };
}

/**
 * Builds the transcript's items: its messages redacted, split between
 * messages into parts of at most `MAX_ITEM_BYTES` of JSON. Pure apart from
 * the vault.
 */
export function redactedTranscript(
  ref: ConversationRef,
  facts: TranscriptFacts,
  fromSequence: number,
  messages: readonly Message[],
  vault: ConversationVault,
): ClosedTranscript[] {
  const redacted = messages.map((message) => {
    const { text, entities } = vault.redact(message.text);
    const ids = message.citations?.map((c) => c.id) ?? [];
    const entry: TranscriptEntry = {
      sequence: message.sequence,
      sender: message.sender,
      direction: message.direction,
      at: message.at,
      text,
      ...(ids.length > 0 ? { citationIds: ids } : {}),
    };
    return { entry, types: entities.map((e) => e.type) };
  });

  const base = {
    tenantId: ref.tenantId,
    conversationId: ref.conversationId,
    segment: facts.segment,
    customerRef: facts.customerRef,
    reason: facts.reason,
    closedAt: facts.closedAt,
    fromSequence,
    toSequence: facts.toSequence,
  };
  // Room for the rest of an item: its key, fields, part numbers and the
  // redaction counts, which a part's messages bound.
  const overhead =
    Buffer.byteLength(JSON.stringify({ ...base, messages: [] })) + 1_000;
  const groups: (typeof redacted)[] = [[]];
  let bytes = overhead;
  for (const item of redacted) {
    const size = Buffer.byteLength(JSON.stringify(item.entry)) + 1;
    const current = groups.at(-1) ?? [];
    if (current.length > 0 && bytes + size > MAX_ITEM_BYTES) {
      groups.push([item]);
      bytes = overhead + size;
    } else {
      current.push(item);
      bytes += size;
    }
  }
  return groups.map((group, i) =>
    ClosedTranscriptSchema.parse({
      ...base,
      messages: group.map((item) => item.entry),
      redactions: countTypes(group.flatMap((item) => item.types)),
      part: i + 1,
      parts: groups.length,
    }),
  );
}

function countTypes(
  types: readonly PiiType[],
): Partial<Record<PiiType, number>> {
  const counts: Partial<Record<PiiType, number>> = {};
  for (const type of types) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

function sumRedactions(
  parts: readonly ClosedTranscript[],
): Partial<Record<PiiType, number>> {
  const counts: Partial<Record<PiiType, number>> = {};
  for (const part of parts) {
    for (const [type, n] of Object.entries(part.redactions)) {
      const key = type as PiiType;
      counts[key] = (counts[key] ?? 0) + (n ?? 0);
    }
  }
  return counts;
}

/** How many parts the stored transcript has, or undefined if none is. */
async function storedParts(key: ItemKey): Promise<number | undefined> {
  const { Item } = await dynamo.send(
    new GetCommand({
      TableName: table(),
      Key: key,
      ConsistentRead: true,
      ProjectionExpression: 'parts',
    }),
  );
  if (Item === undefined) return undefined;
  return typeof Item.parts === 'number' ? Item.parts : 1;
}

/** The sequence after the last one an earlier segment's transcript holds. */
async function firstSequence(pk: string, segment: number): Promise<number> {
  if (segment <= 1) return 1;
  const { Items = [] } = await dynamo.send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': pk,
        ':from': SK.transcriptPrefix,
        ':to': SK.transcript(segment - 1),
      },
      ScanIndexForward: false,
      Limit: 1,
      ProjectionExpression: 'toSequence',
      ConsistentRead: true,
    }),
  );
  const previous = Items[0]?.toSequence;
  return typeof previous === 'number' ? previous + 1 : 1;
}

async function readMessages(
  ref: ConversationRef,
  from: number,
  to: number,
): Promise<Message[]> {
  const messages: Message[] = [];
  let after = from - 1;
  while (after < to) {
    const page = await queryMessages(ref, { after, limit: PAGE });
    const kept = page.filter((m) => m.sequence <= to);
    messages.push(...kept);
    if (page.length < PAGE || kept.length < page.length) break;
    after = page.at(-1)?.sequence ?? to;
  }
  return messages;
}
