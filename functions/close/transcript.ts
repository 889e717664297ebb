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

/** Where a stored transcript is: its item key on the Conversations table. */
export interface TranscriptKey {
  readonly pk: string;
  readonly sk: string;
}

const table = () => requireEnv(TABLES.conversations.envVar);

/**
 * Stores the closed segment's transcript for analytics, redacted with the
 * conversation's vault, once: a retried close finds it and stores nothing.
 * The segment's messages are those after the previous stored transcript's
 * last one, so segments continued without a close are included.
 */
export async function storeTranscript(
  ref: ConversationRef,
  facts: TranscriptFacts,
  now = new Date(),
): Promise<TranscriptKey> {
  const key = {
    pk: conversationPk(ref.tenantId, ref.conversationId),
    sk: SK.transcript(facts.segment),
  };
  if (await exists(key)) return key;

  const fromSequence = await firstSequence(key.pk, facts.segment);
  const messages = await readMessages(ref, fromSequence, facts.toSequence);
  const transcript = await withConversationVault(ref, (vault) =>
    redactedTranscript(ref, facts, fromSequence, messages, vault),
  );
  const stored = await conditionalWrite(
    dynamo.send(
      new PutCommand({
        TableName: table(),
        Item: { ...key, ...transcript, expiresAt: expiresAt(now) },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ),
  );
  logger.info('Redacted transcript stored', {
    segment: facts.segment,
    transcript_messages: transcript.messages.length,
    redactions: transcript.redactions,
    truncated: transcript.truncated ?? false,
    duplicate: !stored,
  });
  return key;
}

/** Builds the transcript item's body; pure apart from the vault. */
export function redactedTranscript(
  ref: ConversationRef,
  facts: TranscriptFacts,
  fromSequence: number,
  messages: readonly Message[],
  vault: ConversationVault,
): ClosedTranscript {
  const redactions: Partial<Record<PiiType, number>> = {};
  const entries = messages.map((message): TranscriptEntry => {
    const { text, entities } = vault.redact(message.text);
    for (const { type } of entities) {
      redactions[type] = (redactions[type] ?? 0) + 1;
    }
    const ids = message.citations?.map((c) => c.id) ?? [];
    return {
      sequence: message.sequence,
      sender: message.sender,
      direction: message.direction,
      at: message.at,
      text,
      ...(ids.length > 0 ? { citationIds: ids } : {}),
    };
  });
  return ClosedTranscriptSchema.parse(
    fitted({
      tenantId: ref.tenantId,
      conversationId: ref.conversationId,
      segment: facts.segment,
      customerRef: facts.customerRef,
      reason: facts.reason,
      closedAt: facts.closedAt,
      fromSequence,
      toSequence: facts.toSequence,
      messages: entries,
      redactions,
    }),
  );
}

/**
 * The transcript cut to fit one item: texts are shortened to one common
 * length, the longest that fits. Texts are cut after redaction, so a
 * cut never leaves part of a value the detectors would no longer find.
 *
 * TODO(close): a segment of more than about 350 KB of text loses the ends
 * of its longest messages. Writing the transcript in numbered parts
 * (`TRANSCRIPT#<segment>#<part>`) named in the closed event would keep it
 * whole.
 */
function fitted(transcript: ClosedTranscript): ClosedTranscript {
  const fits = (t: ClosedTranscript) =>
    Buffer.byteLength(JSON.stringify(t)) <= MAX_ITEM_BYTES;
  if (fits(transcript)) return transcript;

  let cap = Math.max(...transcript.messages.map((m) => m.text.length));
  let cut = transcript;
  while (cap > 0 && !fits(cut)) {
    cap = Math.floor(cap * 0.8);
    cut = {
      ...transcript,
      messages: transcript.messages.map((m) => ({
        ...m,
        text: m.text.slice(0, cap),
      })),
      truncated: true,
    };
  }
  return cut;
}

async function exists(key: TranscriptKey): Promise<boolean> {
  const { Item } = await dynamo.send(
    new GetCommand({
      TableName: table(),
      Key: key,
      ConsistentRead: true,
      ProjectionExpression: 'pk',
    }),
  );
  return Item !== undefined;
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
