import { KMSClient } from '@aws-sdk/client-kms';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { deliver } from '../../functions/deliver/deliver';
import { withConversationVault } from '../../functions/shared/pii/conversation-vault';
import { clearDataKeyCache } from '../../functions/shared/pii/data-keys';
import { fakeKms } from '../support/kms';
import { FakeTables } from './workflow-steps/fake-tables';
import {
  head,
  message,
  messageItems,
  ref,
  seedConversation,
  turn,
} from './workflow-steps/fixtures';

const ddb = mockClient(DynamoDBDocumentClient);
const kms = mockClient(KMSClient);
mockClient(SFNClient);
let tables: FakeTables;

/** What the customer wrote earlier; the vault holds each value once. */
const WROTE =
  'Card 4111 1111 1111 1111, mail maya@example.com, call +46 70 123 45 67, ' +
  'ship to 986 Sunset Drive, IBAN GB82 WEST 1234 5698 7654 32, ' +
  'SSN 123-45-6789, NINO AB123456C';

async function deliverReply(text: string): Promise<string | undefined> {
  seedConversation(tables, {
    head: head({ lastSequence: 1 }),
    messages: [message(1, 'customer', WROTE)],
    turns: [turn({ reply: { text, citations: [], offlineModel: false } })],
  });
  await withConversationVault(ref(), (vault) => vault.redactText(WROTE));
  await deliver({ ...ref(), index: 1, kind: 'reply' });
  return messageItems(tables).at(-1)?.text;
}

beforeEach(() => {
  ddb.reset();
  kms.reset();
  clearDataKeyCache();
  tables = new FakeTables(ddb);
  fakeKms(kms);
});

describe('deliver with placeholders in the reply', () => {
  it.each([
    ['[EMAIL_1]', 'maya@example.com'],
    ['[PHONE_1]', '+46 70 123 45 67'],
    ['[ADDRESS_1]', '986 Sunset Drive'],
    ['[CARD_1]', 'card ending 1111'],
    ['your card [CARD_1]', 'your card ending 1111'],
    ['[IBAN_1]', 'IBAN ending 5432'],
    ['[SSN_1]', 'SSN ending 6789'],
    ['[NINO_1]', 'National Insurance number ending 456C'],
    ['[CARD_2] and [EMAIL_7]', '[CARD_2] and [EMAIL_7]'],
  ])('shows the customer %j as %j', async (placeholder, shown) => {
    // Act
    const text = await deliverReply(`Noted: ${placeholder}.`);

    // Assess
    expect(text).toBe(`Noted: ${shown}.`);
  });

  it('delivers a reply without placeholders without reading the vault', async () => {
    // Prepare
    seedConversation(tables, {
      messages: [message(1, 'customer', 'Hi')],
      turns: [
        turn({ reply: { text: 'Hello!', citations: [], offlineModel: true } }),
      ],
    });

    // Act
    await deliver({ ...ref(), index: 1, kind: 'reply' });

    // Assess
    expect(messageItems(tables).at(-1)?.text).toBe('Hello!');
    expect(kms.calls()).toHaveLength(0);
  });
});
