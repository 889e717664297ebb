import {
  BedrockRuntimeClient,
  ConverseCommand,
} from '@aws-sdk/client-bedrock-runtime';
import { KMSClient } from '@aws-sdk/client-kms';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { handler } from '../../functions/handoff/handler';
import { HANDOFF_SK, handoffPk } from '../../functions/shared/keys';
import { withConversationVault } from '../../functions/shared/pii/conversation-vault';
import { clearDataKeyCache } from '../../functions/shared/pii/data-keys';
import { clearTenantCache } from '../../functions/shared/tenants';
import { fakeKms } from '../support/kms';
import { FakeTables } from './workflow-steps/fake-tables';
import {
  CONVERSATIONS,
  head,
  lambdaContext,
  message,
  ref,
  seedConversation,
  TENANT,
  textAnswer,
  turn,
} from './workflow-steps/fixtures';

const ddb = mockClient(DynamoDBDocumentClient);
const bedrock = mockClient(BedrockRuntimeClient);
const kms = mockClient(KMSClient);
let tables: FakeTables;

const CARD = '4111 1111 1111 1111';
const EMAIL = 'maya.lindqvist@example.com';

const open = () =>
  handler(
    {
      ...ref(),
      index: 1,
      action: 'open',
      reason: 'customer_request',
      taskToken: 'token-1',
    },
    lambdaContext(),
  );

const storedSummary = () =>
  tables.get(CONVERSATIONS, handoffPk(TENANT, 'conv-1-1-1'), HANDOFF_SK)
    ?.summary;

const seed = (turnOverrides: Parameters<typeof turn>[0] = {}) =>
  seedConversation(tables, {
    head: head({ lastSequence: 2 }),
    messages: [
      message(1, 'customer', `Card ${CARD} was charged twice`),
      message(2, 'customer', `Write to ${EMAIL}, I want a person`),
    ],
    turns: [turn({ sequences: [1, 2], route: 'handoff', ...turnOverrides })],
  });

beforeEach(() => {
  ddb.reset();
  bedrock.reset();
  kms.reset();
  clearTenantCache();
  clearDataKeyCache();
  tables = new FakeTables(ddb);
  fakeKms(kms);
});

describe('handoff summary with personal data', () => {
  it('asks the summary model with placeholders only', async () => {
    // Prepare
    seed();
    bedrock.on(ConverseCommand).resolves(textAnswer('Charged twice.'));

    // Act
    await open();

    // Assess
    const request = bedrock.commandCalls(ConverseCommand)[0]?.args[0].input;
    const sent = JSON.stringify(request);
    expect(sent).toContain('Customer: Card [CARD_1] was charged twice');
    expect(sent).toContain('Customer: Write to [EMAIL_1]');
    for (const value of [CARD, '4111111111111111', EMAIL]) {
      expect(sent).not.toContain(value);
    }
  });

  it('shows the agent the email and only the last four of the card', async () => {
    // Prepare
    seed();
    bedrock
      .on(ConverseCommand)
      .resolves(textAnswer('Card [CARD_1] charged twice; reply to [EMAIL_1].'));

    // Act
    await open();

    // Assess
    expect(storedSummary()).toBe(
      `Card ending 1111 charged twice; reply to ${EMAIL}.`,
    );
  });

  it('shows a transfer summary the model wrote the same way', async () => {
    // Prepare
    seed({
      route: 'answer',
      toolRounds: 1,
      toolCalls: [
        {
          id: 'tool-1',
          name: 'transfer_to_human_agents',
          input: { summary: 'Refund [CARD_1], confirm by [EMAIL_1].' },
          status: 'succeeded',
          result: '{"transferred":true}',
          round: 1,
        },
      ],
    });
    // The respond step redacted the messages before the model wrote it.
    await withConversationVault(ref(), (vault) =>
      vault.redactText(`${CARD} ${EMAIL}`),
    );

    // Act
    await open();

    // Assess
    expect(storedSummary()).toBe(
      `Refund card ending 1111, confirm by ${EMAIL}.`,
    );
  });
});
