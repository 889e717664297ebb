import {
  BedrockRuntimeClient,
  type ContentBlock,
  ConverseCommand,
} from '@aws-sdk/client-bedrock-runtime';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { handler } from '../../functions/handoff/handler';
import { respond } from '../../functions/respond/respond';
import { HANDOFF_SK, handoffPk } from '../../functions/shared/keys';
import { clearTenantCache } from '../../functions/shared/tenants';
import type { ToolCall } from '../../schemas/turn';
import { FakeTables } from './workflow-steps/fake-tables';
import {
  CONVERSATIONS,
  lambdaContext,
  message,
  ref,
  seedConversation,
  TENANT,
  tenantConfig,
  textAnswer,
  turn,
  turnItem,
} from './workflow-steps/fixtures';

const ddb = mockClient(DynamoDBDocumentClient);
const bedrock = mockClient(BedrockRuntimeClient);
let tables: FakeTables;

const INPUT = { ...ref(), index: 1 };
const SUMMARY = 'Customer wants a refund to a closed card; needs an agent.';

const use = (
  toolUseId: string,
  name: string,
  input: Record<string, string>,
): ContentBlock => ({ toolUse: { toolUseId, name, input } });

/** The model answers with the given toolUse blocks. */
function modelCalls(...content: ContentBlock[]) {
  bedrock.on(ConverseCommand).resolves({
    ...textAnswer(''),
    stopReason: 'tool_use',
    output: { message: { role: 'assistant', content } },
  });
}

function seed(toolCalls: ToolCall[] = [], toolRounds = 0) {
  seedConversation(tables, {
    messages: [message(1, 'customer', 'My card was closed, refund me')],
    turns: [turn({ sequences: [1], toolCalls, toolRounds })],
    config: tenantConfig({
      tools: {
        enabled: ['get_order_details', 'transfer_to_human_agents'],
      },
    }),
  });
}

const transferCall = (input: object = { summary: SUMMARY }): ToolCall => ({
  id: 'tu-1',
  name: 'transfer_to_human_agents',
  input: { ...input },
  status: 'succeeded',
  result: JSON.stringify(input),
  round: 1,
});

beforeEach(() => {
  ddb.reset();
  bedrock.reset();
  clearTenantCache();
  tables = new FakeTables(ddb);
});

describe('respond with transfer_to_human_agents', () => {
  it('hands off with the model’s summary instead of calling a tool', async () => {
    // Prepare
    seed();
    modelCalls(use('tu-1', 'transfer_to_human_agents', { summary: SUMMARY }));

    // Act
    const output = await respond(INPUT);

    // Assess
    expect(output).toEqual({ action: 'handoff', reason: 'assistant_offer' });
    const stored = turnItem(tables);
    expect(stored.toolRounds).toBe(1);
    expect(stored.toolCalls).toEqual([transferCall()]);
    expect(stored.reply).toBeUndefined();
  });

  it('runs no other call of the round once it hands off', async () => {
    // Prepare
    seed();
    modelCalls(
      use('tu-1', 'get_order_details', { order_id: '#W1234567' }),
      use('tu-2', 'transfer_to_human_agents', { summary: SUMMARY }),
    );

    // Act
    const output = await respond(INPUT);

    // Assess
    expect(output).toEqual({ action: 'handoff', reason: 'assistant_offer' });
    const statuses = turnItem(tables).toolCalls.map((c: ToolCall) => c.status);
    expect(statuses).toEqual(['rejected', 'succeeded']);
  });

  it('hands off even when the summary is invalid', async () => {
    // Prepare
    seed();
    modelCalls(use('tu-1', 'transfer_to_human_agents', { summary: '' }));

    // Act
    const output = await respond(INPUT);

    // Assess
    expect(output).toEqual({ action: 'handoff', reason: 'assistant_offer' });
    expect(turnItem(tables).toolCalls[0].status).toBe('rejected');
  });

  it('hands off again without the model when retried', async () => {
    // Prepare
    seed([transferCall()], 1);

    // Act
    const output = await respond(INPUT);

    // Assess
    expect(output).toEqual({ action: 'handoff', reason: 'assistant_offer' });
    expect(bedrock.commandCalls(ConverseCommand)).toHaveLength(0);
  });
});

describe('handoff open after a transfer', () => {
  const open = () =>
    handler(
      {
        ...INPUT,
        action: 'open',
        reason: 'assistant_offer',
        taskToken: 'token-1',
      },
      lambdaContext(),
    );
  const handoffItem = () =>
    tables.get(CONVERSATIONS, handoffPk(TENANT, 'conv-1-1-1'), HANDOFF_SK);

  it('gives the agent the model’s summary without asking for another', async () => {
    // Prepare
    seed([transferCall()], 1);

    // Act
    await open();

    // Assess
    expect(handoffItem()).toMatchObject({
      status: 'open',
      reason: 'assistant_offer',
      summary: SUMMARY,
    });
    expect(bedrock.commandCalls(ConverseCommand)).toHaveLength(0);
  });

  it('writes a summary when the transfer carried none', async () => {
    // Prepare
    seed([{ ...transferCall({ summary: '' }), status: 'rejected' }], 1);
    bedrock.on(ConverseCommand).resolves(textAnswer('Refund to closed card.'));

    // Act
    await open();

    // Assess
    expect(handoffItem()).toMatchObject({ summary: 'Refund to closed card.' });
    expect(bedrock.commandCalls(ConverseCommand)).toHaveLength(1);
  });
});
