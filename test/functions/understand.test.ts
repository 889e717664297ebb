import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { InvariantError } from '../../functions/shared/errors';
import { clearTenantCache } from '../../functions/shared/tenants';
import { handler } from '../../functions/understand/handler';
import { classifyIntent } from '../../functions/understand/intent';
import { understand } from '../../functions/understand/understand';
import { FakeTables } from './workflow-steps/fake-tables';
import {
  head,
  lambdaContext,
  message,
  ref,
  seedConversation,
  turn,
  turnItem,
} from './workflow-steps/fixtures';

const ddb = mockClient(DynamoDBDocumentClient);
let tables: FakeTables;

const OFFER = 'Would you like me to connect you with a member of our team?';
const BRING_IN = 'Shall I bring in a person from the support team?';
const UPDATE = 'Your order has shipped.';

beforeEach(() => {
  ddb.reset();
  clearTenantCache();
  tables = new FakeTables(ddb);
  delete process.env.MAX_TURNS_PER_EXECUTION;
});

describe('classifyIntent', () => {
  it.each([
    [['Can I talk to a human?'], UPDATE, 'handoff_request', 'handoff'],
    [['agent please'], UPDATE, 'handoff_request', 'handoff'],
    [['I want a real person now'], UPDATE, 'handoff_request', 'handoff'],
    [['Let me speak to your manager'], UPDATE, 'handoff_request', 'handoff'],
    [['yes please'], OFFER, 'handoff_request', 'handoff'],
    [['Sure'], OFFER, 'handoff_request', 'handoff'],
    [['ok'], BRING_IN, 'handoff_request', 'handoff'],
    [['yes please'], UPDATE, 'general', 'answer'],
    [['no, not yet'], OFFER, 'general', 'answer'],
    [['Hello!'], UPDATE, 'greeting', 'answer'],
    [['hi', 'good morning'], UPDATE, 'greeting', 'answer'],
    [['Thanks so much!'], UPDATE, 'thanks', 'answer'],
    [['Where is my order #W1234567?'], UPDATE, 'general', 'answer'],
    [['The person who delivered it was rude'], UPDATE, 'general', 'answer'],
    [['hi, where is my refund?'], UPDATE, 'general', 'answer'],
  ])('reads %j after %j as %s', (texts, lastAssistant, intent, route) => {
    // Act
    const result = classifyIntent(texts, lastAssistant);

    // Assess
    expect(result).toMatchObject({ intent, route });
    expect(result.confidence).toBeGreaterThan(0);
  });
});

describe('understand', () => {
  it('opens the next turn over the customer messages after lastAnswered', async () => {
    // Prepare
    seedConversation(tables, {
      head: head({ lastSequence: 5, lastAnswered: 2 }),
      messages: [
        message(1, 'customer', 'hi'),
        message(2, 'assistant', 'Hello, how can I help?'),
        message(3, 'customer', 'Where is my order?'),
        message(4, 'system', 'notice'),
        message(5, 'customer', 'It is #W1234567'),
      ],
    });

    // Act
    const output = await understand({ ...ref(), previousIndex: 2 });

    // Assess
    expect(output).toEqual({
      index: 3,
      route: 'answer',
      intent: 'general',
      continueAfter: false,
      nextSegment: 2,
      nextExecutionName: 'acme_conv-1_2',
    });
    const stored = turnItem(tables, 3);
    expect(stored).toMatchObject({ sequences: [3, 5], language: 'en' });
    expect(stored.latencyMs.understand).toBeGreaterThanOrEqual(0);
  });

  it('routes to a human when the customer accepts the offer of a person', async () => {
    // Prepare
    seedConversation(tables, {
      head: head({ lastSequence: 3, lastAnswered: 1 }),
      messages: [
        message(1, 'customer', 'Can I change my flight?'),
        message(2, 'assistant', OFFER),
        message(3, 'customer', 'yes please'),
      ],
    });

    // Act
    const output = await understand({ ...ref(), previousIndex: 0 });

    // Assess
    expect(output).toMatchObject({
      route: 'handoff',
      intent: 'handoff_request',
    });
  });

  it('reuses the turn an earlier attempt opened', async () => {
    // Prepare
    const earlier = turn({ index: 1, sequences: [1], intent: 'greeting' });
    seedConversation(tables, {
      messages: [message(1, 'customer', 'hi'), message(2, 'customer', 'help')],
      turns: [earlier],
    });

    // Act
    const output = await understand({ ...ref(), previousIndex: 0 });

    // Assess
    expect(output).toMatchObject({ index: 1, intent: 'greeting' });
    expect(turnItem(tables, 1)).toMatchObject({
      sequences: [1],
      startedAt: earlier.startedAt,
    });
  });

  it('throws InvariantError when no customer message waits', async () => {
    // Prepare
    seedConversation(tables, {
      head: head({ lastSequence: 2, lastAnswered: 1 }),
      messages: [
        message(1, 'customer', 'hi'),
        message(2, 'assistant', 'Hello'),
      ],
    });

    // Act
    const act = understand({ ...ref(), previousIndex: 1 });

    // Assess
    await expect(act).rejects.toThrow(InvariantError);
    await expect(act).rejects.toThrow(/no customer message after sequence 1/);
  });

  it.each([
    [undefined, 38, false],
    [undefined, 39, true],
    ['3', 1, false],
    ['3', 2, true],
  ])(
    'with MAX_TURNS_PER_EXECUTION=%s continues after turn %i+1: %s',
    async (max, previousIndex, continueAfter) => {
      // Prepare
      if (max) process.env.MAX_TURNS_PER_EXECUTION = max;
      seedConversation(tables, { messages: [message(1, 'customer', 'hi')] });

      // Act
      const output = await understand({ ...ref(), previousIndex });

      // Assess
      expect(output.continueAfter).toBe(continueAfter);
    },
  );

  it('validates the workflow payload in the handler', async () => {
    // Prepare
    seedConversation(tables, { messages: [message(1, 'customer', 'hi')] });

    // Act
    const ok = handler({ ...ref(), previousIndex: 0 }, lambdaContext());
    const bad = handler({ ...ref(), previousIndex: -1 }, lambdaContext());

    // Assess
    await expect(ok).resolves.toMatchObject({ index: 1, intent: 'greeting' });
    await expect(bad).rejects.toMatchObject({ name: 'ValidationError' });
  });
});
