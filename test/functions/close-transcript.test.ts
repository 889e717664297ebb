import { KMSClient } from '@aws-sdk/client-kms';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { storeTranscript } from '../../functions/close/transcript';
import { SK } from '../../functions/shared/keys';
import { withConversationVault } from '../../functions/shared/pii/conversation-vault';
import { clearDataKeyCache } from '../../functions/shared/pii/data-keys';
import { ClosedTranscriptSchema } from '../../schemas/closed-transcript';
import type { Message } from '../../schemas/message';
import { fakeKms } from '../support/kms';
import { FakeTables } from './workflow-steps/fake-tables';
import {
  AT,
  CONVERSATIONS,
  message,
  PK,
  ref,
  seedConversation,
} from './workflow-steps/fixtures';

const ddb = mockClient(DynamoDBDocumentClient);
const kms = mockClient(KMSClient);
let tables: FakeTables;

const CARD = '4111 1111 1111 1111';
const EMAIL = 'maya.lindqvist@example.com';
const CLOSED_AT = '2026-12-03T11:00:00.000Z';
const CUSTOMER_REF = `cref_${'A'.repeat(43)}`;

const facts = (toSequence: number, segment = 1) => ({
  segment,
  customerRef: CUSTOMER_REF,
  reason: 'idle' as const,
  closedAt: CLOSED_AT,
  toSequence,
});

const stored = (segment = 1) =>
  ClosedTranscriptSchema.parse(
    tables.get(CONVERSATIONS, PK, SK.transcript(segment)),
  );

const seed = (messages: Message[]) => seedConversation(tables, { messages });

beforeEach(() => {
  ddb.reset();
  kms.reset();
  clearDataKeyCache();
  tables = new FakeTables(ddb);
  fakeKms(kms);
});

describe('storeTranscript', () => {
  it('stores the segment redacted, with roles, times and citation ids', async () => {
    // Prepare
    seed([
      message(1, 'customer', `Card ${CARD}, email ${EMAIL}`),
      message(2, 'assistant', `Sent to ${EMAIL}.`, {
        citations: [{ id: 'billing#2', title: 'Billing' }],
      }),
      message(3, 'note', 'Card 4111-1111-1111-1111 is blocked'),
      message(4, 'system', 'This chat was closed.'),
    ]);

    // Act
    const key = await storeTranscript(ref(), facts(4));

    // Assess
    expect(key).toEqual({ pk: PK, sk: 'TRANSCRIPT#000001', parts: 1 });
    expect(stored()).toEqual({
      tenantId: 'acme',
      conversationId: 'conv-1',
      segment: 1,
      customerRef: CUSTOMER_REF,
      reason: 'idle',
      closedAt: CLOSED_AT,
      fromSequence: 1,
      toSequence: 4,
      messages: [
        {
          sequence: 1,
          sender: 'customer',
          direction: 'inbound',
          at: AT,
          text: 'Card [CARD_1], email [EMAIL_1]',
        },
        {
          sequence: 2,
          sender: 'assistant',
          direction: 'outbound',
          at: AT,
          text: 'Sent to [EMAIL_1].',
          citationIds: ['billing#2'],
        },
        {
          sequence: 3,
          sender: 'note',
          direction: 'outbound',
          at: AT,
          text: 'Card [CARD_1] is blocked',
        },
        {
          sequence: 4,
          sender: 'system',
          direction: 'outbound',
          at: AT,
          text: 'This chat was closed.',
        },
      ],
      redactions: { CARD: 2, EMAIL: 2 },
      part: 1,
      parts: 1,
    });
    const raw = JSON.stringify(tables.get(CONVERSATIONS, PK, key.sk));
    for (const value of [CARD, '4111-1111', '4111111111111111', EMAIL]) {
      expect(raw).not.toContain(value);
    }
  });

  it('uses the placeholders the model saw during the conversation', async () => {
    // Prepare
    seed([message(1, 'customer', `Mail ${EMAIL}, card ${CARD}`)]);
    await withConversationVault(ref(), (vault) =>
      vault.redactText(`card ${CARD} first`),
    );

    // Act
    await storeTranscript(ref(), facts(1));

    // Assess
    expect(stored().messages[0]?.text).toBe('Mail [EMAIL_1], card [CARD_1]');
  });

  it('stores once, however often the close is retried', async () => {
    // Prepare
    seed([message(1, 'customer', `Card ${CARD}`)]);
    await storeTranscript(ref(), facts(1));
    tables.put(CONVERSATIONS, {
      pk: PK,
      sk: SK.message(2),
      ...message(2, 'customer', 'Written after the close'),
    });

    // Act
    const key = await storeTranscript(ref(), facts(2));

    // Assess
    expect(key.sk).toBe('TRANSCRIPT#000001');
    expect(stored().toSequence).toBe(1);
    const puts = ddb
      .commandCalls(PutCommand)
      .filter((c) => String(c.args[0].input.Item?.sk).startsWith('TRANS'));
    expect(puts).toHaveLength(1);
  });

  it('starts a later segment after the last stored transcript', async () => {
    // Prepare
    seed([
      message(1, 'customer', 'First visit'),
      message(2, 'system', 'Closed.'),
      message(3, 'customer', `Back with ${CARD}`),
      message(4, 'system', 'Closed again.'),
    ]);
    await storeTranscript(ref(), facts(2, 1));

    // Act
    await storeTranscript(ref(), facts(4, 3));

    // Assess
    expect(stored(3)).toMatchObject({ fromSequence: 3, toSequence: 4 });
    expect(stored(3).messages.map((m) => m.text)).toEqual([
      'Back with [CARD_1]',
      'Closed again.',
    ]);
  });

  it('reads segments of more than one page of messages', async () => {
    // Prepare
    const count = 230;
    seed(
      Array.from({ length: count }, (_, i) =>
        message(i + 1, i % 2 ? 'assistant' : 'customer', `m${i + 1}`),
      ),
    );

    // Act
    await storeTranscript(ref(), facts(count));

    // Assess
    expect(stored().messages.map((m) => m.sequence)).toEqual(
      Array.from({ length: count }, (_, i) => i + 1),
    );
  });

  it('splits a long segment into parts that each fit one item, whole', async () => {
    // Prepare
    const long = `Card ${CARD}. ${'lorem ipsum '.repeat(1300)}`;
    seed(
      Array.from({ length: 30 }, (_, i) => message(i + 1, 'customer', long)),
    );

    // Act
    const key = await storeTranscript(ref(), facts(30));

    // Assess
    const parts = Array.from({ length: key.parts }, (_, i) =>
      tables.get(CONVERSATIONS, PK, SK.transcriptPart(1, i + 1)),
    );
    expect(key.parts).toBeGreaterThan(1);
    expect(SK.transcriptPart(1, 2)).toBe('TRANSCRIPT#000001#002');
    for (const [i, item] of parts.entries()) {
      expect(Buffer.byteLength(JSON.stringify(item))).toBeLessThan(400_000);
      expect(ClosedTranscriptSchema.parse(item)).toMatchObject({
        part: i + 1,
        parts: key.parts,
        fromSequence: 1,
        toSequence: 30,
      });
    }
    const entries = parts.flatMap(
      (item) => ClosedTranscriptSchema.parse(item).messages,
    );
    expect(entries.map((m) => m.sequence)).toEqual(
      Array.from({ length: 30 }, (_, i) => i + 1),
    );
    expect(entries.every((m) => m.text.trimEnd().endsWith('lorem ipsum'))).toBe(
      true,
    );
    expect(entries[0]?.text).toMatch(/^Card \[CARD_1\]\. lorem/);
    expect(JSON.stringify(parts)).not.toContain(CARD);
  });

  it('finds a split transcript stored already and stores it once', async () => {
    // Prepare
    const long = 'lorem ipsum '.repeat(1300);
    seed(
      Array.from({ length: 30 }, (_, i) => message(i + 1, 'customer', long)),
    );
    const first = await storeTranscript(ref(), facts(30));
    ddb.resetHistory();

    // Act
    const again = await storeTranscript(ref(), facts(30));

    // Assess
    expect(first.parts).toBeGreaterThan(1);
    expect(again).toEqual(first);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });
});
