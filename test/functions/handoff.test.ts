import {
  BedrockRuntimeClient,
  ConverseCommand,
  ThrottlingException,
} from '@aws-sdk/client-bedrock-runtime';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { UNANSWERED_NOTICE } from '../../functions/handoff/expire';
import { handler } from '../../functions/handoff/handler';
import { handoffNotice } from '../../functions/handoff/open';
import { HANDOFF_SK, handoffPk } from '../../functions/shared/keys';
import { SUMMARY_TASK } from '../../functions/shared/prompt-format';
import { clearTenantCache } from '../../functions/shared/tenants';
import type { Handoff } from '../../schemas/handoff';
import { FakeTables } from './workflow-steps/fake-tables';
import {
  AT,
  CONVERSATIONS,
  head,
  headItem,
  lambdaContext,
  message,
  messageItems,
  ref,
  seedConversation,
  TENANT,
  textAnswer,
  turn,
  turnItem,
} from './workflow-steps/fixtures';

const ddb = mockClient(DynamoDBDocumentClient);
const bedrock = mockClient(BedrockRuntimeClient);
let tables: FakeTables;

const ID = 'conv-1-1-1';
type Reason = Handoff['reason'];

const open = (
  reason: Reason = 'customer_request',
  taskToken = 'token-1',
  index = 1,
) =>
  handler(
    { ...ref(), index, action: 'open', reason, taskToken },
    lambdaContext(),
  );
const expire = (reason: Reason = 'customer_request') =>
  handler({ ...ref(), index: 1, action: 'expire', reason }, lambdaContext());

const handoffItem = (id = ID) =>
  tables.get(CONVERSATIONS, handoffPk(TENANT, id), HANDOFF_SK);

const seedHandoff = (overrides: Partial<Handoff> = {}) => {
  const handoff: Handoff = {
    tenantId: TENANT,
    handoffId: ID,
    conversationId: 'conv-1',
    segment: 1,
    status: 'open',
    reason: 'customer_request',
    summary: 'Earlier summary',
    createdAt: AT,
    updatedAt: AT,
    ...overrides,
  };
  tables.put(CONVERSATIONS, {
    pk: handoffPk(TENANT, handoff.handoffId),
    sk: HANDOFF_SK,
    ...handoff,
    ...(handoff.status === 'open' ? { taskToken: 'old-token' } : {}),
  });
};

const systemMessages = () =>
  messageItems(tables).filter((m) => m.sender === 'system');

beforeEach(() => {
  ddb.reset();
  bedrock.reset();
  clearTenantCache();
  tables = new FakeTables(ddb);
  seedConversation(tables, {
    head: head({ lastSequence: 3, lastAnswered: 0 }),
    messages: [
      message(1, 'customer', 'My parcel is lost'),
      message(2, 'assistant', 'Sorry to hear that.'),
      message(3, 'customer', 'I want a real person'),
    ],
    turns: [
      turn({ sequences: [3], route: 'handoff', intent: 'handoff_request' }),
    ],
  });
});

describe('handoff open', () => {
  it('opens a handoff with the model’s summary and tells the customer', async () => {
    // Prepare
    bedrock.on(ConverseCommand).resolves(textAnswer('Customer lost a parcel.'));

    // Act
    const output = await open();

    // Assess
    expect(output).toEqual({ handoffId: ID });
    expect(handoffItem()).toMatchObject({
      status: 'open',
      reason: 'customer_request',
      summary: 'Customer lost a parcel.',
      taskToken: 'token-1',
    });
    expect(headItem(tables)).toMatchObject({
      status: 'handoff',
      handedOff: true,
      lastAnswered: 3,
    });
    expect(systemMessages()).toEqual([
      expect.objectContaining({
        messageId: `handoff-${ID}`,
        text: handoffNotice('customer_request'),
      }),
    ]);
    expect(turnItem(tables).usage).toEqual({
      inputTokens: 100,
      outputTokens: 20,
      calls: 1,
    });
  });

  it('asks for the summary with the summary task and a labelled transcript', async () => {
    // Prepare
    bedrock.on(ConverseCommand).resolves(textAnswer('Summary.'));

    // Act
    await open();

    // Assess
    const request = bedrock.commandCalls(ConverseCommand)[0]?.args[0].input;
    expect(request?.system?.[0]?.text?.split('\n')[0]).toBe(SUMMARY_TASK);
    expect(request?.messages).toHaveLength(1);
    expect(request?.messages?.[0]?.content?.[0]?.text).toContain(
      'Customer: My parcel is lost\nAssistant: Sorry to hear that.\nCustomer: I want a real person',
    );
  });

  it.each([
    [
      'a throttled model',
      () =>
        bedrock
          .on(ConverseCommand)
          .rejects(new ThrottlingException({ message: 'slow', $metadata: {} })),
    ],
    [
      'an empty answer',
      () => bedrock.on(ConverseCommand).resolves(textAnswer('')),
    ],
  ])('falls back to a plain summary after %s', async (_case, arrange) => {
    // Prepare
    arrange();

    // Act
    const output = await open();

    // Assess
    expect(output).toEqual({ handoffId: ID });
    const { summary } = handoffItem() as Handoff;
    expect(summary).toContain('The customer asked for a person.');
    expect(summary).toContain('intent handoff_request');
    expect(summary).toContain('3 message(s)');
  });

  it.each([
    ['customer_request', /connecting you with a member of our team/],
    ['assistant_offer', /connecting you with a member of our team/],
    ['model_failure', /something went wrong on our side/],
    ['step_failure', /something went wrong on our side/],
  ] as const)('words the notice for %s', async (reason, wording) => {
    // Prepare
    bedrock.on(ConverseCommand).resolves(textAnswer('Summary.'));

    // Act
    await open(reason);

    // Assess
    expect(systemMessages()[0]?.text).toMatch(wording);
  });

  it('takes over its own open handoff when retried', async () => {
    // Prepare
    bedrock.on(ConverseCommand).resolves(textAnswer('Summary.'));
    await open('customer_request', 'token-1');

    // Act
    const output = await open('customer_request', 'token-2');

    // Assess
    expect(output).toEqual({ handoffId: ID });
    expect(handoffItem()).toMatchObject({
      taskToken: 'token-2',
      summary: 'Summary.',
    });
    expect(bedrock.commandCalls(ConverseCommand)).toHaveLength(1);
    expect(systemMessages()).toHaveLength(1);
    expect(headItem(tables).turns).toBe(1);
  });

  it('opens under the next suffix when the turn’s handoff was decided', async () => {
    // Prepare
    seedHandoff({ status: 'handed_back' });
    bedrock.on(ConverseCommand).resolves(textAnswer('Summary.'));

    // Act
    const output = await open('step_failure');

    // Assess
    expect(output).toEqual({ handoffId: `${ID}-2` });
    expect(handoffItem()).toMatchObject({ status: 'handed_back' });
    expect(handoffItem(`${ID}-2`)).toMatchObject({
      status: 'open',
      reason: 'step_failure',
    });
  });

  it('opens without a turn when none ran yet', async () => {
    // Prepare
    bedrock.on(ConverseCommand).resolves(textAnswer('Summary.'));

    // Act
    const output = await open('step_failure', 'token-1', 0);

    // Assess
    expect(output).toEqual({ handoffId: 'conv-1-1-0' });
    expect(headItem(tables)).toMatchObject({
      status: 'handoff',
      lastAnswered: 0,
    });
  });
});

describe('handoff expire', () => {
  it('expires the open handoff and gives the conversation back', async () => {
    // Prepare
    seedHandoff();
    tables.put(CONVERSATIONS, { ...headItem(tables), status: 'handoff' });

    // Act
    const output = await expire();

    // Assess
    expect(output).toEqual({ handoffId: ID });
    const item = handoffItem();
    expect(item).toMatchObject({ status: 'expired' });
    expect(item?.taskToken).toBeUndefined();
    expect(headItem(tables)).toMatchObject({
      status: 'active',
      handoffUnanswered: true,
    });
    expect(systemMessages()).toEqual([
      expect.objectContaining({
        messageId: `handoff-expired-${ID}`,
        text: UNANSWERED_NOTICE,
      }),
    ]);
  });

  it('tells the customer only once when retried', async () => {
    // Prepare
    seedHandoff();

    // Act
    await expire();
    await expire();

    // Assess
    expect(systemMessages()).toHaveLength(1);
    expect(handoffItem()).toMatchObject({ status: 'expired' });
  });

  it('leaves a handoff an agent decided as it timed out', async () => {
    // Prepare
    seedHandoff({ status: 'resolved' });

    // Act
    await expire();

    // Assess
    expect(handoffItem()).toMatchObject({ status: 'resolved' });
    expect(systemMessages()).toHaveLength(0);
    expect(headItem(tables).handoffUnanswered).toBe(false);
  });
});
