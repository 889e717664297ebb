import {
  BedrockRuntimeClient,
  ConverseCommand,
  type ConverseCommandInput,
} from '@aws-sdk/client-bedrock-runtime';
import { KMSClient } from '@aws-sdk/client-kms';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { PLACEHOLDER_RULE } from '../../functions/respond/prompt';
import { respond } from '../../functions/respond/respond';
import { SK } from '../../functions/shared/keys';
import { openVault } from '../../functions/shared/pii/conversation-vault';
import { clearDataKeyCache } from '../../functions/shared/pii/data-keys';
import { clearTenantCache } from '../../functions/shared/tenants';
import type { ToolCall } from '../../schemas/turn';
import { fakeKms } from '../support/kms';
import { FakeTables } from './workflow-steps/fake-tables';
import {
  CONVERSATIONS,
  message,
  PK,
  ref,
  seedConversation,
  tenantConfig,
  textAnswer,
  turn,
} from './workflow-steps/fixtures';

const ddb = mockClient(DynamoDBDocumentClient);
const bedrock = mockClient(BedrockRuntimeClient);
const kms = mockClient(KMSClient);
let tables: FakeTables;
const KEY_ID = process.env.PII_KEY_ID;

/** What a customer may write, and every form of it that must not leak. */
const CARD = '4111 1111 1111 1111';
const CARD_DASHED = '4111-1111-1111-1111';
const EMAIL = 'maya.lindqvist@example.com';
const LEAKS = [CARD, CARD_DASHED, '4111111111111111', EMAIL, '986 Sunset'];

const INPUT = { ...ref(), index: 1 };

const sentRequest = (): ConverseCommandInput => {
  const request = bedrock.commandCalls(ConverseCommand)[0]?.args[0].input;
  if (!request) throw new Error('No Converse call');
  return request;
};

function expectNoLeak(request: ConverseCommandInput): void {
  const sent = JSON.stringify(request);
  for (const value of LEAKS) expect(sent).not.toContain(value);
}

const lookup = (overrides: Partial<ToolCall> = {}): ToolCall => ({
  id: 'tool-1',
  name: 'find_user_id_by_email',
  input: { email: '[EMAIL_1]' },
  status: 'succeeded',
  result: JSON.stringify({ user_id: 'maya_lindqvist_2417', email: EMAIL }),
  round: 1,
  ...overrides,
});

beforeEach(() => {
  ddb.reset();
  bedrock.reset();
  kms.reset();
  clearTenantCache();
  clearDataKeyCache();
  tables = new FakeTables(ddb);
  fakeKms(kms);
  bedrock.on(ConverseCommand).resolves(textAnswer('Thanks, [EMAIL_1].'));
});

afterEach(() => {
  process.env.PII_KEY_ID = KEY_ID;
});

describe('respond with personal data in the conversation', () => {
  it('sends the model placeholders for cards, emails and addresses', async () => {
    // Prepare
    seedConversation(tables, {
      messages: [
        message(1, 'customer', `My card ${CARD} was charged twice`),
        message(2, 'assistant', `Which order? I see ${EMAIL} on file.`),
        message(3, 'agent', `Card ${CARD_DASHED} is the one`),
        message(4, 'note', `Ship to 986 Sunset Drive, mail ${EMAIL}`),
        message(5, 'customer', `My email is ${EMAIL}`),
      ],
      turns: [turn({ sequences: [5] })],
      config: tenantConfig(),
    });

    // Act
    await respond(INPUT);

    // Assess
    const request = sentRequest();
    expectNoLeak(request);
    expect(request.messages?.map((m) => m.content?.[0]?.text)).toEqual([
      'My card [CARD_1] was charged twice',
      'Which order? I see [EMAIL_1] on file.\n\n' +
        '(human agent) Card [CARD_1] is the one',
      'My email is [EMAIL_1]',
    ]);
    const system = request.system?.[0]?.text ?? '';
    expect(system).toContain('- Ship to [ADDRESS_1], mail [EMAIL_1]');
    expect(system).toContain(`- ${PLACEHOLDER_RULE}`);
  });

  it('redacts tool inputs and results the model reads back', async () => {
    // Prepare
    seedConversation(tables, {
      messages: [message(1, 'customer', `I am ${EMAIL}`)],
      turns: [
        turn({
          toolCalls: [lookup({ input: { email: EMAIL } })],
          toolRounds: 1,
        }),
      ],
      config: tenantConfig({
        tools: { enabled: ['find_user_id_by_email'] },
      }),
    });

    // Act
    await respond(INPUT);

    // Assess
    const request = sentRequest();
    expectNoLeak(request);
    const [, use, result] = request.messages ?? [];
    expect(use?.content?.[0]?.toolUse?.input).toEqual({ email: '[EMAIL_1]' });
    expect(result?.content?.[0]?.toolResult?.content?.[0]).toEqual({
      json: { user_id: 'maya_lindqvist_2417', email: '[EMAIL_1]' },
    });
  });

  it('keeps the values in the conversation vault for later steps', async () => {
    // Prepare
    seedConversation(tables, {
      messages: [message(1, 'customer', `Card ${CARD}, mail ${EMAIL}`)],
      turns: [turn()],
      config: tenantConfig(),
    });

    // Act
    await respond(INPUT);

    // Assess
    const stored = tables.get(CONVERSATIONS, PK, SK.piiVault);
    expect(stored).toMatchObject({ version: 1, entries: 2 });
    expect(JSON.stringify(stored)).not.toContain(EMAIL);
    const vault = await openVault(ref());
    expect(vault.forCustomer('[CARD_1] / [EMAIL_1]')).toBe(
      `card ending 1111 / ${EMAIL}`,
    );
  });

  it('gives one value the same placeholder on the next turn', async () => {
    // Prepare
    seedConversation(tables, {
      messages: [
        message(1, 'customer', `Mail ${EMAIL}`),
        message(2, 'assistant', 'Noted.'),
        message(3, 'customer', `Card ${CARD} and again ${EMAIL}`),
      ],
      turns: [turn({ sequences: [1] }), turn({ index: 2, sequences: [3] })],
      config: tenantConfig(),
    });
    await respond(INPUT);
    bedrock.resetHistory();

    // Act
    await respond({ ...INPUT, index: 2 });

    // Assess
    expect(sentRequest().messages?.at(-1)?.content?.[0]?.text).toBe(
      'Card [CARD_1] and again [EMAIL_1]',
    );
  });

  it('sends nothing to the model when the vault has no key', async () => {
    // Prepare
    seedConversation(tables, {
      messages: [message(1, 'customer', `Card ${CARD}`)],
      turns: [turn()],
      config: tenantConfig(),
    });
    delete process.env.PII_KEY_ID;

    // Act
    const result = respond(INPUT);

    // Assess
    await expect(result).rejects.toThrow('PII_KEY_ID is not set');
    expect(bedrock.commandCalls(ConverseCommand)).toHaveLength(0);
  });
});
